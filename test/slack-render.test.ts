import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAction } from '../src/chat/actions.js';
import { CHAT_COMMANDS, findCommand, helpView } from '../commands/index.js';
import { runCommand } from '../commands/run.js';
import { createApp, ensureCatalog, type App } from '../src/bootstrap.js';
import type { Capability, Product } from '../src/core/domain.js';
import type { AlternativesView, CompareView, ProductView, SearchView, TopView, View } from '../src/core/views.js';
import { mentionHelpView } from '../src/platforms/slack/handlers.js';
import { buildHomeView, placeholderSubscriptionsSection } from '../src/platforms/slack/home.js';
import {
  escapeMrkdwn,
  fitsSlackLimits,
  messageLength,
  renderCapabilities,
  renderSlack,
  SLACK_LIMITS,
  slackLimitProblems,
  type SlackMessage,
} from '../src/platforms/slack/render.js';

let app: App;
let products: Product[];

async function run(command: string, options: Record<string, unknown>): Promise<{ view: View; message: SlackMessage }> {
  const view = await runCommand(findCommand(command)!, options, app.core);
  return { view, message: renderSlack(view, { command, options }) };
}

/** Every text object's text, with whether it is mrkdwn. */
function texts(message: { text?: string; blocks: unknown[] }): Array<{ mrkdwn: boolean; text: string }> {
  const out: Array<{ mrkdwn: boolean; text: string }> = [];
  if (message.text !== undefined) out.push({ mrkdwn: true, text: message.text });
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    if ((o.type === 'mrkdwn' || o.type === 'plain_text') && typeof o.text === 'string') out.push({ mrkdwn: o.type === 'mrkdwn', text: o.text });
    else Object.values(o).forEach(walk);
  };
  walk(message.blocks);
  return out;
}

const allText = (m: SlackMessage) => texts(m).map((t) => t.text).join('\n');

function expectFits(m: { text?: string; blocks: unknown[] }, label: string, opts = {}) {
  expect(slackLimitProblems(m, opts), label).toEqual([]);
  expect(fitsSlackLimits(m, opts)).toBe(true);
}

const largest = { blocks: 0, chars: 0, label: '' };
function track(m: SlackMessage, label: string) {
  const chars = messageLength(m);
  if (chars > largest.chars) Object.assign(largest, { chars, label });
  largest.blocks = Math.max(largest.blocks, m.blocks.length);
}

beforeAll(async () => {
  app = createApp(':memory:');
  await ensureCatalog(app.core);
  products = await app.core.products();
});
afterAll(() => {
  process.stdout.write(`slack render: largest message ${largest.chars} characters (${largest.label}), most blocks ${largest.blocks}\n`);
  app?.close();
});

const capsChars = (p: Product) => p.capabilities.reduce((n, c) => n + c.title.length + c.description.length + c.unique.length + c.vsAlternatives.length, 0);

describe('compare card', () => {
  it('holds every seed field for /compare llama 3.2 1b vs gemini', async () => {
    const { view, message } = await run('compare', { first: 'llama 3.2 1b', second: 'gemini' });
    expect(view.kind).toBe('compare');
    expectFits(message, 'seed compare');
    track(message, 'seed compare');
    const text = allText(message);
    expect(message.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Meta: Llama 3.2 1B Instruct vs gemini' } });
    for (const label of ['Type:', 'UnfragileRank:', 'Rank:', 'Adoption:', 'Quality:', 'Ecosystem:', 'Match Graph:', 'Pricing:', 'Starting Price:', 'Per 1M tokens:', 'Capabilities:', 'Times Matched:']) {
      const fields = (message.blocks[2] as { fields: Array<{ text: string }> }).fields;
      expect(fields).toHaveLength(2);
      for (const f of fields) expect(f.text, label).toContain(`*${label}*`);
    }
    expect(text).toContain('$2.70e-8 per prompt token');
    expect(text).toContain('5 decomposed');
    expect(text).toContain('3 decomposed');
    expect(text).toMatch(/#\d+ of \d+ in Text models/);
    expect(text).toContain('*Verdict*');
    expect(text).toContain((view as CompareView).verdict);
    expect(text).toContain('*Capability matrix*');
    expect(text).toContain('*Shared:*');
    expect(text).toContain('*Only in gemini:*');
    expect(text).toMatch(/data as of \d{4}-\d{2}-\d{2} · /);
    const buttons = message.blocks.flatMap((b) => (b.type === 'actions' ? b.elements : [])) as Array<{ text: { text: string } }>;
    expect(buttons.map((b) => b.text.text)).toEqual([
      'Capabilities',
      'Alternatives to Meta: Llama 3.2 1B Instruct',
      'Alternatives to gemini',
      'Subscribe to Meta: Llama 3.2 1B Instruct',
      'Subscribe to gemini',
    ]);
    expect(message.text).toContain('Meta: Llama 3.2 1B Instruct vs gemini');
  });

  it('fits for three products and for the products with the most capability text', async () => {
    const three = await run('compare', { first: 'gpt-4o', second: 'claude', third: 'gemini' });
    expect(three.view.kind).toBe('compare');
    expect((three.message.blocks[2] as { fields: unknown[] }).fields).toHaveLength(3);
    expectFits(three.message, 'compare 3');
    track(three.message, 'compare 3');

    const heavy = [...products].sort((a, b) => capsChars(b) - capsChars(a)).slice(0, 3);
    const big = await run('compare', { first: heavy[0]!.id, second: heavy[1]!.id, third: heavy[2]!.id });
    expect(big.view.kind).toBe('compare');
    expectFits(big.message, 'compare heaviest 3');
    track(big.message, 'compare heaviest 3');
    const big2 = await run('compare', { first: heavy[0]!.id, second: heavy[1]!.id });
    expectFits(big2.message, 'compare heaviest 2');
    track(big2.message, 'compare heaviest 2');
  });

  it('cuts oversized capability lists visibly and stays within every limit', async () => {
    const { view } = await run('compare', { first: 'llama 3.2 1b', second: 'gemini' });
    const cap = (i: number): Capability => ({
      tag: null,
      title: `Capability ${i} ${'t'.repeat(300)}`,
      description: 'd'.repeat(3000),
      unique: 'u'.repeat(2500),
      vsAlternatives: 'v'.repeat(2500),
    });
    const v = view as CompareView;
    const huge: CompareView = {
      ...v,
      title: 'x'.repeat(400),
      summary: 's'.repeat(5000),
      verdict: 'v'.repeat(5000),
      products: v.products.map((p) => ({ ...p, name: 'N'.repeat(300), capabilities: Array.from({ length: 40 }, (_, i) => cap(i)) })),
      capabilityMatrix: Array.from({ length: 60 }, (_, i) => ({ tag: `t${i}`, label: `Label ${i}`, has: Object.fromEntries(v.products.map((p, j) => [p.id, (i + j) % 2 === 0])) })),
      sources: Array.from({ length: 30 }, (_, i) => `Source ${i}`),
    };
    const m = renderSlack(huge);
    expectFits(m, 'huge compare');
    track(m, 'synthetic huge compare');
    expect(allText(m)).toMatch(/…and \d+ more capabilities \(press Capabilities\)/);
    expect(allText(m)).toMatch(/…and \d+ more/);
    expect((m.blocks[0] as { text: { text: string } }).text.text.endsWith('…')).toBe(true);
  });
});

describe('capability matrix', () => {
  it('shows shared, only in each, and in some for three products', async () => {
    const { view } = await run('compare', { first: 'llama 3.2 1b', second: 'gemini', third: 'gpt-4o' });
    expect(view.kind).toBe('compare');
    const v = view as CompareView;
    const [a, b, c] = v.products.map((p) => p.id);
    const m = renderSlack({
      ...v,
      capabilityMatrix: [
        { tag: 'chat', label: 'Chat', has: { [a!]: true, [b!]: true, [c!]: true } },
        { tag: 'code', label: 'Code', has: { [a!]: true, [b!]: true, [c!]: false } },
        { tag: 'music', label: 'Music generation', has: { [a!]: false, [b!]: false, [c!]: true } },
      ],
    });
    expectFits(m, 'matrix 3');
    const text = allText(m);
    expect(text).toContain('*Shared:* Chat');
    expect(text).toContain(`*Only in ${escapeMrkdwn(v.products[0]!.name)}:* —`);
    expect(text).toContain(`*Only in ${escapeMrkdwn(v.products[2]!.name)}:* Music generation`);
    expect(text).toMatch(/\*In some:\* Code \(/);
  });

  it('the seed pair card lists shared and one-sided capabilities', async () => {
    const { message } = await run('compare', { first: 'llama 3.2 1b', second: 'gemini' });
    const text = allText(message);
    expect(text).toContain('*Shared:* Text generation, Chat');
    expect(text).toContain('*Only in Meta: Llama 3.2 1B Instruct:* Summarization, Multilingual and translation, Open weights, Self-hostable');
    expect(text).toContain('*Only in gemini:* Writing assistance, Code, Image understanding, Image generation, Research, Free tier');
  });
});

describe('search results', () => {
  it('real searches fit, each result with why and a Details button', async () => {
    const cases: Array<Record<string, unknown>> = [
      { query: 'transcribe meetings', limit: 25 },
      { query: 'image generation free', limit: 25 },
      { query: 'coding assistant', limit: 25, type: 'product' },
      { query: 'open weights model with long context', limit: 25, 'max-price': 1 },
      { query: 'text to speech', free: true },
      { query: 'x'.repeat(3000) },
    ];
    for (const options of cases) {
      const { view, message } = await run('search', options);
      expect(view.kind).toBe('search');
      const v = view as SearchView;
      const label = `search ${JSON.stringify(options).slice(0, 80)}`;
      expectFits(message, label);
      track(message, label);
      expect((message.blocks[0] as { text: { text: string } }).text.text.startsWith('Search: ')).toBe(true);
      const rows = message.blocks.filter((b) => b.type === 'section' && 'accessory' in b && b.accessory) as Array<{ text: { text: string }; accessory: { value: string } }>;
      expect(rows.length).toBe(v.results.length);
      for (const [i, r] of rows.entries()) {
        expect(r.text.text).toContain('_why:_ ');
        expect(await decodeAction(r.accessory.value, null)).toEqual({ ok: true, invocation: { command: 'product', options: { name: v.results[i]!.id }, replace: false } });
      }
    }
  });

  it('a search that finds nothing offers the nearest capabilities as buttons', async () => {
    const { view, message } = await run('search', { query: 'transcibe' });
    expect((view as SearchView).results).toEqual([]);
    expectFits(message, 'search none');
    const buttons = message.blocks.flatMap((b) => (b.type === 'actions' ? b.elements : [])) as Array<{ text: { text: string }; value: string }>;
    expect(buttons[0]!.text.text).toBe('Search Speech to text');
    expect(await decodeAction(buttons[0]!.value, null)).toEqual({ ok: true, invocation: { command: 'search', options: { query: 'Speech to text' }, replace: false } });
    expect(allText(message)).toContain('Nearest capabilities: Speech to text');
  });

  it('an oversized result list is cut visibly and stays within every limit', async () => {
    const real = (await run('search', { query: 'transcribe meetings', limit: 25 })).view as SearchView;
    const huge: SearchView = {
      ...real,
      query: 'q'.repeat(400),
      notes: Array.from({ length: 5 }, (_, i) => `${i} ${'n'.repeat(800)}`),
      results: Array.from({ length: 25 }, (_, i) => ({
        ...real.results[i % real.results.length]!,
        id: `${'i'.repeat(140)}${i}`,
        name: 'N'.repeat(400),
        matched: Array.from({ length: 40 }, () => 'description mentions ' + "'m'".repeat(30)),
      })),
    };
    const m = renderSlack(huge);
    expectFits(m, 'oversized search');
    track(m, 'synthetic oversized search');
    expect(allText(m)).toMatch(/…and \d+ more results/);
  });
});

describe('other views', () => {
  it('alternatives fit, with a Compare button per alternative', async () => {
    for (const q of ['notion ai', 'cursor', 'gpt-4o', 'midjourney']) {
      const { view, message } = await run('alternatives', { product: q, limit: 10 });
      expect(view.kind, q).toBe('alternatives');
      expectFits(message, `alternatives ${q}`);
      track(message, `alternatives ${q}`);
      const accessories = message.blocks.filter((b) => b.type === 'section' && 'accessory' in b && b.accessory);
      expect(accessories.length).toBe((view as { alternatives: unknown[] }).alternatives.length);
    }
    const cheaper = await run('alternatives', { product: 'gpt-4o', cheaper: true, type: 'model', limit: 10 });
    expect(allText(cheaper.message)).toContain('cheaper only, models only');
    expectFits(cheaper.message, 'alternatives cheaper');
  });

  it('a product card with curated facts has a Sources line linking each fact to its page', async () => {
    const { view, message } = await run('product', { name: 'claude-code' });
    expect(view.kind).toBe('product');
    const help = 'https://support.anthropic.com/en/articles/11145838-using-claude-code-with-your-pro-or-max-plan';
    expect(allText(message)).toContain(`*Sources:* <${help}|Vendor> · <${help}|Pricing>`);
    expectFits(message, 'product claude-code');
    expect(allText((await run('product', { name: 'openai/gpt-4o' })).message)).not.toContain('*Sources:*');
  });

  it('every product card in the catalog fits', async () => {
    // by id, as buttons and did-you-mean choices send it: every product resolves to its own card
    let count = 0;
    for (const p of products) {
      const { view, message } = await run('product', { name: p.id });
      expect(view.kind, p.id).toBe('product');
      expect((view as ProductView).card.id).toBe(p.id);
      count++;
      expectFits(message, `product ${p.id}`);
      track(message, `product ${p.id}`);
    }
    expect(count).toBe(products.length);
  }, 120_000);

  it('product and compare cards show a model\'s offers with their prices, and stay within limits with many', async () => {
    const oss = await run('product', { name: 'openai: gpt-oss-120b' });
    expectFits(oss.message, 'product offers');
    expect(allText(oss.message)).toContain('*Offers (1, USD per 1M tokens)*\n• Free copy: openai/gpt-oss-120b:free $0 in / $0 out');
    const cmp = await run('compare', { first: 'gpt-oss-120b', second: 'gemini 3.1 pro' });
    expectFits(cmp.message, 'compare offers');
    expect(allText(cmp.message)).toContain('*Offers (2, USD per 1M tokens)*\n• Alias: \u223cgoogle/gemini-pro-latest $2 in / $12 out\n• Variant: google/gemini-3.1-pro-preview-customtools $2 in / $12 out');
    const seed = await run('compare', { first: 'llama 3.2 1b', second: 'gemini' });
    expect(allText(seed.message)).not.toContain('Offers');

    const offers = Array.from({ length: 60 }, (_, k) => ({ id: `${'o'.repeat(300)} ${k}`, name: 'n', kind: 'free' as const, promptPerMTok: 0, completionPerMTok: 0 }));
    const v = cmp.view as CompareView;
    const big = renderSlack({ ...v, products: v.products.map((p) => ({ ...p, offers })) });
    expectFits(big, 'compare with 60 offers each');
    expect(allText(big)).toContain('…and 56 more offers');
    const pv = oss.view as ProductView;
    const bigProduct = renderSlack({ ...pv, card: { ...pv.card, offers } });
    expectFits(bigProduct, 'product with 60 offers');
    expect(allText(bigProduct)).toContain('…and 52 more offers');
  });

  it('top 25 overall and for every category fits', async () => {
    const categories = [...new Set(products.map((p) => p.category))];
    for (const category of [undefined, ...categories]) {
      for (const type of [undefined, 'model', 'product']) {
        const { view, message } = await run('top', { category, type, limit: 25 });
        // a product category asked for models is answered by the models that do its job (a search)
        expect(['top', 'search'], `top ${category} ${type}`).toContain(view.kind);
        expectFits(message, `top ${category} ${type}`);
        track(message, `top 25 ${category ?? 'overall'}`);
      }
    }
    const business = await run('top', { category: 'Productivity', limit: 10 });
    expect((business.view as TopView).notes).toHaveLength(1);
    expect(allText(business.message)).toContain(escapeMrkdwn((business.view as TopView).notes[0]!));
    const { view, message } = await run('top', { limit: 25 });
    expect((view as TopView).rows).toHaveLength(25);
    for (const r of (view as TopView).rows) expect(allText(message)).toContain(escapeMrkdwn(r.name));
  });

  it('resolution prompts carry did-you-mean buttons that complete the command', async () => {
    const { view: ambiguous, message: ambiguousMsg } = await run('compare', { first: 'claude sonnet', second: 'gemini' });
    expect(ambiguous).toMatchObject({ kind: 'resolution', status: 'ambiguous', field: 'first' });
    expectFits(ambiguousMsg, 'ambiguous');
    const buttons = ambiguousMsg.blocks.flatMap((b) => (b.type === 'actions' ? b.elements : [])) as Array<{ value: string; action_id: string }>;
    expect(buttons.length).toBeGreaterThan(1);
    const payload = await decodeAction(buttons[0]!.value, null);
    expect(payload).toEqual({
      ok: true,
      invocation: { command: 'compare', replace: true, options: { second: 'gemini', first: (ambiguous as { candidates: Array<{ id: string }> }).candidates[0]!.id } },
    });

    const none = await run('product', { name: 'zzqxv wwkkj' });
    expect(none.view).toMatchObject({ kind: 'resolution', status: 'none' });
    expectFits(none.message, 'none');
    expect(allText(none.message)).toContain('No product matches');
  });

  it('errors, help and the capability lists fit', async () => {
    const missing = await run('compare', { first: 'gpt-4o' });
    expect(missing.view).toMatchObject({ kind: 'error', code: 'bad_input' });
    expectFits(missing.message, 'error');
    expectFits(renderSlack({ kind: 'error', code: 'internal', message: 'Something went wrong on our side.' }), 'internal');
    expectFits(renderSlack(helpView(['note one', 'note two'])), 'help');
    expectFits(renderSlack(mentionHelpView()), 'mention help');
    expect(allText(renderSlack(helpView()))).toContain(`/compare &lt;first&gt; vs &lt;second&gt;`);
    expect(CHAT_COMMANDS.length).toBe(5);
    expect(allText(renderSlack(helpView()))).toContain('/search &lt;what it should do&gt;');

    const heavy = [...products].sort((a, b) => capsChars(b) - capsChars(a)).slice(0, 3);
    const caps = renderCapabilities(heavy);
    expectFits(caps, 'capabilities 3');
    track(caps, 'capabilities heaviest 3');
  });

  it('the Home tab fits a view, with a product card opened in it', async () => {
    const top = (await run('top', { limit: 10 })).view as TopView;
    const card = (await run('product', { name: 'gpt-4o' })).message;
    const home = buildHomeView({ top, selected: card, subscriptions: await placeholderSubscriptionsSection({ teamId: 'T1', userId: 'U1' }) });
    expect(home.type).toBe('home');
    expectFits({ blocks: home.blocks }, 'home', { maxBlocks: SLACK_LIMITS.viewBlocks, maxChars: SLACK_LIMITS.viewBudget });
    expect(JSON.stringify(home.blocks)).toContain('external_select');
  });
});

describe('escaping', () => {
  const EVIL = '*Evil* _Corp_ ~x~ `y` <!channel> <@U123> & <!everyone> @here @channel <https://evil.example|click>';

  it('neutralises mentions, entities and markdown from catalog text in every view', async () => {
    const cmp = (await run('compare', { first: 'llama 3.2 1b', second: 'gemini' })).view as CompareView;
    const evilCompare: CompareView = {
      ...cmp,
      title: `${EVIL} vs gemini`,
      summary: `${EVIL} ranks higher`,
      verdict: `${EVIL} leads`,
      products: cmp.products.map((p) => ({
        ...p,
        name: EVIL,
        category: EVIL,
        capabilities: [{ tag: null, title: EVIL, description: EVIL, unique: EVIL, vsAlternatives: EVIL }],
      })),
      capabilityMatrix: cmp.capabilityMatrix.map((r) => ({ ...r, label: EVIL })),
      sources: [EVIL],
    };
    const alt = (await run('alternatives', { product: 'cursor' })).view as AlternativesView;
    const evilAlt: AlternativesView = { ...alt, product: { id: 'x', name: EVIL, rank: 1, job: EVIL }, alternatives: alt.alternatives.map((a) => ({ ...a, name: EVIL, reasons: [EVIL] })) };
    const top = (await run('top', { limit: 5 })).view as TopView;
    const evilTop: TopView = { ...top, category: EVIL, rows: top.rows.map((r) => ({ ...r, name: EVIL, category: EVIL })) };
    const prod = (await run('product', { name: 'gpt-4o' })).view;
    const evilProd = {
      ...prod,
      description: EVIL,
      providers: [EVIL],
      card: { ...(prod as { card: object }).card, name: EVIL, vendor: EVIL, category: EVIL, capabilities: [{ tag: null, title: EVIL, description: EVIL, unique: EVIL, vsAlternatives: EVIL }] },
    } as View;
    const evilResolution: View = { kind: 'resolution', status: 'ambiguous', field: 'first', query: EVIL, message: `"${EVIL}" matches several`, candidates: [{ id: 'a', name: EVIL, score: 0.5 }] };
    const found = (await run('search', { query: 'transcribe meetings', limit: 3 })).view as SearchView;
    const evilSearch: SearchView = {
      ...found,
      query: EVIL,
      notes: [EVIL],
      understood: { ...found.understood, words: [EVIL] },
      suggestions: [{ tag: 'chat', label: EVIL }],
      results: found.results.map((r) => ({ ...r, name: EVIL, matched: [EVIL] })),
      sources: [EVIL],
    };

    for (const view of [evilCompare, evilAlt, evilTop, evilProd, evilResolution, evilSearch]) {
      const m = renderSlack(view, { command: 'compare', options: { first: EVIL, second: 'gemini' } });
      expectFits(m, view.kind);
      const all = texts(m);
      const joined = all.map((t) => t.text).join('\n');
      expect(joined, view.kind).not.toMatch(/<!channel>|<!everyone>|<@U123>|<https:/);
      expect(joined, view.kind).not.toMatch(/@(here|channel|everyone)\b/);
      for (const t of all.filter((x) => x.mrkdwn)) {
        expect(t.text).not.toMatch(/&(?!amp;|lt;|gt;)/);
        expect(t.text).not.toMatch(/[<>]/);
        expect(t.text).not.toContain('*Evil*');
        expect(t.text).not.toContain('_Corp_');
        expect(t.text).not.toContain('~x~');
        expect(t.text).not.toContain('`y`');
      }
      for (const t of all.filter((x) => !x.mrkdwn)) expect(t.text).not.toMatch(/<[!@#]/);
      // every view shows the hostile name (the prompt in its query and candidates), escaped
      expect(joined, view.kind).toContain('&lt;!channel&gt;');
    }
  });

  it('escapeMrkdwn keeps ordinary text readable', () => {
    expect(escapeMrkdwn('GPT-4o mini (2024-07-18)')).toBe('GPT-4o mini (2024-07-18)');
    expect(escapeMrkdwn('R&D <b>')).toBe('R&amp;D &lt;b&gt;');
    expect(escapeMrkdwn('@here now')).toBe('@\u2060here now');
    expect(escapeMrkdwn('tool_choice and _italic_')).toBe('tool_choice and \u02cditalic\u02cd');
    expect(escapeMrkdwn('*bold* ~strike~ `code`')).toBe('\u2217bold\u2217 \u223cstrike\u223c \u02cbcode\u02cb');
  });
});

describe('fitsSlackLimits', () => {
  const section = (n: number) => ({ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(n) } });

  it('rejects what Slack would reject', () => {
    expect(fitsSlackLimits({ text: 'ok', blocks: [section(10)] })).toBe(true);
    expect(fitsSlackLimits({ text: 'ok', blocks: Array.from({ length: 51 }, () => section(1)) })).toBe(false);
    expect(fitsSlackLimits({ text: 'ok', blocks: [section(3001)] })).toBe(false);
    expect(fitsSlackLimits({ text: 'ok', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }] })).toBe(false);
    expect(
      fitsSlackLimits({ text: 'ok', blocks: [{ type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) }] }),
    ).toBe(false);
    expect(fitsSlackLimits({ text: 'ok', blocks: [{ type: 'section', fields: [{ type: 'mrkdwn', text: 'f'.repeat(2001) }] }] })).toBe(false);
    expect(
      fitsSlackLimits({
        text: 'ok',
        blocks: [{ type: 'actions', elements: [{ type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'b'.repeat(76) }, value: 'v' }] }],
      }),
    ).toBe(false);
    expect(
      fitsSlackLimits({
        text: 'ok',
        blocks: [{ type: 'actions', elements: [{ type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'b' }, value: 'v'.repeat(2001) }] }],
      }),
    ).toBe(false);
    expect(fitsSlackLimits({ text: 'ok', blocks: [{ type: 'context', elements: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'c' })) }] })).toBe(false);
    expect(fitsSlackLimits({ text: 'ok', blocks: [section(2900), section(2900), section(2900), section(2900)] })).toBe(false);
    expect(fitsSlackLimits({ text: 'ok', blocks: [section(0)] })).toBe(false);
    expect(SLACK_LIMITS.messageBudget).toBeLessThan(SLACK_LIMITS.messageChars);
  });
});
