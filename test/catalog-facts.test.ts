/**
 * Curated sourced facts (data/curated/facts.json) and repository joins (data/curated/repo-renames.json) on the
 * shipped sources: the file format, row-level errors, what the build applies and the stars that follow.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CatalogBuild, Evidence, Product } from '../src/core/domain.js';
import { buildCatalogWithReport, type BuildReport } from '../src/importers/build.js';
import { ImportValidationError } from '../src/importers/errors.js';
import { FACTS_SOURCE_ID, parseFacts } from '../src/importers/facts.js';
import { loadSources, type LoadedSources } from '../src/importers/load.js';
import { runScoring } from '../src/core/scoring/engine.js';
import { parseRepoRenames, RepoIndex, loadRepoRenames } from '../src/importers/repos.js';

const DATA = join(process.cwd(), 'data');
const SOURCES = join(DATA, 'sources');
const CURATED = join(DATA, 'curated');
const shippedFacts = JSON.parse(readFileSync(join(CURATED, 'facts.json'), 'utf8')) as { products: Array<Record<string, unknown>> };

/** A curated/ folder holding the given facts (and the shipped rename table unless told otherwise). */
function curatedDir(facts: unknown | null, renames = true): string {
  const dir = mkdtempSync(join(tmpdir(), 'mg-curated-'));
  if (facts !== null) writeFileSync(join(dir, 'facts.json'), JSON.stringify(facts));
  if (renames) copyFileSync(join(CURATED, 'repo-renames.json'), join(dir, 'repo-renames.json'));
  copyFileSync(join(CURATED, 'merges.json'), join(dir, 'merges.json'));
  return dir;
}

function build(dir?: string): { build: CatalogBuild; report: BuildReport; byId: Map<string, Product>; ev: (id: string, kind: string) => Evidence[] } {
  const r = buildCatalogWithReport({ dir: SOURCES, ...(dir ? { curatedDir: dir } : {}) });
  return {
    ...r,
    byId: new Map(r.build.products.map((p) => [p.id, p])),
    ev: (id, kind) => r.build.evidence.filter((e) => e.productId === id && e.kind === kind),
  };
}

function buildError(facts: unknown): ImportValidationError {
  try {
    buildCatalogWithReport({ dir: SOURCES, curatedDir: curatedDir(facts) });
  } catch (e) {
    expect(e).toBeInstanceOf(ImportValidationError);
    return e as ImportValidationError;
  }
  throw new Error('the build did not fail');
}

/** The example entry of the research format (SCHEMA.md), with every optional field. */
const SCHEMA_EXAMPLE = {
  product: 'chatgpt',
  website: 'https://chatgpt.com',
  vendor: { value: 'OpenAI', source: 'https://example.org/vendor', checked: '2026-12-03' },
  pricing: {
    model: 'freemium',
    freeTier: true,
    freeTrial: true,
    startingPrice: { amount: 8, currency: 'USD', unit: 'per month' },
    tiers: [{ name: 'Plus', amount: 20, currency: 'USD', unit: 'per month' }],
    source: 'https://example.org/pricing',
    sourceDate: '2026-10-01',
    checked: '2026-12-03',
  },
  poweredBy: { models: ['openai/gpt-4o', 'openai/gpt-4o-mini'], source: 'https://example.org/models', checked: '2026-12-03' },
  repository: { value: 'https://github.com/owner/repo', source: 'https://example.org/repo', checked: '2026-12-03' },
  openSource: { value: true, source: 'https://example.org/licence', checked: '2026-12-03' },
  rivals: { value: ['claude', 'gemini'], source: 'https://example.org/alternatives', checked: '2026-12-03' },
  notes: 'anything that could not be confirmed',
};

describe('the facts file', () => {
  it('the shipped file is valid and every fact names an https page and the day it was checked', () => {
    const { rows, errors } = parseFacts(shippedFacts);
    expect(errors).toEqual([]);
    expect(rows.map((r) => r.product)).toEqual(expect.arrayContaining(['n8n', 'langchain', 'crewai', 'claude-code', 'comfyui']));
    for (const r of rows) {
      for (const f of [r.vendor, r.description, r.pricing, r.poweredBy, r.repository, r.openSource, r.rivals, r.renamed, r.discontinued, r.usage, ...(r.capabilities ?? [])]) {
        if (!f) continue;
        expect(f.source, r.product).toMatch(/^https:\/\//);
        expect(f.checked, r.product).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
    }
  });

  it('accepts the research format with every optional field', () => {
    expect(parseFacts({ products: [SCHEMA_EXAMPLE] }).errors).toEqual([]);
    expect(parseFacts({ products: [{ product: 'x', pricing: { model: 'usage-based', startingPrice: null, source: 'https://a.example', sourceDate: '2026-06', checked: '2026-12-03' } }] }).errors).toEqual([]);
  });

  it('names the row and field of each mistake', () => {
    const { rows, errors } = parseFacts({
      products: [
        SCHEMA_EXAMPLE,
        { product: 'a', vendor: { value: 'A', sorce: 'https://a.example', checked: '2026-12-03' } },
        { product: 'b', pricing: { model: 'cheap', source: 'https://b.example', checked: '2026-12-03' } },
        { product: 'c', pricing: { model: 'paid', startingPrice: { amount: 20, currency: 'EUR', unit: 'per month' }, source: 'https://c.example', checked: '2026-12-03' } },
        { product: 'chatgpt' },
        { product: 'd', repository: { value: 'https://gitlab.com/d/d', source: 'https://d.example', checked: '2026-12-03' } },
      ],
    });
    expect(rows).toEqual([]);
    const at = (row: number) => errors.filter((e) => e.row === row).map((e) => e.path);
    expect(at(0)).toEqual([]);
    expect(at(1)).toEqual(expect.arrayContaining(['vendor']));
    expect(at(2)).toEqual(['pricing.model']);
    expect(at(3)).toEqual(['pricing.startingPrice.currency']);
    expect(errors.find((e) => e.row === 4)?.message).toMatch(/already has facts in row 0/);
    expect(at(5)).toEqual(['repository.value']);
  });
});

describe('facts applied by the build', () => {
  let withFacts: ReturnType<typeof build>;
  let without: ReturnType<typeof build>;

  beforeAll(() => {
    withFacts = build();
    without = build(curatedDir(null));
  });

  it('curated facts win over source-derived values and are kept with their page', () => {
    // AutoVenture says "Free tier available" for Claude Code; Anthropic's help center sells it with Pro and Max
    expect(without.byId.get('claude-code')!.pricing.model).toBe('freemium');
    const cc = withFacts.byId.get('claude-code')!;
    expect(cc.pricing).toMatchObject({ model: 'paid', startingPrice: { amount: 20, unit: 'per month' } });
    expect(cc.features.freeTier).toBe(false);
    // the listing's "Free tier available." goes with it: the card would contradict itself
    expect(without.byId.get('claude-code')!.description).toMatch(/Free tier available\.$/);
    expect(cc.description).not.toMatch(/free tier/i);
    expect(cc.description).toMatch(/^Anthropic's agentic coding tool that lives in your terminal/);
    expect(cc.vendor).toBe('Anthropic');
    const help = 'https://support.anthropic.com/en/articles/11145838-using-claude-code-with-your-pro-or-max-plan';
    expect(cc.facts.slice(0, 2)).toEqual([
      { field: 'vendor', value: 'Anthropic', source: help, date: '2026-12-03' },
      { field: 'pricing', value: 'Paid; Pro $20 per month, Max 5x $100 per month, Max 20x $200 per month', source: help, date: '2026-12-03' },
    ]);
    expect(cc.facts.map((f) => f.field)).toEqual(['vendor', 'pricing', 'poweredBy', 'rivals']);
    expect(cc.provenance.sources).toContain(FACTS_SOURCE_ID);
    expect(withFacts.build.sources.find((s) => s.id === FACTS_SOURCE_ID)?.date).toBe('2026-12-04');
    // a discontinued listing gets no facts: it leaves the catalog
    expect(withFacts.report.facts.products).toBe(shippedFacts.products.filter((r) => !r.discontinued).length);

    const langchain = withFacts.byId.get('langchain')!;
    expect(langchain.pricing.model).toBe('open-source');
    expect(langchain.features.openSource).toBe(true);
    expect(langchain.facts.map((f) => f.field)).toEqual(['vendor', 'pricing', 'rivals', 'repository', 'openSource']);
  });

  it('applies models (an offer id too), rivals and website, naming each by its catalog name', () => {
    const { byId } = build(
      curatedDir({
        products: [
          {
            product: 'chatgpt',
            website: 'https://chatgpt.com',
            poweredBy: { models: ['openai/gpt-4o', 'openai/gpt-oss-120b:free'], source: 'https://example.org/models', checked: '2026-12-03' },
            rivals: { value: ['claude', 'gemini'], source: 'https://example.org/alternatives', checked: '2026-12-03' },
          },
        ],
      }),
    );
    const chatgpt = byId.get('chatgpt')!;
    expect(chatgpt.url).toBe('https://chatgpt.com');
    // the free copy is an offer of its base model since entity resolution: the fact lands on the base
    expect(chatgpt.poweredBy.map((m) => m.modelId)).toEqual(['openai/gpt-4o', 'openai/gpt-oss-120b']);
    expect(chatgpt.poweredBy[0]).toEqual({ modelId: 'openai/gpt-4o', source: 'https://example.org/models', date: '2026-12-03' });
    expect(chatgpt.rivals).toEqual([
      { id: 'claude', source: 'https://example.org/alternatives', date: '2026-12-03' },
      { id: 'gemini', source: 'https://example.org/alternatives', date: '2026-12-03' },
    ]);
    expect(chatgpt.facts.find((f) => f.field === 'poweredBy')?.value).toBe(`${byId.get('openai/gpt-4o')!.name}, ${byId.get('openai/gpt-oss-120b')!.name}`);
    expect(chatgpt.facts.find((f) => f.field === 'rivals')?.value).toBe(`${byId.get('claude')!.name}, ${byId.get('gemini')!.name}`);
  });

  it('fails the build naming the row when a product, model or rival does not exist', () => {
    const err = buildError({
      products: [
        { product: 'chatgpt', rivals: { value: ['claude', 'no-such-rival', 'chatgpt'], source: 'https://a.example', checked: '2026-12-03' } },
        { product: 'no-such-product', vendor: { value: 'X', source: 'https://a.example', checked: '2026-12-03' } },
        { product: 'cursor', poweredBy: { models: ['anthropic/claude-sonnet-4.5', 'acme/none', 'claude'], source: 'https://a.example', checked: '2026-12-03' } },
      ],
    });
    expect(err.source).toBe('facts');
    expect(err.errors.map((e) => [e.row, e.path])).toEqual([
      [0, 'rivals.value.1'],
      [0, 'rivals.value.2'],
      [1, 'product'],
      [2, 'poweredBy.models.1'],
      [2, 'poweredBy.models.2'],
    ]);
    expect(err.message).toMatch(/row 1 field product: no product with id "no-such-product"/);
    expect(err.errors[4]!.message).toMatch(/"claude" is a product, not a model/);
  });

  it('a discontinued listing leaves the catalog with its evidence and rival mentions, and the report lists it', () => {
    const checked = '2026-12-04';
    const { byId, build: b, report } = build(
      curatedDir({
        products: [
          { product: 'woebot', discontinued: { since: '2025-06', successor: 'nothing', source: 'https://a.example/closed', checked } },
          { product: 'chatgpt', rivals: { value: ['claude', 'woebot'], source: 'https://a.example/rivals', checked } },
        ],
      }),
    );
    expect(without.byId.has('woebot')).toBe(true);
    expect(without.build.evidence.some((e) => e.productId === 'woebot')).toBe(true);
    expect(byId.has('woebot')).toBe(false);
    expect(b.evidence.filter((e) => e.productId === 'woebot')).toEqual([]);
    expect(byId.get('chatgpt')!.rivals.map((r) => r.id)).toEqual(['claude']);
    const record = { id: 'woebot', name: 'Woebot', since: '2025-06', successor: 'nothing', source: 'https://a.example/closed', checked };
    expect(report.facts.discontinued).toEqual([record]);
    expect(b.coverage?.discontinued).toEqual([record]);
    // the shipped file: each one is gone from the bundled catalog
    for (const r of shippedFacts.products.filter((x) => x.discontinued)) expect(withFacts.byId.has(r.product as string), r.product as string).toBe(false);
    expect(withFacts.build.coverage?.discontinued?.map((d) => d.id)).toEqual(shippedFacts.products.filter((x) => x.discontinued).map((x) => x.product));
  });

  it('a sourced description replaces a listing that is out of date, and names its page', () => {
    expect(without.byId.get('gemini')!.description).toMatch(/LaMDA/);
    const gemini = withFacts.byId.get('gemini')!;
    expect(gemini.description).not.toMatch(/LaMDA/);
    expect(gemini.description).toMatch(/^Google's AI assistant/);
    expect(gemini.facts).toContainEqual(expect.objectContaining({ field: 'description', source: 'https://www.zeniteq.com/blog/google-renamed-bard-to-gemini' }));
    // a merged listing's second, older sentence ("access to GPT-3 and GPT-4 models") goes with it
    expect(without.byId.get('openai-api')!.description).toMatch(/GPT-3/);
    expect(withFacts.byId.get('openai-api')!.description).not.toMatch(/GPT-3/);
  });

  it('a renamed product goes by its new name, keeps the old one as an alias and says so with the page', () => {
    const lumar = withFacts.byId.get('deepcrawl')!;
    expect(without.byId.get('deepcrawl')!.name).toBe('DeepCrawl');
    expect(lumar.name).toBe('Lumar');
    expect(lumar.aliases).toContain('DeepCrawl');
    expect(lumar.facts).toContainEqual({ field: 'renamed', value: 'formerly DeepCrawl', source: 'https://www.lumar.io/product-guides/new-releases/meet-our-enhanced-crawler/', date: '2026-12-04' });
  });

  it('capabilities a page states are added to the product with the page, and an unknown tag is a row error', () => {
    const checked = '2026-12-04';
    const { byId } = build(
      curatedDir({ products: [{ product: 'chatgpt', capabilities: [{ tags: ['code', 'image-generation'], source: 'https://a.example/features', checked }, { tags: ['code', 'data-analysis'], source: 'https://b.example/help', checked }] }] }),
    );
    const chatgpt = byId.get('chatgpt')!;
    // each tag keeps the first page that states it
    expect(chatgpt.features.statedCapabilities).toEqual([
      { tag: 'code', source: 'https://a.example/features', date: checked },
      { tag: 'image-generation', source: 'https://a.example/features', date: checked },
      { tag: 'data-analysis', source: 'https://b.example/help', date: checked },
    ]);
    expect(chatgpt.facts).toEqual([
      { field: 'capabilities', value: 'Code, Image generation', source: 'https://a.example/features', date: checked },
      { field: 'capabilities', value: 'Code, Data analysis', source: 'https://b.example/help', date: checked },
    ]);
    // on the card, a capability the listing does not name says which page states it
    const code = withFacts.byId.get('chatgpt')!.capabilities.find((c) => c.tag === 'code')!;
    expect(code.description).toMatch(/ Stated on livemint\.com \(checked 2026-12-04\)\.$/);
    const { errors } = parseFacts({ products: [{ product: 'x', capabilities: [{ tags: ['telepathy'], source: 'https://a.example', checked }] }] });
    expect(errors.map((e) => e.path)).toEqual(['capabilities.0.tags.0']);
  });

  it('a stated usage figure becomes adoption evidence with its page and date; users and paying customers are counted apart', () => {
    const usage = (count: number, unit: string, qualifier = 'exact') => ({
      count,
      qualifier,
      unit,
      asOf: '2025-10',
      source: 'https://news.example/story',
      quote: 'the figure, in the page\'s words',
      checked: '2026-12-04',
    });
    const { build: b, byId, ev } = build(
      curatedDir({
        products: [
          { product: 'chatgpt', usage: usage(800_000_000, 'weekly active users', 'over') },
          { product: 'bamboohr', usage: usage(34_000, 'customers') },
          { product: 'suno-ai', usage: usage(2_000_000, 'paying subscribers', 'over') },
        ],
      }),
    );
    expect(ev('chatgpt', 'stated_users')).toEqual([
      { productId: 'chatgpt', kind: 'stated_users', value: 800_000_000, source: FACTS_SOURCE_ID, date: '2025-10-01', detail: 'over 800 million weekly active users', note: 'news.example, 2025-10' },
    ]);
    expect(ev('bamboohr', 'stated_customers').map((e) => e.detail)).toEqual(['34,000 customers']);
    expect(ev('bamboohr', 'stated_users')).toEqual([]);
    // people on a paid plan are paying customers, not a count of everyone who uses it
    expect(ev('suno-ai', 'stated_customers').map((e) => e.detail)).toEqual(['over 2 million paying subscribers']);
    expect(byId.get('chatgpt')!.facts).toContainEqual({ field: 'usage', value: 'over 800 million weekly active users (as of 2025-10)', source: 'https://news.example/story', date: '2026-12-04' });
    // the scoring run reads it as adoption and says where it comes from
    const scored = runScoring({ products: b.products.map((p) => ({ id: p.id, type: p.type, category: p.category })), evidence: b.evidence, edges: [], at: new Date('2026-12-04T00:00:00Z') });
    const chatgpt = scored.scores.find((r) => r.productId === 'chatgpt')!;
    expect(chatgpt.signals.adoption.evidence).toContain('over 800 million weekly active users (stated on news.example, 2025-10)');
    const { errors } = parseFacts({ products: [{ product: 'x', usage: { ...usage(10, 'visits'), asOf: 'last year' } }, { product: 'y', usage: { ...usage(1.5, 'users'), quote: undefined } }] });
    expect(errors.map((e) => `${e.row} ${e.path}`).sort()).toEqual(['0 usage.asOf', '0 usage.unit', '1 usage.count', '1 usage.quote']);
  });

  it('a malformed facts file fails the build with row-level errors', () => {
    const err = buildError({ products: [{ product: 'chatgpt', pricing: { model: 'cheap', source: 'https://a.example', checked: '2026-12-03' } }] });
    expect(err.errors).toEqual([expect.objectContaining({ row: 0, path: 'pricing.model' })]);
  });
});

describe('repositories joined by URL, with renames followed', () => {
  let shipped: ReturnType<typeof build>;
  let src: LoadedSources;

  beforeAll(() => {
    shipped = build();
    src = loadSources(SOURCES);
  });

  it.each([
    ['n8n', 'n8n-io/n8n', 201558],
    ['langchain', 'langchain-ai/langchain', 144741],
    ['claude-code', 'anthropics/claude-code', 142319],
    ['comfyui', 'Comfy-Org/ComfyUI', 128863],
    ['crewai', 'crewAIInc/crewAI', 57443],
  ])('%s gets the stars of %s', (id, repo, stars) => {
    const p = shipped.byId.get(id)!;
    expect(p.repository).toBe(repo);
    expect(shipped.ev(id, 'github_stars')).toEqual([{ productId: id, kind: 'github_stars', value: stars, source: 'github-ranking', date: '2026-08-22', detail: repo }]);
    expect(p.provenance.sources).toContain('github-ranking');
  });

  it("follows a renamed repository from the list's old URL to the stars under its new name", () => {
    const renamed = new RepoIndex(src, loadRepoRenames(join(CURATED, 'repo-renames.json')));
    const plain = new RepoIndex(src, []);
    const listUrl = 'https://github.com/comfyanonymous/ComfyUI';
    expect(plain.repositoryFor([listUrl], ['ComfyUI'])).toBe('comfyanonymous/ComfyUI');
    expect(plain.get('comfyanonymous/ComfyUI')).toBeUndefined();
    expect(renamed.repositoryFor([listUrl], ['ComfyUI'])).toBe('Comfy-Org/ComfyUI');
    expect(renamed.get('comfyanonymous/ComfyUI')).toMatchObject({ fullName: 'Comfy-Org/ComfyUI', stars: 128863, source: 'github-ranking' });
  });

  it("finds a repository on the product's own host with the product's name, without any curated fact", () => {
    // anthropics/claude-code's homepage is code.claude.com/docs/en/overview; the list gives https://code.claude.com
    const index = new RepoIndex(src, []);
    expect(index.repositoryFor(['https://code.claude.com'], ['Claude Code'])).toBe('anthropics/claude-code');
    expect(index.repositoryFor(['https://code.claude.com'], ['Claude Desktop'])).toBeNull();
    const bare = build(curatedDir(null, false));
    expect(bare.byId.get('claude-code')!.repository).toBe('anthropics/claude-code');
    // n8n.io is nobody's homepage in the bundle: its repository comes from the curated fact
    expect(bare.byId.get('n8n')!.repository).toBeNull();
    expect(bare.ev('n8n', 'github_stars')).toEqual([]);
  });

  it('finds the repository named like its owner, the product and its site (chatwoot.com: chatwoot/chatwoot), and nothing looser', () => {
    const index = new RepoIndex(src, []);
    expect(index.repositoryFor(['https://www.chatwoot.com/'], ['Chatwoot'])).toBe('chatwoot/chatwoot');
    expect(index.repositoryFor(['https://app.upscayl.org/download'], ['Upscayl'])).toBe('upscayl/upscayl');
    // the site must say the name too, and the owner: llama.com is not meta-llama/llama, "Chatwoot" at another site is not it
    expect(index.repositoryFor(['https://www.llama.com/'], ['Llama'])).toBeNull();
    expect(index.repositoryFor(['https://chatwoot.example.org/'], ['Chatwoot'])).toBeNull();
    expect(index.repositoryFor(['https://www.chatwoot.com/'], ['Crisp'])).toBeNull();
    for (const [id, repo, stars] of [['chatwoot', 'chatwoot/chatwoot', 36055], ['grafana', 'grafana/grafana', 76334], ['logseq', 'logseq/logseq', 44553]] as const) {
      expect(shipped.byId.get(id)!.repository).toBe(repo);
      expect(shipped.ev(id, 'github_stars').map((e) => [e.value, e.detail])).toEqual([[stars, repo]]);
    }
  });

  it('the rename table is validated: duplicates, no-op renames and cycles are row errors', () => {
    const row = (from: string, to: string) => ({ from, to, source: 'https://a.example', checked: '2026-12-03' });
    expect(parseRepoRenames(JSON.parse(readFileSync(join(CURATED, 'repo-renames.json'), 'utf8'))).errors).toEqual([]);
    const { errors } = parseRepoRenames({ renames: [row('a/x', 'b/x'), row('A/X', 'c/x'), row('d/y', 'D/Y'), row('b/x', 'a/x'), { from: 'e', to: 'f/g' }] });
    expect(errors.map((e) => [e.row, e.path])).toEqual(expect.arrayContaining([[1, 'from'], [2, 'to'], [4, 'from'], [4, 'source'], [4, 'checked']]));
    expect(errors.some((e) => /cycle/.test(e.message))).toBe(true);
  });
});
