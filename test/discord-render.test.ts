/**
 * Every view of every chat command, rendered for Discord from the real catalog (and from
 * deliberately oversized views built on real ones), passes the limit check; truncation is visible.
 */
import { MessageFlags, type APIEmbed } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCommand, helpView } from '../commands/index.js';
import { runCommand } from '../commands/run.js';
import { createApp, ensureCatalog, type App } from '../src/bootstrap.js';
import type { Capability, Product } from '../src/core/domain.js';
import type { AlternativesView, CompareView, ProductView, SearchView, TopView, View } from '../src/core/views.js';
import { createMemoryActionStore, decodeAction, encodeAction } from '../src/chat/actions.js';
import { optionType } from '../src/chat/dispatch.js';
import {
  capabilityPages,
  DISCORD_LIMITS,
  discordLimitProblems,
  embedsSize,
  escapeText,
  fitLines,
  fitsDiscordLimits,
  renderCapabilities,
  renderView,
  safe,
  type DiscordMessage,
} from '../src/platforms/discord/render.js';

let app: App;
let products: Product[];
const ids = createMemoryActionStore();
const sizes: Array<{ label: string; size: number }> = [];

function text(msg: DiscordMessage): string {
  const parts = [msg.content ?? ''];
  for (const e of msg.embeds) {
    parts.push(e.title ?? '', e.description ?? '', e.footer?.text ?? '');
    for (const f of e.fields ?? []) parts.push(f.name, f.value);
  }
  for (const r of msg.components) for (const b of r.components) parts.push('label' in b ? (b.label ?? '') : '');
  return parts.join('\n');
}

function check(label: string, msg: DiscordMessage): DiscordMessage {
  expect(discordLimitProblems(msg), label).toEqual([]);
  expect(msg.allowed_mentions, label).toEqual({ parse: [] });
  sizes.push({ label, size: embedsSize(msg) });
  return msg;
}

async function run(command: string, options: Record<string, unknown>): Promise<View> {
  return runCommand(findCommand(command)!, options, app.core);
}

/** runs with product ids as the names, as autocomplete choices and buttons send them (the core takes an exact id as chosen) */
async function runIds(command: string, options: Record<string, string | number | boolean>, _idOptions: string[]): Promise<View> {
  return run(command, options);
}

function render(view: View, command = 'compare', options: Record<string, string | number | boolean> = {}): DiscordMessage {
  return renderView(view, { actions: ids, invocation: { command, options } });
}

/** the n products with the largest f */
function most(f: (p: Product) => number, n = 3): Product[] {
  return [...products].sort((a, b) => f(b) - f(a) || (a.id < b.id ? -1 : 1)).slice(0, n);
}

const capText = (p: Product) => p.capabilities.reduce((n, c) => n + c.title.length + c.description.length + c.unique.length + c.vsAlternatives.length, 0);

beforeAll(async () => {
  app = createApp(':memory:');
  await ensureCatalog(app.core);
  products = await app.core.products();
});

afterAll(() => {
  const largest = (real: boolean) =>
    [...sizes]
      .filter((s) => s.label.startsWith('oversized') !== real)
      .sort((a, b) => b.size - a.size)
      .slice(0, 3)
      .map((s) => `${s.size} ${s.label}`)
      .join('; ');
  console.info(`Discord renders checked: ${sizes.length}; largest embeds in characters (limit 6000): real ${largest(true)}; oversized ${largest(false)}`);
  app?.close();
});

describe('Discord renderer: real views', () => {
  it('compare: the seed pair, three products, and the largest products of the catalog', async () => {
    const seed = (await run('compare', { first: 'llama 3.2 1b', second: 'gemini' })) as CompareView;
    expect(seed.kind).toBe('compare');
    check('compare seed', render(seed));

    const three = await run('compare', { first: 'llama 3.2 1b', second: 'gemini', third: 'gpt-4o' });
    expect(three.kind).toBe('compare');
    const m3 = check('compare 3', render(three));
    expect(m3.components[0]!.components).toHaveLength(4);

    const groups: Array<[string, Product[]]> = [
      ['most capability text', most(capText)],
      ['most capabilities', most((p) => p.capabilities.length)],
      ['longest names', most((p) => p.name.length)],
      ['longest ids', most((p) => p.id.length)],
      ['longest descriptions', most((p) => p.description.length)],
      ['most providers', most((p) => p.providers.length)],
    ];
    for (const [label, ps] of groups) {
      for (const n of [2, 3]) {
        const opts = { first: ps[0]!.id, second: ps[1]!.id, ...(n === 3 ? { third: ps[2]!.id } : {}) };
        const v = await runIds('compare', opts, Object.keys(opts));
        expect(v.kind, `${label} ${n}`).toBe('compare');
        const msg = check(`compare ${n} ${label}`, render(v));
        const caps = msg.components[0]!.components[0]! as { custom_id: string };
        // ids that do not fit a custom_id travel through the action store, and come back intact
        const decoded = await decodeAction(caps.custom_id, ids, optionType);
        expect(decoded.ok && decoded.invocation.command).toBe('capabilities');
        const idsOption = decoded.ok ? String(decoded.invocation.options.ids) : '';
        expect(idsOption.split(',').map(decodeURIComponent)).toEqual(ps.slice(0, n).map((p) => p.id));
      }
    }
  });

  it('alternatives: with and without filters, at the largest limit, for the largest products', async () => {
    const targets = [...most(capText, 2), ...most((p) => p.name.length, 2), products.find((p) => p.id === 'gemini')!];
    for (const p of targets) {
      const variants: Array<Record<string, string | number | boolean>> = [{}, { cheaper: true }, { type: 'model' }, { type: 'product', limit: 10 }, { limit: 10 }];
      for (const opts of variants) {
        const v = await runIds('alternatives', { product: p.id, ...opts }, ['product']);
        expect(v.kind).toBe('alternatives');
        check(`alternatives ${p.id} ${JSON.stringify(opts)}`, render(v, 'alternatives', { product: p.id }));
      }
    }
    // gemini is a product; no model in the catalog is cheaper than it, so this finds nothing
    const none = (await run('alternatives', { product: 'gemini', cheaper: true, type: 'model' })) as AlternativesView;
    expect(none.kind).toBe('alternatives');
    expect(none.alternatives).toEqual([]);
    expect(text(check('alternatives none', render(none, 'alternatives')))).toMatch(/No alternatives found/);
  });

  it('product: every product of the catalog, and its capability pages', async () => {
    let productViews = 0;
    for (const p of products) {
      const v = await runIds('product', { name: p.id }, ['name']);
      if (v.kind === 'product') productViews++;
      check(`product ${p.id}`, render(v, 'product', { name: p.id }));
      const pages = capabilityPages([p]);
      let fields = 0;
      for (let i = 0; i < pages.length; i++) {
        const msg = check(`capabilities ${p.id} page ${i}`, renderCapabilities({ kind: 'capabilities', products: [p], page: i }, { actions: ids }));
        expect(msg.flags).toBe(MessageFlags.Ephemeral);
        fields += msg.embeds.reduce((n, e) => n + (e.fields ?? []).length, 0);
      }
      expect(fields, p.id).toBe(p.capabilities.length);
    }
    expect(productViews).toBe(products.length);
  });

  it('product and compare show a model\'s offers with their prices', async () => {
    const fieldOf = (msg: DiscordMessage, name: string) => msg.embeds[0]!.fields!.find((f) => f.name.endsWith(name));
    const oss = check('product offers', render(await run('product', { name: 'openai: gpt-oss-120b' }), 'product'));
    expect(fieldOf(oss, 'Offers (1, USD per 1M tokens)')?.value).toBe('Free copy: openai/gpt-oss-120b:free $0 in / $0 out');
    const cmp = check('compare offers', render(await run('compare', { first: 'gpt-oss-120b', second: 'gemini 3.1 pro' })));
    expect(fieldOf(cmp, 'Google: Gemini 3.1 Pro Preview · Offers (2, USD per 1M tokens)')?.value).toBe(
      'Alias: ~google/gemini-pro-latest $2 in / $12 out\nVariant: google/gemini-3.1-pro-preview-customtools $2 in / $12 out',
    );
    // the seed pair has no offers and no offers field
    const seed = render(await run('compare', { first: 'llama 3.2 1b', second: 'gemini' }));
    expect(seed.embeds[0]!.fields!.some((f) => f.name.includes('Offers'))).toBe(false);
  });

  it('product: curated facts make a Sources field linking each fact to its page', async () => {
    const v = (await runIds('product', { name: 'claude-code' }, ['name'])) as ProductView;
    expect(v.facts.length).toBeGreaterThan(0);
    const msg = check('product claude-code', render(v, 'product', { name: 'claude-code' }));
    const sources = msg.embeds[0]!.fields!.find((f) => f.name === 'Sources');
    expect(sources?.value).toBe(
      '[Vendor](https://support.anthropic.com/en/articles/11145838-using-claude-code-with-your-pro-or-max-plan) · [Pricing](https://support.anthropic.com/en/articles/11145838-using-claude-code-with-your-pro-or-max-plan) · [Powered by](https://support.claude.com/de/articles/11940350-claude-code-modell-konfiguration) · [Rivals](https://www.snapback.dev/blog/how-to-choose-ai-assistant-2026)',
    );
    const plain = check('product gpt-4o', render((await runIds('product', { name: 'openai/gpt-4o' }, ['name'])) as ProductView, 'product'));
    expect(plain.embeds[0]!.fields!.some((f) => f.name === 'Sources')).toBe(false);
  });

  it('top: overall, by type, and in every category at limit 25', async () => {
    const cats = [...new Set(products.map((p) => p.category))];
    const runs: Array<Record<string, unknown>> = [{}, { limit: 25 }, { limit: 25, type: 'model' }, { limit: 25, type: 'product' }];
    for (const c of cats) runs.push({ category: c, limit: 25 });
    for (const o of runs) {
      const v = (await run('top', o)) as TopView;
      expect(v.kind).toBe('top');
      const msg = check(`top ${JSON.stringify(o)}`, render(v, 'top'));
      const lines = (msg.embeds[0]!.description ?? '').split('\n');
      expect(lines.length).toBe(v.rows.length === 0 ? 1 : v.rows.length + v.notes.length);
      for (const n of v.notes) expect(lines).toContain(`-# ${n}`);
    }
  });

  it('top: a wide tie says so under the list (Productivity holds a long tie on thin evidence)', async () => {
    const v = (await run('top', { category: 'Productivity', limit: 15 })) as TopView;
    expect(v.notes).toHaveLength(1);
    const [, at, width] = /^#(\d+) is a (\d+)-way tie at [\d.]+\/100, on evidence too thin to tell them apart .*listed by id, not by merit\.$/.exec(v.notes[0]!)!.map(Number);
    const tied = v.rows.filter((r) => r.position === at);
    expect(tied.length).toBeGreaterThanOrEqual(3);
    expect(width).toBeGreaterThanOrEqual(tied.length);
    expect(new Set(tied.map((r) => r.rank)).size).toBe(1);
    const description = render(v, 'top').embeds[0]!.description!;
    expect(description.endsWith(`-# ${v.notes[0]}`)).toBe(true);
    // a list without a wide tie at its top has no note about it
    const coding = (await run('top', { category: 'Coding', limit: 5 })) as TopView;
    const widest = Math.max(...coding.rows.map((r) => coding.rows.filter((x) => x.position === r.position).length));
    expect(widest).toBeLessThan(3);
    expect(coding.notes).toEqual([]);
  });

  it('compare: a verdict that names no winner says which kind in the field name', async () => {
    // Ollama's 42 vs LM Studio's 33 rests on signals LM Studio has no evidence for: no call, not "too close"
    const open = render(await run('compare', { first: 'ollama', second: 'lm studio' }));
    const verdict = open.embeds[0]!.fields!.find((f) => f.name.startsWith('Verdict'))!;
    expect(verdict.name).toBe('Verdict: no clear call');
    expect(verdict.value).toMatch(/^No clear call: Ollama scores higher at \d+\/100 vs LM Studio at \d+\/100, but no signal backs the gap with evidence on both sides\./);
    const tie = render(await run('compare', { first: 'chatgpt', second: 'gemini' }));
    expect(tie.embeds[0]!.fields!.find((f) => f.name.startsWith('Verdict'))!.name).toBe('Verdict: too close to call');
  });

  it('compare: the matrix shows shared, only in each and (for three) in some', async () => {
    const seed = render(await run('compare', { first: 'llama 3.2 1b', second: 'gemini' }));
    const fields = new Map(seed.embeds[0]!.fields!.map((f) => [f.name, f.value]));
    expect(fields.get("Verdict")).toMatch(/^gemini scores higher at \d+\/100/);
    expect(fields.get('Shared capabilities')).toBe('Text generation, Chat');
    expect(fields.get('Only in Meta: Llama 3.2 1B Instruct')).toBe('Summarization, Multilingual and translation, Open weights, Self-hostable');
    expect(fields.get('Only in gemini')).toBe('Writing assistance, Code, Image understanding, Image generation, Research, Free tier');

    const three = (await run('compare', { first: 'llama 3.2 1b', second: 'gemini', third: 'gpt-4o' })) as CompareView;
    const [a, b, c] = three.products.map((p) => p.id);
    const v: CompareView = {
      ...three,
      capabilityMatrix: [
        { tag: 'chat', label: 'Chat', has: { [a!]: true, [b!]: true, [c!]: true } },
        { tag: 'code', label: 'Code', has: { [a!]: true, [b!]: true, [c!]: false } },
        { tag: 'music', label: 'Music generation', has: { [a!]: false, [b!]: false, [c!]: true } },
      ],
    };
    const f3 = new Map(check('compare 3 matrix', render(v)).embeds[0]!.fields!.map((f) => [f.name, f.value]));
    expect(f3.get('Shared capabilities')).toBe('Chat');
    expect(f3.get(`Only in ${three.products[0]!.name}`)).toBe('—');
    expect(f3.get(`Only in ${three.products[2]!.name}`)).toBe('Music generation');
    expect(f3.get('In some')).toMatch(/^Code \(/);
  });

  it('search: real searches, with filters, and one that finds nothing', async () => {
    // each case with whether it finds two or more results (and so offers a Compare button)
    const cases: Array<[Record<string, string | number | boolean>, boolean]> = [
      [{ query: 'transcribe meetings' }, true],
      [{ query: 'transcribe meetings', limit: 25 }, true],
      [{ query: 'image generation free', limit: 25 }, true],
      [{ query: 'coding assistant', type: 'product', limit: 25 }, true],
      [{ query: 'open weights model with long context', 'max-price': 1, limit: 25 }, true],
      [{ query: 'text to speech', free: true }, true],
      [{ query: 'x'.repeat(3000) }, false],
      [{ query: '"(((NEAR*' }, true],
    ];
    for (const [o, several] of cases) {
      const v = await run('search', o);
      expect(v.kind).toBe('search');
      const msg = check(`search ${JSON.stringify(o).slice(0, 60)}`, render(v, 'search', o));
      const sv = v as SearchView;
      expect(msg.embeds[0]!.fields ?? []).toHaveLength(sv.results.length);
      expect(msg.flags).toBeUndefined();
      for (const f of msg.embeds[0]!.fields ?? []) expect(f.value).toContain('**Why:** ');
      const label = JSON.stringify(o).slice(0, 60);
      expect(sv.results.length >= 2, label).toBe(several);
      const compare = msg.components.flatMap((r) => r.components).filter((b) => 'label' in b && /^Compare /.test(b.label ?? ''));
      expect(compare.length, label).toBe(several ? 1 : 0);
      // when offered, it is the first button
      expect(compare[0] !== undefined && msg.components[0]?.components[0] === compare[0], label).toBe(several);
    }
    const none = render(await run('search', { query: 'transcibe' }), 'search');
    check('search none', none);
    expect(none.embeds[0]!.description).toMatch(/Nearest capabilities: Speech to text/);
    expect(none.embeds[0]!.description).toContain('/search speech to text');
    // the same buttons as on every platform: one search per nearest capability
    expect(none.components.flatMap((r) => r.components).map((b) => ('label' in b ? b.label : ''))).toEqual(['Search Speech to text']);
  });

  it('resolution (ambiguous, none, empty) and errors are ephemeral and say what to do', async () => {
    const resolver = await app.core.resolver();
    const q = ['claude', 'gpt', 'mistral', 'qwen', 'gemma', 'llama', 'deepseek'].find((x) => resolver.resolve(x).status === 'ambiguous')!;
    expect(q).toBeDefined();
    const amb = await run('compare', { first: q, second: 'gemini' });
    expect(amb.kind).toBe('resolution');
    const m = check('resolution ambiguous', render(amb, 'compare', { first: q, second: 'gemini' }));
    expect(m.flags).toBe(MessageFlags.Ephemeral);
    const picks = m.components.flatMap((r) => r.components) as Array<{ custom_id: string; label: string }>;
    expect(picks.length).toBeGreaterThan(1);
    // each pick completes the same /compare with this field set to the candidate's id
    const inv = await decodeAction(picks[0]!.custom_id, ids, optionType);
    expect(inv).toEqual({
      ok: true,
      invocation: { command: 'compare', options: { second: 'gemini', first: (amb as { candidates: Array<{ id: string }> }).candidates[0]!.id }, replace: true },
    });

    const none = await run('product', { name: 'zzqx qqzz wvvw' });
    expect(none.kind).toBe('resolution');
    const mn = check('resolution none', render(none, 'product'));
    expect(mn.content).toMatch(/No product matches/);

    const empty = await run('compare', { first: '\u0001', second: 'gemini' });
    check('resolution empty', render(empty));

    for (const [label, cmd, opts] of [
      ['bad limit', 'top', { limit: 99 }],
      ['bad type', 'alternatives', { product: 'gemini', type: 'robot' }],
      ['missing name', 'product', {}],
      ['same product twice', 'compare', { first: 'gemini', second: 'gemini' }],
      ['unknown category', 'top', { category: 'zzzz'.repeat(50) }],
    ] as const) {
      const v = await run(cmd, opts);
      expect(v.kind, label).toBe('error');
      const msg = check(`error ${label}`, render(v, cmd));
      expect(msg.flags).toBe(MessageFlags.Ephemeral);
      expect(msg.content).toMatch(/^⚠️ /);
    }
    const internal = check('error internal', render({ kind: 'error', code: 'internal', message: 'Something went wrong on our side. Please try again in a moment.' }));
    expect(internal.content).toContain('try again');

    const fresh = createApp(':memory:');
    try {
      const nr = await runCommand(findCommand('top')!, {}, fresh.core);
      expect(nr.kind).toBe('error');
      check('error not ready', render(nr, 'top'));
    } finally {
      fresh.close();
    }
    check('help', render(helpView(['Names need not be exact.'])));
    check('resolve', render(await run('resolve', { query: 'gemni' })));
  });
});

describe('Discord renderer: oversized views stay within limits and truncate visibly', () => {
  const EVIL = '@everyone @here <@123> <@&456> <#789> **bold** __under__ ~~s~~ ||spoiler|| `code` [link](https://evil.example) # heading';
  const long = (n: number, seed = 'Lorem ipsum dolor sit amet ') => (EVIL + ' ' + seed.repeat(Math.ceil(n / seed.length))).slice(0, n);
  const capability = (i: number): Capability => ({
    tag: null,
    title: `${i} ${long(300)}`,
    description: long(3000),
    unique: long(2000),
    vsAlternatives: long(2000),
  });

  function noPing(msg: DiscordMessage) {
    const t = text(msg);
    expect(t).not.toMatch(/@everyone|@here|<@&?\d+>|<#\d+>/);
    expect(t).toContain('@\u200beveryone');
  }

  it('a three-way comparison with huge names, 40 capabilities each and a long matrix', async () => {
    const real = (await run('compare', { first: 'llama 3.2 1b', second: 'gemini', third: 'gpt-4o' })) as CompareView;
    const products = real.products.map((p, i) => ({ ...p, name: `${long(300)} ${i}`, category: long(200), capabilities: Array.from({ length: 40 }, (_, k) => capability(k)) }));
    const ids3 = products.map((p) => p.id);
    const matrix = Array.from({ length: 120 }, (_, k) => ({
      tag: `t${k}`,
      label: `${long(60)} ${k}`,
      has: Object.fromEntries(ids3.map((id, j) => [id, (k + j) % 3 !== 0])),
    }));
    const view: CompareView = {
      ...real,
      title: products.map((p) => p.name).join(' vs '),
      summary: long(5000),
      verdict: long(5000),
      products,
      capabilityMatrix: matrix,
      sources: Array.from({ length: 40 }, (_, k) => `${long(100)} ${k}`),
    };
    const msg = check('oversized compare', render(view));
    expect(embedsSize(msg)).toBeLessThanOrEqual(DISCORD_LIMITS.embedsTotal);
    const t = text(msg);
    expect(t).toMatch(/…and \d+ more/);
    expect(msg.embeds[0]!.title!.endsWith('…')).toBe(true);
    noPing(msg);
    for (const b of msg.components.flatMap((r) => r.components) as Array<{ custom_id: string; label: string }>) {
      expect(b.custom_id.length).toBeLessThanOrEqual(DISCORD_LIMITS.customId);
      expect(b.label.length).toBeLessThanOrEqual(DISCORD_LIMITS.buttonLabel);
    }

    // the full capability list: every capability on some page, every page within the limits
    const owners = products.map((p) => ({ id: p.id, name: p.name, capabilities: p.capabilities }));
    const pages = capabilityPages(owners);
    expect(pages.length).toBeGreaterThan(1);
    let shown = 0;
    for (let i = 0; i < pages.length; i++) {
      const page = check(`oversized capabilities page ${i}`, renderCapabilities({ kind: 'capabilities', products: owners, page: i }, { actions: ids }));
      shown += page.embeds.reduce((n, e: APIEmbed) => n + (e.fields ?? []).length, 0);
      expect(page.content).toBe(`Capabilities · page ${i + 1} of ${pages.length}`);
      noPing(page);
      expect(text(page)).toContain('…');
    }
    expect(shown).toBe(120);
  });

  it('a product with a huge description, 200 providers and 50 evidence lines per signal', async () => {
    const real = (await run('product', { name: 'meta-llama/llama-3.2-1b-instruct' })) as ProductView;
    const view: ProductView = {
      ...real,
      card: { ...real.card, name: long(400), vendor: long(300), category: long(200), url: `https://example.com/${'x'.repeat(3000)}`, capabilities: Array.from({ length: 60 }, (_, k) => capability(k)) },
      description: long(10_000),
      providers: Array.from({ length: 200 }, (_, k) => `${long(40)} ${k}`),
      signals: real.signals.map((s) => ({ ...s, evidence: Array.from({ length: 50 }, (_, k) => `${long(500)} ${k}`) })),
      breakdown: real.breakdown.map((b) => ({ ...b, note: long(800) })),
      history: Array.from({ length: 200 }, (_, k) => ({ at: '2026-01-01', score: k % 100, overall: k })),
      facts: Array.from({ length: 60 }, (_, k) => ({ field: k % 2 ? 'pricing' : long(300), value: long(500), source: `https://example.com/(${'y'.repeat(1500)})/${k}`, date: '2026-12-03' })),
    };
    const msg = check('oversized product', render(view, 'product'));
    expect(msg.embeds[0]!.fields!.find((f) => f.name === 'Sources')?.value).toMatch(/ · Pricing · .*…and \d+ more$/s);
    expect(text(msg)).toMatch(/…and 46 more/);
    expect(text(msg)).toMatch(/…and \d+ more/);
    expect(msg.embeds[0]!.url).toBeUndefined();
    noPing(msg);
  });

  it('a model with 60 offers with huge ids, on /product and in a comparison', async () => {
    const real = (await run('product', { name: 'openai/gpt-4o' })) as ProductView;
    const offers = Array.from({ length: 60 }, (_, k) => ({ id: `${long(300)} ${k}`, name: long(300), kind: 'snapshot' as const, promptPerMTok: k, completionPerMTok: null }));
    const view: ProductView = { ...real, card: { ...real.card, offers } };
    const msg = check('oversized offers product', render(view, 'product'));
    expect(text(msg)).toMatch(/Offers \(60, USD per 1M tokens\)/);
    expect(text(msg)).toMatch(/…and \d+ more/);
    noPing(msg);
    const cmp = (await run('compare', { first: 'gpt-4o', second: 'gpt-oss-120b', third: 'gemini 3.1 pro' })) as CompareView;
    const big: CompareView = { ...cmp, products: cmp.products.map((p) => ({ ...p, offers })) };
    const mc = check('oversized offers compare', render(big));
    expect(text(mc)).toMatch(/…and \d+ more/);
    noPing(mc);
  });

  it('top 25 and 10 alternatives with huge names', async () => {
    const top = (await run('top', { limit: 25 })) as TopView;
    const big: TopView = { ...top, category: long(300), rows: top.rows.map((r) => ({ ...r, name: long(500), category: long(300) })) };
    const mt = check('oversized top', render(big, 'top'));
    // 25 rows, then a line per note under the list (a tie note when the overall top holds one)
    expect(mt.embeds[0]!.description!.split('\n')).toHaveLength(25 + top.notes.length);
    noPing(mt);

    const alt = (await run('alternatives', { product: 'gemini', limit: 10 })) as AlternativesView;
    const bigAlt: AlternativesView = {
      ...alt,
      product: { ...alt.product, name: long(500) },
      alternatives: Array.from({ length: 10 }, (_, k) => ({
        ...(alt.alternatives[0] ?? { id: 'x', type: 'product' as const, rank: 1, pricing: { model: null, startingPrice: null, promptPerMTok: null, completionPerMTok: null }, reasons: [] }),
        id: `${'i'.repeat(90)}${k}`,
        name: long(500),
        reasons: Array.from({ length: 30 }, () => long(100)),
      })),
    };
    const ma = check('oversized alternatives', render(bigAlt, 'alternatives'));
    // one Compare per alternative, as on every platform
    expect(ma.components.flatMap((r) => r.components)).toHaveLength(10);
    noPing(ma);
  });

  it('25 search results with huge names and reasons', async () => {
    const real = (await run('search', { query: 'transcribe meetings', limit: 25 })) as SearchView;
    const big: SearchView = {
      ...real,
      query: long(500),
      notes: Array.from({ length: 6 }, () => long(900)),
      understood: { ...real.understood, words: Array.from({ length: 12 }, () => long(40)) },
      results: Array.from({ length: 25 }, (_, k) => ({
        ...real.results[k % real.results.length]!,
        id: `${'i'.repeat(90)}${k}`,
        name: long(500),
        matched: Array.from({ length: 30 }, () => long(100)),
      })),
      sources: Array.from({ length: 40 }, (_, k) => `${long(100)} ${k}`),
    };
    const msg = check('oversized search', render(big, 'search'));
    expect(embedsSize(msg)).toBeLessThanOrEqual(DISCORD_LIMITS.embedsTotal);
    expect(msg.embeds[0]!.title!.endsWith('…')).toBe(true);
    expect(text(msg)).toContain('…');
    noPing(msg);
  });

  it('did-you-mean buttons whose invocation does not fit a custom_id use a short token', async () => {
    const candidates = Array.from({ length: 25 }, (_, k) => ({ id: `vendor/${'m'.repeat(80)}-${k}`, name: `${long(200)} ${k}`, score: 0.8 }));
    const options = { second: long(100), third: long(100) };
    const v: View = { kind: 'resolution', status: 'ambiguous', field: 'first', query: long(60), candidates, message: `"${long(60)}" matches several products. Did you mean one of these?` };
    const msg = check('oversized resolution', renderView(v, { actions: ids, invocation: { command: 'compare', options } }));
    const buttons = msg.components.flatMap((r) => r.components) as Array<{ custom_id: string }>;
    expect(buttons).toHaveLength(25);
    expect(msg.components).toHaveLength(5);
    const inv = await decodeAction(buttons[7]!.custom_id, ids, optionType);
    expect(inv).toEqual({ ok: true, invocation: { command: 'compare', options: { ...options, first: candidates[7]!.id }, replace: true } });
    expect(msg.content!.length).toBeLessThanOrEqual(DISCORD_LIMITS.content);
    expect(msg.content).toMatch(/…and \d+ more/);
    noPing(msg);
  });
});

describe('Discord limit helpers', () => {
  it('the checker reports every broken limit', () => {
    const tooMany: APIEmbed = { title: 't'.repeat(257), fields: Array.from({ length: 26 }, (_, i) => ({ name: `f${i}`, value: 'v'.repeat(300) })) };
    const problems = discordLimitProblems({
      content: 'c'.repeat(2001),
      embeds: [tooMany, { description: 'd'.repeat(4097), footer: { text: 'f'.repeat(2049) }, fields: [{ name: '', value: 'v'.repeat(1025) }] }],
      components: [
        { components: Array.from({ length: 6 }, (_, i) => ({ type: 2, custom_id: i === 5 ? 'x'.repeat(101) : 'same', label: 'l'.repeat(81) })) },
        ...Array.from({ length: 5 }, () => ({ components: [{ type: 2, custom_id: `r${Math.random()}`, label: 'ok' }] })),
      ],
    });
    const expected = ['content', 'characters across embeds', 'embed 0 title', 'embed 0 fields', 'embed 1 description', 'embed 1 footer', 'embed 1 field 0 value', 'field 0 name is empty', 'action rows', 'row 0 buttons', 'button label', 'custom_id "xxx', 'is not unique'];
    for (const e of expected) expect(problems.some((p) => p.includes(e)), e).toBe(true);
    expect(fitsDiscordLimits({ content: 'ok' })).toBe(true);
    expect(fitsDiscordLimits({})).toBe(false);
  });

  it('escaping and visible truncation', () => {
    expect(escapeText('@everyone <@1> <#2> <@&3> </cmd:4> **b**')).toBe('@\u200beveryone <@\u200b1> <\u200b#2> <@\u200b&3> <\u200b/cmd:4> \\*\\*b\\*\\*');
    expect(safe('abc **def** ghi', 9)).toHaveLength(9);
    expect(safe('abc **def** ghi', 9).endsWith('…')).toBe(true);
    expect(fitLines(['aaaa', 'bbbb', 'cccc', 'dddd', 'eeee'], 22)).toBe('aaaa\nbbbb\n…and 3 more');
    expect(fitLines(['aaaa', 'bbbb'], 24)).toBe('aaaa\nbbbb');
  });

  it('an expired or unknown custom_id is recognised as such', async () => {
    let now = 0;
    const store = createMemoryActionStore({ ttlMs: 1000, now: () => now });
    const id = encodeAction({ command: 'product', options: { name: 'x'.repeat(200) } }, DISCORD_LIMITS.customId, store)!;
    expect(id.length).toBeLessThanOrEqual(100);
    expect(await decodeAction(id, store)).toEqual({ ok: true, invocation: { command: 'product', options: { name: 'x'.repeat(200) }, replace: false } });
    now = 2000;
    expect(await decodeAction(id, store)).toEqual({ ok: false, reason: 'expired' });
    expect(await decodeAction('someone-else:button', store)).toEqual({ ok: false, reason: 'not_ours' });
    expect(encodeAction({ command: 'alternatives', options: { product: 'gemini' } }, DISCORD_LIMITS.customId, store)).toBe('mg:alternatives?product=gemini');
  });
});
