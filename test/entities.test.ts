import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CatalogBuild, Evidence, Product } from '../src/core/domain.js';
import { createResolver, type Resolver } from '../src/core/resolve/index.js';
import { buildCatalogWithReport, type BuildReport } from '../src/importers/build.js';
import { DEFAULT_MERGES_PATH, parseMerges, resolveEntities, type EntityReport } from '../src/importers/entities.js';
import { ImportValidationError } from '../src/importers/errors.js';

const SOURCES = join(process.cwd(), 'data', 'sources');

function resolverOf(products: Product[]): Resolver {
  return createResolver(products.map((p) => ({ id: p.id, name: p.name, aliases: p.aliases, vendor: p.vendor, type: p.type, popularity: 0 })));
}

const rowKey = (e: Evidence) => JSON.stringify([e.productId, e.kind, e.source, e.detail ?? null, e.value, e.date]);

describe('entity resolution on the shipped catalog', () => {
  let before: CatalogBuild;
  let after: CatalogBuild;
  let report: BuildReport;
  let entities: EntityReport;
  let byId: Map<string, Product>;
  /** merged id -> the entry it ended in */
  let survivorOf: (id: string) => string;

  beforeAll(() => {
    before = buildCatalogWithReport({ dir: SOURCES, entities: false }).build;
    ({ build: after, report } = buildCatalogWithReport({ dir: SOURCES }));
    entities = report.entities!;
    byId = new Map(after.products.map((p) => [p.id, p]));
    const into = new Map(entities.merges.map((m) => [m.from, m.into]));
    survivorOf = (id) => {
      let cur = id;
      while (into.has(cur)) cur = into.get(cur)!;
      return cur;
    };
  });

  it('makes free copies, -latest aliases, dated snapshots and variants offers of their base model, with their prices', () => {
    const oss = byId.get('openai/gpt-oss-120b')!;
    expect(byId.has('openai/gpt-oss-120b:free')).toBe(false);
    expect(oss.offers).toContainEqual({ id: 'openai/gpt-oss-120b:free', name: 'OpenAI: gpt-oss-120b (free)', kind: 'free', promptPerToken: 0, completionPerToken: 0 });
    expect(oss.aliases).toEqual(expect.arrayContaining(['openai/gpt-oss-120b:free', 'OpenAI: gpt-oss-120b (free)']));

    const gpt4o = byId.get('openai/gpt-4o')!;
    expect(gpt4o.offers.filter((o) => o.kind === 'snapshot').map((o) => o.id)).toEqual([
      'openai/gpt-4o-2024-05-13',
      'openai/gpt-4o-2024-08-06',
      'openai/gpt-4o-2024-11-20',
    ]);
    expect(gpt4o.offers.find((o) => o.id === 'openai/gpt-4o-2024-05-13')).toMatchObject({ promptPerToken: 5e-6, completionPerToken: 1.5e-5 });
    expect(byId.get('deepseek/deepseek-r1')!.offers.map((o) => [o.id, o.kind])).toContainEqual(['deepseek/deepseek-r1-0528', 'snapshot']);

    const gemini = byId.get('google/gemini-3.1-pro-preview')!;
    expect(gemini.offers.map((o) => [o.id, o.kind])).toEqual([
      ['~google/gemini-pro-latest', 'alias'],
      ['google/gemini-3.1-pro-preview-customtools', 'variant'],
    ]);
    expect(byId.get('anthropic/claude-sonnet-4.6')!.offers.map((o) => o.id)).toContain('~anthropic/claude-sonnet-latest');
    expect(byId.get('anthropic/claude-opus-4.7')!.offers.map((o) => [o.id, o.kind])).toEqual([
      ['~anthropic/claude-opus-latest', 'alias'],
      ['anthropic/claude-opus-4.7-fast', 'variant'],
    ]);
    expect(after.products.some((p) => p.id.startsWith('~'))).toBe(false);
    expect(entities.offers).toEqual({ free: 16, alias: 8, snapshot: 13, variant: 6 });
  });

  it('keeps separate what only looks like a copy: a new model with a date, a variant at other prices, a free route with no paid entry', () => {
    for (const id of ['mistralai/mistral-large-2512', 'qwen/qwen3-235b-a22b-2507', 'z-ai/glm-4.5-air', 'openai/gpt-5.4-nano', 'poolside/laguna-m.1:free']) {
      expect(byId.get(id)?.type, id).toBe('model');
      expect(entities.separate.map((s) => s.id)).toContain(id);
    }
    expect(byId.get('mistralai/mistral-large')!.offers.map((o) => o.id)).toEqual(['mistralai/mistral-large-2407', 'mistralai/mistral-large-2411']);
  });

  it('lists routers as their own type, outside the model ranks', () => {
    const routers = after.products.filter((p) => p.type === 'router');
    expect(routers.map((p) => p.id)).toEqual(['openrouter/auto', 'openrouter/bodybuilder', 'openrouter/free', 'openrouter/pareto-code', 'switchpoint/router']);
    expect(routers.every((p) => p.category === 'Routers')).toBe(true);
    expect(byId.get('openrouter/owl-alpha')?.type).toBe('model');
  });

  it('merges duplicate products by the curated table, and keeps apart what is not the same thing', () => {
    const table = entities.merges.filter((m) => m.rule === 'table').map((m) => [m.from, m.into]);
    expect(table).toEqual([
      ['bing-chat', 'microsoft-copilot'],
      ['codeium', 'windsurf'],
      ['klingai', 'kling-ai'],
      ['codium-ai', 'qodo'],
      ['glm', 'z-ai/glm-5'],
      ['metaphor', 'exa'],
      ['ghostwriter', 'replit'],
      ['chatgpt-prompt-genius', 'ai-prompt-genius'],
      ['kilo', 'kilo-code'],
      ['dall-e-2', 'dall-e'],
    ]);
    // the "GLM" listing is the GLM-5 model's repository: it becomes the model, which keeps its list mention
    expect(byId.get('z-ai/glm-5')).toMatchObject({ type: 'model' });
    expect(byId.get('z-ai/glm-5')!.aliases).toContain('GLM');
    expect(after.evidence.some((e) => e.productId === 'z-ai/glm-5' && e.kind === 'list_mentions' && e.source === 'awesome-generative-ai')).toBe(true);
    expect(byId.get('microsoft-copilot')!.aliases).toEqual(expect.arrayContaining(['Bing Chat', 'bing-chat']));
    expect(byId.get('windsurf')!.aliases).toContain('Codeium');
    // the Amazon Q listing is the umbrella assistant; Amazon Q Developer is the coding product
    expect(byId.has('amazon-q')).toBe(true);
    expect(byId.has('amazon-q-developer')).toBe(true);
    const kling = after.evidence.filter((e) => e.productId === 'kling-ai' && e.kind === 'list_mentions');
    expect(kling).toEqual([expect.objectContaining({ value: 3, source: 'ai-tools-autoventure+awesome-ai-tools+awesome-generative-ai' })]);
  });

  it('merges a product listing that is a model into the model, never a brand', () => {
    const rules = entities.merges.filter((m) => m.rule === 'model-name').map((m) => [m.from, m.into]);
    expect(rules).toEqual([
      ['kimi-k2', 'moonshotai/kimi-k2'],
      ['gpt-4o-mini', 'openai/gpt-4o-mini'],
    ]);
    const mini = byId.get('openai/gpt-4o-mini')!;
    expect(mini.type).toBe('model');
    expect(mini.aliases.map((a) => a.toLowerCase())).toEqual(expect.arrayContaining(['gpt-4o mini', 'gpt-4o-mini']));
    expect(after.evidence.filter((e) => e.productId === 'openai/gpt-4o-mini' && e.kind === 'list_mentions').map((e) => e.source)).toEqual(['awesome-ai-tools']);
    for (const brand of ['gemini', 'claude', 'chatgpt', 'grok', 'deepseek', 'mistral', 'qwen']) expect(byId.get(brand)?.type, brand).toBe('product');
  });

  it('loses no evidence: every row is kept on its survivor or deliberately deduplicated', () => {
    const afterRows = new Map<string, number>();
    for (const e of after.evidence) afterRows.set(rowKey(e), (afterRows.get(rowKey(e)) ?? 0) + 1);
    const dropped = new Map<string, EntityReport['evidence']['dropped'][number]>();
    for (const d of entities.evidence.dropped) dropped.set(rowKey(d.row), d);

    const counts = new Map<string, { before: number; kept: number; deduplicated: number }>();
    for (const e of before.evidence) {
      const c = counts.get(`${e.source}|${e.kind}`) ?? { before: 0, kept: 0, deduplicated: 0 };
      c.before++;
      counts.set(`${e.source}|${e.kind}`, c);
      const d = dropped.get(rowKey(e));
      if (!d) {
        const moved = rowKey({ ...e, productId: survivorOf(e.productId) });
        expect(afterRows.get(moved) ?? 0, `row lost: ${rowKey(e)}`).toBeGreaterThan(0);
        afterRows.set(moved, afterRows.get(moved)! - 1);
        c.kept++;
        continue;
      }
      dropped.delete(rowKey(e));
      c.deduplicated++;
      // the row that carries it sits on the same survivor, same kind, and is in the catalog
      expect(d.keptBy.productId).toBe(survivorOf(e.productId));
      expect(d.keptBy.kind).toBe(e.kind);
      expect(after.evidence).toContainEqual(d.keptBy);
      // same series: the newest row of the series stands for it, unless that row was itself folded into the
      // kind's largest row or the recounted list-mentions row
      const sameSeries = d.keptBy.source === e.source && d.keptBy.detail === e.detail;
      if (d.why === 'same-series') expect(sameSeries ? d.keptBy.date >= e.date : d.keptBy.value >= e.value, rowKey(e)).toBe(true);
      if (d.why === 'max-kind') expect(d.keptBy.value).toBeGreaterThanOrEqual(e.value);
      if (d.why === 'lists-combined') expect(d.keptBy.source.split('+')).toEqual(expect.arrayContaining(e.source.split('+')));
    }
    for (const [key, c] of counts) expect(c.kept + c.deduplicated, key).toBe(c.before);
    expect(dropped.size).toBe(0);
    // what is left over after matching every old row is only the recounted list-mention rows
    const extra = [...afterRows].filter(([, n]) => n > 0).map(([k]) => JSON.parse(k) as unknown[]);
    expect(extra.every((r) => r[1] === 'list_mentions')).toBe(true);
    expect(extra).toHaveLength(new Set(entities.evidence.dropped.filter((d) => d.why === 'lists-combined').map((d) => d.keptBy.productId)).size);
    expect(after.evidence.length).toBe(before.evidence.length - entities.evidence.dropped.length + extra.length);
    // merged entries keep no rows of their own
    for (const m of entities.merges) expect(after.evidence.some((e) => e.productId === m.from), m.from).toBe(false);
  });

  it('resolves every merged id and name to its survivor, and base names to the base entry', () => {
    const resolver = resolverOf(after.products);
    for (const m of entities.merges) {
      const r = resolver.resolve(m.from);
      expect([m.from, r.status, r.match?.id]).toEqual([m.from, 'match', survivorOf(m.from)]);
    }
    expect(resolver.resolve('openai: gpt-oss-120b').match?.id).toBe('openai/gpt-oss-120b');
    expect(resolver.resolve('gemini 3.1 pro')).toMatchObject({ status: 'match', match: { id: 'google/gemini-3.1-pro-preview' } });
    expect(resolver.resolve('bing chat').match?.id).toBe('microsoft-copilot');
    expect(resolver.resolve('kimi k2').match?.id).toBe('moonshotai/kimi-k2');
  });

  it('adds no alias that makes another name ambiguous', () => {
    const was = resolverOf(before.products);
    const now = resolverOf(after.products);
    const changed: string[] = [];
    for (const p of after.products) {
      for (const name of [p.name, p.id]) {
        const r0 = was.resolve(name);
        if (r0.status !== 'match' || r0.match?.id !== p.id) continue;
        const r1 = now.resolve(name);
        if (r1.status !== 'match' || r1.match?.id !== p.id) changed.push(`${name} -> ${r1.status} ${r1.match?.id ?? ''}`);
      }
    }
    expect(changed).toEqual([]);
  });
});

describe('entity resolution rules', () => {
  const product = (over: Partial<Product> & { id: string }): Product => ({
    name: over.id,
    aliases: [],
    type: 'model',
    vendor: 'Acme',
    category: 'Text models',
    description: '',
    url: null,
    pricing: { model: 'paid', startingPrice: null, promptPerToken: 1e-6, completionPerToken: 2e-6 },
    contextLength: 8192,
    inputModalities: ['text'],
    outputModalities: ['text'],
    supportedParameters: [],
    features: {},
    providers: [],
    capabilities: [],
    provenance: { sources: ['openrouter'], fetchedAt: '2026-01-01' },
    offers: [],
    poweredBy: [],
    rivals: [],
    facts: [],
    repository: null,
    ...over,
  });
  const table = { date: '2026-12-03', merges: [] };

  it('a -latest alias with no model of its family at its prices is a router', () => {
    const products = [
      product({ id: 'acme/widget-2', name: 'Acme: Widget 2' }),
      product({ id: '~acme/widget-latest', name: 'Acme Widget Latest', pricing: { model: 'paid', startingPrice: null, promptPerToken: 9e-6, completionPerToken: 9e-6 } }),
      product({ id: '~acme/gadget-latest', name: 'Acme Gadget Latest' }),
      product({ id: 'acme/gadget-1', name: 'Acme: Gadget 1' }),
      product({ id: 'acme/gadget-2', name: 'Acme: Gadget 2', contextLength: 4096 }),
    ];
    const report = resolveEntities(products, [], table);
    expect(report.routers).toEqual(['~acme/widget-latest']);
    expect(products.find((p) => p.id === '~acme/widget-latest')).toMatchObject({ type: 'router', category: 'Routers' });
    // same prices: the newest version wins only among equal context lengths (the alias's 8192)
    expect(products.find((p) => p.id === 'acme/gadget-1')!.offers.map((o) => o.id)).toEqual(['~acme/gadget-latest']);
  });

  it('a merge line naming an entry the data lacks fails the bundled build, and is left out and reported by a lenient one', () => {
    const lines = {
      date: '2026-12-04',
      merges: [
        { from: 'acme-chat', into: 'acme/gone-1', basis: 'same-product' as const, reason: 'the listing is the model, by its own page' },
        { from: 'widget-app', into: 'widget', basis: 'same-product' as const, reason: 'both listings are the same widget app' },
      ],
    };
    const products = () => [product({ id: 'acme-chat', type: 'product' }), product({ id: 'widget-app', type: 'product' }), product({ id: 'widget', type: 'product' })];
    expect(() => resolveEntities(products(), [], lines)).toThrow(/merges: 1 validation error[\s\S]*no entry with id "acme\/gone-1"/);
    const kept = products();
    const report = resolveEntities(kept, [], lines, { lenient: true });
    expect(report.skippedMerges).toEqual([{ row: 0, path: 'into', message: 'no entry with id "acme/gone-1"' }]);
    expect(report.merges.map((m) => [m.from, m.into])).toEqual([['widget-app', 'widget']]);
    expect(kept.map((p) => p.id).sort()).toEqual(['acme-chat', 'widget']);
  });

  it('keeps one row per series: the newest, the survivor own on a tie', () => {
    const products = [product({ id: 'acme/widget' }), product({ id: 'acme/widget:free', pricing: { model: 'free', startingPrice: null, promptPerToken: 0, completionPerToken: 0 } })];
    const ev = (productId: string, value: number, date: string): Evidence => ({ productId, kind: 'hf_downloads', value, source: 'huggingface', date, detail: 'acme/widget' });
    const evidence = [ev('acme/widget', 10, '2026-01-01'), ev('acme/widget:free', 12, '2026-01-01'), ev('acme/widget:free', 11, '2026-02-01')];
    const report = resolveEntities(products, evidence, table);
    expect(evidence).toEqual([ev('acme/widget', 11, '2026-02-01')]);
    expect(report.evidence.dropped.map((d) => [d.row.productId, d.row.value, d.why])).toEqual([
      ['acme/widget:free', 12, 'same-series'],
      ['acme/widget', 10, 'same-series'],
    ]);
  });
});

describe('merge table', () => {
  it('the shipped table is valid and every rename cites its page', () => {
    const { data, errors } = parseMerges(JSON.parse(readFileSync(DEFAULT_MERGES_PATH, 'utf8')));
    expect(errors).toEqual([]);
    for (const m of data!.merges.filter((x) => x.basis === 'rename')) expect(m.source, m.from).toMatch(/^https:\/\//);
  });

  it('reports row-level errors and fails the build on a bad line or an unknown id', () => {
    const bad = parseMerges({
      date: '2026-12-03',
      merges: [
        { from: 'a', into: 'b', basis: 'rename', reason: 'a was renamed b, we are told' },
        { from: 'c', into: 'c', basis: 'same-product', reason: 'the same listing twice over' },
      ],
    });
    expect(bad.data).toBeNull();
    expect(bad.errors).toEqual([
      expect.objectContaining({ row: 0, path: 'source' }),
      expect.objectContaining({ row: 1, path: 'into' }),
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'mg-merges-'));
    const file = join(dir, 'merges.json');
    writeFileSync(file, JSON.stringify({ date: '2026-12-03', merges: [{ from: 'no-such-product', into: 'microsoft-copilot', basis: 'same-product', reason: 'a line about nothing at all' }] }));
    let err: unknown;
    try {
      buildCatalogWithReport({ dir: SOURCES, mergesPath: file });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ImportValidationError);
    expect((err as ImportValidationError).source).toBe('merges');
    expect((err as ImportValidationError).errors).toEqual([expect.objectContaining({ row: 0, path: 'from' })]);
  });
});
