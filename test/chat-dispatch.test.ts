/**
 * The neutral chat layer end to end: a small extra adapter is registered next to the real ones,
 * and every command and every button of every answer runs through dispatch() on the bundled
 * catalog. No renderer may read the store (the core is watched while Cards render), every button
 * runs its command, and every action of a Card is shown by each real adapter or omitted with a reason.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISPATCH_COMMANDS } from '../commands/index.js';
import type { AnyCommand, ChatContext } from '../commands/types.js';
import { ADAPTERS } from '../src/adapters.js';
import { createApp, ensureCatalog, type App } from '../src/bootstrap.js';
import { actionPayload, createMemoryActionStore, decodeAction, encodeAction, type Action, type ActionStateStore } from '../src/chat/actions.js';
import type { ChatAdapter } from '../src/chat/adapter.js';
import type { Card } from '../src/chat/card.js';
import { dispatch, optionType, type DispatchContext, type DispatchResult } from '../src/chat/dispatch.js';
import type { Core } from '../src/core/app.js';
import { THIN_NOTE } from '../src/core/format.js';
import type { AlternativesView, ProductView, TopView } from '../src/core/views.js';
import { comparePage, productPage, searchPage, topPage } from '../src/web/pages.js';
import { tsFiles } from './import-graph.js';

/** A tiny platform: a Card becomes a title line and buttons whose ids are the encoded actions. */
interface TestMessage {
  kind: string;
  visibility: string;
  buttons: Array<{ label: string; id: string }>;
}
const TEST_LIMITS = { actionId: 64 } as const;

function testAdapter(store: ActionStateStore): ChatAdapter<TestMessage> {
  return {
    name: 'test',
    limits: TEST_LIMITS,
    configured: () => false,
    start: async () => ({ label: 'test', stop: async () => {} }),
    render: (card: Card) => ({
      kind: card.view.kind,
      visibility: card.visibility,
      buttons: card.actions.map((a) => ({ label: a.label, id: encodeAction(a, TEST_LIMITS.actionId, store)! })),
    }),
  };
}

/** The core behind a proxy that counts every call into it or its repositories. */
function watched(core: Core): { core: Core; reads: () => number } {
  let reads = 0;
  const wrap = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(t, key, receiver) {
        const v = Reflect.get(t, key, receiver);
        if (typeof v === 'function')
          return (...args: unknown[]) => {
            reads++;
            return (v as (...a: unknown[]) => unknown).apply(t, args);
          };
        if (v && typeof v === 'object' && (key === 'catalog' || key === 'scores' || key === 'subscriptions' || key === 'seen')) return wrap(v as object);
        return v;
      },
    });
  return { core: wrap(core), reads: () => reads };
}

let app: App;
let store: ActionStateStore;
let watch: ReturnType<typeof watched>;
const runs = new Map<string, number>();
const restore: Array<() => void> = [];
const CHAT: ChatContext = { platform: 'slack', workspace: 'T0DISPATCH', channel: 'C0DISPATCH', user: 'U0DISPATCH' };

beforeAll(async () => {
  app = createApp(':memory:');
  await ensureCatalog(app.core);
  store = createMemoryActionStore();
  watch = watched(app.core);
  // count every run of every command (calling through to the real one)
  for (const def of DISPATCH_COMMANDS as AnyCommand[]) {
    const execute = def.execute;
    def.execute = function (input, core, chat) {
      runs.set(def.name, (runs.get(def.name) ?? 0) + 1);
      return execute.call(this, input, core, chat);
    };
    restore.push(() => (def.execute = execute));
  }
});

afterAll(() => {
  for (const r of restore) r();
  app.close();
});

const ctx = (): DispatchContext => ({ core: watch.core, chat: CHAT, actions: store });

/** Renders a Card on every adapter (the real ones and the test one) while watching the store. */
function renderEverywhere(card: Card, extra: ChatAdapter<TestMessage>): TestMessage {
  const before = watch.reads();
  for (const a of ADAPTERS) a.render(card);
  const msg = extra.render(card);
  expect(watch.reads(), `rendering a ${card.view.kind} card read the store`).toBe(before);
  return msg;
}

/** The action ids a real adapter's message carries (Discord custom_ids, Slack button values). */
function renderedActions(message: unknown): string[] {
  const out: string[] = [];
  const walk = (o: unknown) => {
    if (Array.isArray(o)) return o.forEach(walk);
    if (!o || typeof o !== 'object') return;
    const r = o as Record<string, unknown>;
    if (typeof r.custom_id === 'string') out.push(r.custom_id);
    if (r.type === 'button' && typeof r.value === 'string') out.push(r.value);
    for (const v of Object.values(r)) walk(v);
  };
  walk(message);
  return out;
}

const key = (a: Pick<Action, 'command' | 'options' | 'replace'>) => actionPayload({ command: a.command, options: a.options, replace: a.replace === true });

describe('dispatch: every command and every button, through one path', () => {
  it('runs each command and each button of each answer, two clicks deep, without a renderer reading the store', async () => {
    const extra = testAdapter(store);
    const products = await app.core.products();
    const scored = await app.core.latestScores();
    const ranked = products.filter((p) => scored.has(p.id) && p.capabilities.length > 0).slice(0, 2);
    const [a, b] = ranked as [(typeof products)[number], (typeof products)[number]];
    const resolver = await app.core.resolver();
    const ambiguous = ['claude', 'gpt', 'llama', 'gemma', 'qwen', 'mistral'].find((q) => resolver.resolve(q).status === 'ambiguous')!;
    const typed: Array<[string, Record<string, unknown>]> = [
      ['compare', { first: a.id, second: b.id }],
      ['compare', { first: ambiguous, second: b.id }],
      ['alternatives', { product: a.id }],
      ['product', { name: a.id }],
      ['top', {}],
      ['search', { query: 'transcribe meetings' }],
      ['search', { query: 'transcibe' }],
      ['subscribe', { target: `product:${a.id}` }],
      ['subscribe', { target: ambiguous }],
      ['subscriptions', {}],
      ['capabilities', { ids: encodeURIComponent(a.id) }],
      ['unsubscribe', { target: 'all' }],
    ];
    // every command dispatch knows is typed at least once
    expect(new Set(typed.map(([c]) => c))).toEqual(new Set(DISPATCH_COMMANDS.map((c) => c.name)));

    let frontier: Array<{ label: string; id: string }> = [];
    const kinds = new Set<string>();
    for (const [command, options] of typed) {
      const before = runs.get(command) ?? 0;
      const r = await dispatch({ kind: 'command', command, options }, ctx());
      expect(r.kind, command).toBe('card');
      const card = (r as Extract<DispatchResult, { kind: 'card' }>).card;
      expect(runs.get(command), `${command} ran its command`).toBe(before + 1);
      kinds.add(card.view.kind);
      frontier.push(...renderEverywhere(card, extra).buttons);
    }
    expect([...kinds].sort()).toEqual(['alternatives', 'capabilities', 'compare', 'product', 'resolution', 'search', 'subscribed', 'subscriptions', 'top', 'unsubscribed']);

    const clicked = new Set<string>();
    for (let depth = 0; depth < 2; depth++) {
      const next: Array<{ label: string; id: string }> = [];
      for (const button of frontier) {
        const decoded = await decodeAction(button.id, store, optionType);
        expect(decoded.ok, button.label).toBe(true);
        if (!decoded.ok) continue;
        const k = key(decoded.invocation);
        if (clicked.has(k)) continue;
        clicked.add(k);
        const command = decoded.invocation.command;
        const before = runs.get(command) ?? 0;
        const r = await dispatch({ kind: 'action', id: button.id }, ctx());
        // a click is its command, run once
        expect(r.kind === 'card' && r.command, button.label).toBe(command);
        expect(runs.get(command), `${button.label} ran /${command}`).toBe(before + 1);
        if (r.kind === 'card') next.push(...renderEverywhere(r.card, extra).buttons);
      }
      frontier = next;
    }
    // the buttons found cover every command a button can run
    const commands = new Set([...clicked].map((k) => k.split('?')[0]));
    expect([...commands].sort()).toEqual(['alternatives', 'capabilities', 'compare', 'product', 'search', 'subscribe']);
    expect(clicked.size).toBeGreaterThan(20);
  });

  it('each real adapter shows every action of a Card, or says why not', async () => {
    const products = await app.core.products();
    const [a, b] = products.filter((p) => p.capabilities.length > 0);
    const cards: Card[] = [];
    for (const [command, options] of [
      ['compare', { first: a!.id, second: b!.id }],
      ['product', { name: a!.id }],
      ['alternatives', { product: a!.id, limit: 10 }],
      ['search', { query: 'image generation' }],
      ['search', { query: 'transcibe' }],
    ] as Array<[string, Record<string, unknown>]>) {
      const r = await dispatch({ kind: 'command', command, options }, { core: app.core, chat: CHAT, actions: store });
      if (r.kind === 'card') cards.push(r.card);
    }
    expect(cards).toHaveLength(5);
    for (const adapter of ADAPTERS) {
      for (const card of cards) {
        const rendered = new Set(
          (await Promise.all(renderedActions(adapter.render(card)).map((id) => decodeAction(id, store, optionType)))).flatMap((d) => (d.ok ? [key(d.invocation)] : [])),
        );
        const omitted = new Map((adapter.omits?.(card) ?? []).map((o) => [key(o.action), o.why]));
        for (const action of card.actions) {
          const shown = rendered.has(key(action));
          const why = omitted.get(key(action));
          expect(shown || (why !== undefined && why.length > 10), `${adapter.name} ${card.view.kind}: ${action.label}`).toBe(true);
        }
      }
    }
    // the platforms show the same buttons: Discord and Slack omit nothing from these cards
    for (const name of ['discord', 'slack']) {
      const adapter = ADAPTERS.find((x) => x.name === name)!;
      expect(cards.flatMap((c) => adapter.omits?.(c) ?? []), name).toEqual([]);
    }
  });

  it('autocomplete answers through the commands: product names, categories, subscription targets', async () => {
    const limits = { count: 25, valueLength: 100 };
    const names = await dispatch({ kind: 'autocomplete', command: 'compare', option: 'first', query: 'gemin', limits }, ctx());
    const cats = await dispatch({ kind: 'autocomplete', command: 'top', option: 'category', query: 'text', limits }, ctx());
    const targets = await dispatch({ kind: 'autocomplete', command: 'subscribe', option: 'target', query: 'top', limits }, ctx());
    const none = await dispatch({ kind: 'autocomplete', command: 'top', option: 'limit', query: '1', limits }, ctx());
    expect(names.kind === 'choices' && names.choices.some((c) => /gemini/i.test(c.name))).toBe(true);
    expect(cats.kind === 'choices' && cats.choices.map((c) => c.value)).toContain('Text models');
    expect(targets.kind === 'choices' && targets.choices[0]).toEqual({ name: 'Top 10 overall', value: 'top:10' });
    expect(none).toEqual({ kind: 'choices', choices: [] });
  });

  it('autocomplete on the bundled catalog: what people mean while typing, popular entries first among near-equal matches', async () => {
    const r = await app.core.resolver();
    // "gpt" is a whole word of every GPT model; tools whose one-word name starts with it (GPTRouter) come after
    expect(r.autocomplete('gpt', 5).map((c) => c.id).every((id) => id.startsWith('openai/gpt-'))).toBe(true);
    expect(r.autocomplete('cla', 1)[0]!.id).toBe('claude');
    expect(r.autocomplete('cur', 1)[0]!.id).toBe('cursor');
    expect(r.autocomplete('gem', 1)[0]!.id).toBe('gemini');
    expect(r.autocomplete('copi', 2).map((c) => c.id).sort()).toEqual(['github-copilot', 'microsoft-copilot']);
  });

  it('a click that is not ours, or whose stored action expired, is refused without running anything', async () => {
    let now = 0;
    const short = createMemoryActionStore({ ttlMs: 1000, now: () => now });
    const id = encodeAction({ command: 'product', options: { name: 'x'.repeat(300) } }, TEST_LIMITS.actionId, short)!;
    const before = runs.get('product') ?? 0;
    now = 5000;
    expect(await dispatch({ kind: 'action', id }, { ...ctx(), actions: short })).toMatchObject({ kind: 'refused', reason: 'expired' });
    expect(await dispatch({ kind: 'action', id: 'mg:drop-tables' }, ctx())).toMatchObject({ kind: 'refused', reason: 'not_ours' });
    expect(await dispatch({ kind: 'action', id: '@everyone' }, ctx())).toMatchObject({ kind: 'refused', reason: 'not_ours' });
    expect(runs.get('product') ?? 0).toBe(before);
  });
});

describe('a Card decides the facts shown, every adapter lays them out', () => {
  /** Rendered text with platform escaping taken out (backslashes, HTML entities, invisible joiners). */
  const plainText = (rendered: unknown): string =>
    JSON.stringify(rendered)
      .replace(/\\/g, '')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/[\u200b\u2060]/g, '');

  /** The Card with every field value replaced by a marker no view holds. */
  function marked(card: Card): { card: Card; markers: string[] } {
    const markers: string[] = [];
    const mark = <F extends { value: string }>(f: F): F => {
      const value = `fld${markers.length}mark`;
      markers.push(value);
      return { ...f, value };
    };
    return {
      card: {
        ...card,
        columns: card.columns?.map((c) => ({ ...c, fields: c.fields.map(mark) })) ?? null,
        sections: card.sections?.map((s) => ({ ...s, fields: s.fields.map(mark) })) ?? null,
        items: card.items?.map((it) => ({ ...it, fields: it.fields.map(mark), why: mark({ value: it.why }).value })) ?? null,
      },
      markers,
    };
  }

  async function cardsOf(): Promise<{ compare: Card; product: Card; alternatives: Card; search: Card }> {
    const products = await app.core.products();
    const [a, b] = products.filter((p) => p.capabilities.length > 0 && /^[\w .:-]+$/.test(p.name));
    const run = async (command: string, options: Record<string, unknown>) => {
      const r = await dispatch({ kind: 'command', command, options }, { core: app.core, chat: CHAT, actions: store });
      expect(r.kind).toBe('card');
      return (r as Extract<DispatchResult, { kind: 'card' }>).card;
    };
    return {
      compare: await run('compare', { first: a!.id, second: b!.id }),
      product: await run('product', { name: a!.id }),
      alternatives: await run('alternatives', { product: 'cursor', limit: 5 }),
      search: await run('search', { query: 'image generation' }),
    };
  }

  it('a comparison has one column per item with the seed fields, a product card its sections, a list one item per entry', async () => {
    const { compare, product, alternatives, search } = await cardsOf();
    for (const card of [alternatives, search]) {
      const entries = card.view.kind === 'alternatives' ? card.view.alternatives : card.view.kind === 'search' ? card.view.results : [];
      expect(entries.length).toBeGreaterThan(1);
      expect(card.items!.map((i) => i.id)).toEqual(entries.map((e) => e.id));
      for (const item of card.items!) expect(item.fields.map((f) => f.label)).toEqual(['Type', 'UnfragileRank', 'Price']);
    }
    expect(compare.items).toBeNull();
    expect(compare.columns!.map((c) => c.id)).toEqual(compare.view.kind === 'compare' ? compare.view.products.map((p) => p.id) : []);
    for (const c of compare.columns!)
      expect(c.fields.map((f) => f.label)).toEqual([
        'Type', 'UnfragileRank', 'Rank', 'Overall', 'Adoption', 'Quality', 'Ecosystem', 'Match Graph',
        'Pricing', 'Starting Price', 'Per 1M tokens', 'Capabilities', 'Times Matched',
      ]);
    expect(product.sections!.map((s) => s.title).filter((t) => t !== 'Context')).toEqual(['Score', 'Price', 'About']);
    expect(product.columns).toBeNull();
    expect(compare.sections).toBeNull();
  });

  it('a list item gives a plan price without its remarks, a model its per-1M prices only; the product card keeps them', async () => {
    const run = async (command: string, options: Record<string, unknown>) =>
      (
        (await dispatch({ kind: 'command', command, options }, { core: app.core, chat: CHAT, actions: store })) as Extract<DispatchResult, { kind: 'card' }>
      ).card;
    const kling = (await app.core.products()).find((p) => p.id === 'kling-ai')!;
    expect(kling.pricing.startingPrice!.unit).toMatch(/^per month \(.+\)$/);
    const alternatives = await run('alternatives', { product: 'runway', limit: 10 });
    const item = alternatives.items!.find((i) => i.id === 'kling-ai')!;
    expect(item.fields.find((f) => f.key === 'price')!.value).toBe('Freemium · from $8.80 per month');
    const card = await run('product', { name: 'kling-ai' });
    const price = card.sections!.find((s) => s.key === 'pricing')!.fields.map((f) => f.value).join(' ');
    expect(price).toContain(kling.pricing.startingPrice!.unit);
    // a model in a list shows its per-1M prices, not also its starting price per token
    const models = await run('alternatives', { product: 'meta-llama/llama-3.2-1b-instruct', limit: 5 });
    for (const i of models.items!) {
      const value = i.fields.find((f) => f.key === 'price')!.value;
      expect(value, i.id).toMatch(/^Usage-based · \$[\d.]+ in \/ \$[\d.]+ out per 1M tokens$/);
    }
  });

  it('a product card names serving providers for a model only: a product shows no "Providers: 0" and no empty Context', async () => {
    const about = async (name: string) => {
      const r = await dispatch({ kind: 'command', command: 'product', options: { name } }, { core: app.core, chat: CHAT, actions: store });
      const card = (r as Extract<DispatchResult, { kind: 'card' }>).card;
      return card.sections!.find((s) => s.key === 'about')!.fields.map((f) => `${f.label}: ${f.value}`);
    };
    expect(await about('cursor')).not.toContainEqual(expect.stringMatching(/^Providers/));
    const titles = async (name: string) => {
      const r = await dispatch({ kind: 'command', command: 'product', options: { name } }, { core: app.core, chat: CHAT, actions: store });
      return (r as Extract<DispatchResult, { kind: 'card' }>).card.sections!.map((s) => s.title);
    };
    // nothing is known of Cursor's context window or modalities: no section of dashes
    expect(await titles('cursor')).toEqual(['Score', 'Price', 'About']);
    expect(await titles('openai/gpt-4o')).toEqual(['Score', 'Price', 'Context', 'About']);
    expect(await about('openai/gpt-4o')).toContainEqual(expect.stringMatching(/^Providers: [1-9]\d*$/));
  });

  it('every real adapter and the web page show each field of the Card: labels, and the values the Card holds, not the view', async () => {
    const { compare, product, alternatives, search } = await cardsOf();
    const renders: Array<[string, (card: Card) => unknown]> = [
      ...ADAPTERS.map((a): [string, (card: Card) => unknown] => [a.name, (card: Card) => a.render(card)]),
      [
        'web',
        (card: Card) =>
          card.view.kind === 'compare'
            ? comparePage({ view: card.view, details: [], chartSvg: '', card })
            : card.view.kind === 'search'
              ? searchPage(card.view, card.view.query, card)
              : productPage({ view: card.view as ProductView, alternatives: null, chartSvg: '', card }),
      ],
    ];
    for (const [name, render] of renders) {
      const text = plainText(render(compare));
      for (const f of compare.columns![0]!.fields) expect(text, `${name}: compare label ${f.label}`).toContain(f.label);
      const m = marked(compare);
      const shown = plainText(render(m.card));
      for (const v of m.markers) expect(shown, `${name}: compare ${v}`).toContain(v);
    }
    // every section of a product card, About included, on every adapter
    for (const [name, render] of renders) {
      const m = marked(product);
      const shown = plainText(render(m.card));
      for (const v of m.markers) expect(shown, `${name}: product ${v}`).toContain(v);
    }
    // the web shows alternatives on the product page, under the product's own facts
    const webAlternatives = (card: Card) =>
      productPage({ view: product.view as ProductView, alternatives: card.view as AlternativesView, alternativesCard: card, chartSvg: '' });
    for (const [name, render] of renders) {
      for (const card of [alternatives, search]) {
        if (name === 'web' && card === alternatives) {
          const m = marked(card);
          const shown = plainText(webAlternatives(m.card));
          for (const v of m.markers) expect(shown, `web: alternatives ${v}`).toContain(v);
          continue;
        }
        const m = marked(card);
        const shown = plainText(render(m.card));
        expect(m.markers.length).toBeGreaterThan(4);
        for (const v of m.markers) expect(shown, `${name}: ${card.view.kind} ${v}`).toContain(v);
      }
    }
  });
});

describe('a leaderboard marks thin signals as the compare card does', () => {
  it('a /top row whose value rests on thin evidence shows "(thin)" and the note, on every surface that shows signals', async () => {
    const r = await dispatch({ kind: 'command', command: 'top', options: { category: 'Coding', limit: 10 } }, { core: app.core, chat: CHAT, actions: store });
    const card = (r as Extract<DispatchResult, { kind: 'card' }>).card;
    const view = card.view as TopView;
    // adoption from curated-list mentions alone is thin: a bare "99" would read as a usage figure
    const thinRow = view.rows.find((row) => row.thin.includes('adoption'));
    expect(thinRow, 'a Coding top-10 row with thin adoption').toBeDefined();
    const solid = view.rows.find((row) => row.signals.adoption !== null && !row.thin.includes('adoption'));
    expect(solid, 'a Coding top-10 row with solid adoption').toBeDefined();
    const marked = `${thinRow!.signals.adoption} (thin)`;
    const surfaces: Array<[string, string]> = [
      ...ADAPTERS.filter((a) => a.name !== 'discord').map((a): [string, string] => [a.name, JSON.stringify(a.render(card))]),
      ['web', topPage(view, [])],
    ];
    for (const [name, shown] of surfaces) {
      expect(shown, `${name} marks the thin value`).toContain(marked);
      expect(shown, `${name} explains the mark`).toContain(THIN_NOTE.slice(0, 40));
    }
    // Discord's leaderboard shows ranks only, so it has nothing to mark and no note to explain
    const discord = JSON.stringify(ADAPTERS.find((a) => a.name === 'discord')!.render(card));
    expect(discord).not.toContain('(thin)');
    expect(discord).not.toContain(THIN_NOTE.slice(0, 40));
  });
});

describe('a Card decides its title and what an empty list says', () => {
  const plain = (rendered: unknown): string => JSON.stringify(rendered).replace(/\\/g, '');
  it('every real adapter shows the Card title and empty text, not its own', async () => {
    const run = async (command: string, options: Record<string, unknown>) => {
      const r = await dispatch({ kind: 'command', command, options }, { core: app.core, chat: CHAT, actions: store });
      expect(r.kind).toBe('card');
      return (r as Extract<DispatchResult, { kind: 'card' }>).card;
    };
    const emptyTop = await run('top', { category: 'Routers', type: 'product' });
    const emptyAlternatives = await run('alternatives', { product: 'deepseek', cheaper: true });
    expect(emptyTop.empty).toMatch(/No ranked products match these filters/);
    expect(emptyAlternatives.empty).toMatch(/No alternatives found with these filters/);
    const titled = [await run('top', { category: 'Coding' }), await run('search', { query: 'image generation' }), await run('product', { name: 'cursor' })];
    expect(titled.map((c) => c.title)).toEqual(['Top 10 in Coding', 'Search: image generation', 'Cursor']);
    for (const adapter of ADAPTERS) {
      for (const card of [emptyTop, emptyAlternatives, ...titled]) {
        const m = { ...card, title: card.title === null ? null : 'ttlmarker', empty: card.empty === null ? null : 'emptymarker' };
        const shown = plain(adapter.render(m));
        if (card.title !== null) expect(shown, `${adapter.name} ${card.view.kind} title`).toContain('ttlmarker');
        if (card.empty !== null) expect(shown, `${adapter.name} ${card.view.kind} empty`).toContain('emptymarker');
      }
    }
  });
});

describe('adapters answer only through dispatch', () => {
  it('no file of an adapter (or the console) runs a command or reads the catalog or subscriptions itself', () => {
    const files = [...tsFiles('src/platforms'), 'src/cli/console.ts'];
    const bypass = /runCommand\(|\.catalog\.|resolveName\(|\.autocomplete\(|\.subscriptions\.|latestScores\(/;
    const offenders = files.flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .map((line, i) => ({ line, i }))
        .filter(({ line }) => !/^\s*(\/\/|\*)/.test(line) && bypass.test(line))
        .map(({ i }) => `${f}:${i + 1}`),
    );
    expect(offenders).toEqual([]);
  });
});
