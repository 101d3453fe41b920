import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CatalogBuild, Product } from '../src/core/domain.js';
import { parseAutoVenture } from '../src/importers/ai-tools-autoventure.js';
import { parseAwesomeAiTools } from '../src/importers/awesome-ai-tools.js';
import { parseAwesomeGenerativeAi } from '../src/importers/awesome-generative-ai.js';
import { buildCatalog, buildCatalogWithReport, importSingleSource, type BuildReport } from '../src/importers/build.js';
import { parseCsv } from '../src/importers/csv.js';
import { parseCurated } from '../src/importers/curated.js';
import { FILE_ROW, ImportValidationError, type RowError } from '../src/importers/errors.js';
import { parseGenAiPrices } from '../src/importers/genai-prices.js';
import { parseOssCollection, parseRepoMetadata } from '../src/importers/github-ai-repos.js';
import { parseGithubRanking } from '../src/importers/github-ranking.js';
import { parseHuggingFaceTrending } from '../src/importers/huggingface-trending.js';
import { parseLiteLlm } from '../src/importers/litellm.js';
import { parseArenaLeaderboard, parseArenaScatterplot } from '../src/importers/lmarena.js';
import { parseModelsDevModels, parseModelsDevProviders } from '../src/importers/models-dev.js';
import { canonicalProvider, datelessKey, modelKey, productNameKey, urlKey } from '../src/importers/normalize.js';
import { parseOpenRouter } from '../src/importers/openrouter.js';

const DATA = join(process.cwd(), 'data');
const SOURCES = join(DATA, 'sources');
const json = (rel: string): unknown => JSON.parse(readFileSync(join(SOURCES, rel), 'utf8'));
const text = (rel: string): string => readFileSync(join(SOURCES, rel), 'utf8');

const LLAMA_1B = 'meta-llama/llama-3.2-1b-instruct';

function goodOpenRouterRow(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'acme/widget-1',
    name: 'Acme: Widget 1',
    hugging_face_id: null,
    description: 'A test model.',
    context_length: 8192,
    architecture: { modality: 'text->text', input_modalities: ['text'], output_modalities: ['text'] },
    pricing: { prompt: '0.000001', completion: '0.000002' },
    supported_parameters: ['temperature'],
    ...over,
  };
}

function errorAt(errors: RowError[], row: number | string, path: string): RowError | undefined {
  return errors.find((e) => e.row === row && e.path === path);
}

describe('openrouter importer', () => {
  it('parses the shipped snapshot with its real facts', () => {
    const { rows, errors } = parseOpenRouter(json('openrouter/models.json'));
    expect(errors).toEqual([]);
    expect(rows).toHaveLength(364);
    const llama = rows.find((r) => r.id === LLAMA_1B)!;
    expect(llama.name).toBe('Meta: Llama 3.2 1B Instruct');
    expect(llama.pricing.prompt).toBe(2.7e-8);
    expect(llama.pricing.completion).toBe(2e-7);
    expect(llama.context_length).toBe(60000);
    expect(llama.hugging_face_id).toBe('meta-llama/Llama-3.2-1B-Instruct');
    expect(llama.architecture.input_modalities).toEqual(['text']);
  });

  it('reports row-level errors naming the row and the field', () => {
    const raw = {
      data: [
        goodOpenRouterRow(),
        goodOpenRouterRow({ id: 'acme/bad', pricing: { prompt: 'cheap', completion: '0' } }),
        goodOpenRouterRow({ id: 'acme/bad-2', context_length: 'long' }),
        goodOpenRouterRow({ id: 'acme/bad-3', architecture: { input_modalities: ['text'] } }),
      ],
    };
    const { rows, errors } = parseOpenRouter(raw);
    expect(rows.map((r) => r.id)).toEqual(['acme/widget-1']);
    expect(errorAt(errors, 1, 'pricing.prompt')?.message).toMatch(/numeric/);
    expect(errorAt(errors, 2, 'context_length')).toBeDefined();
    expect(errorAt(errors, 3, 'architecture.output_modalities')).toBeDefined();
    expect(errors.every((e) => typeof e.row === 'number')).toBe(true);
  });

  it('rejects duplicate ids and a file of the wrong shape', () => {
    const dup = parseOpenRouter({ data: [goodOpenRouterRow(), goodOpenRouterRow()] });
    expect(errorAt(dup.errors, 1, 'id')?.message).toContain('duplicate');
    for (const bad of [[], { models: [] }, 'text', null]) {
      const r = parseOpenRouter(bad);
      expect(r.rows).toEqual([]);
      expect(r.errors[0].row).toBe(FILE_ROW);
    }
  });
});

describe('litellm importer', () => {
  it('parses the shipped cost map and skips the non-model keys', () => {
    const r = parseLiteLlm(json('litellm/model_prices_and_context_window.json'));
    expect(r.errors).toEqual([]);
    expect(r.rows).toHaveLength(2982);
    expect(r.rows.some((e) => e.key === 'sample_spec')).toBe(false);
    expect(r.lastUpdated).toMatch(/^2026-07-24/);
    const gpt4o = r.rows.find((e) => e.key === 'openrouter/openai/gpt-4o')!;
    expect(gpt4o.litellm_provider).toBe('openrouter');
    expect(gpt4o.input_cost_per_token).toBe(2.5e-6);
    expect(gpt4o.supports_vision).toBe(true);
  });

  it('names the model key and field of a bad entry; rejects a non-object file', () => {
    const r = parseLiteLlm({ 'good-model': { litellm_provider: 'openai' }, 'bad-model': { input_cost_per_token: 'free', supports_vision: 'yes' } });
    expect(r.rows.map((e) => e.key)).toEqual(['good-model']);
    expect(errorAt(r.errors, 'bad-model', 'litellm_provider')).toBeDefined();
    expect(errorAt(r.errors, 'bad-model', 'input_cost_per_token')).toBeDefined();
    expect(errorAt(r.errors, 'bad-model', 'supports_vision')).toBeDefined();
    expect(parseLiteLlm([1, 2]).errors[0].row).toBe(FILE_ROW);
    expect(parseLiteLlm({}).errors[0].row).toBe(FILE_ROW);
  });
});

describe('genai-prices importer', () => {
  it('flattens providers into model rows with prices', () => {
    const r = parseGenAiPrices(json('genai-prices/data.json'));
    expect(r.errors).toEqual([]);
    expect(r.rows).toHaveLength(1442);
    const llama = r.rows.find((m) => m.provider === 'openrouter' && m.id === LLAMA_1B)!;
    expect(llama.inputMTok).toBe(0.005);
    const haiku = r.rows.find((m) => m.provider === 'anthropic' && m.id === 'claude-3-5-haiku-latest')!;
    expect(haiku.name).toBe('Claude Haiku 3.5');
    expect(haiku.contextWindow).toBe(200000);
  });

  it('reports "provider/index" rows and rejects a non-array file', () => {
    const r = parseGenAiPrices([{ id: 'p', name: 'P', models: [{ id: 'ok', prices: { input_mtok: 1 } }, { id: 'bad', prices: 'cheap' }] }, { id: 'q' }]);
    expect(r.rows.map((m) => m.id)).toEqual(['ok']);
    expect(errorAt(r.errors, 'p/1', 'prices')).toBeDefined();
    expect(errorAt(r.errors, 1, 'name')).toBeDefined();
    expect(parseGenAiPrices({ providers: [] }).errors[0].row).toBe(FILE_ROW);
  });
});

describe('models.dev importer', () => {
  it('parses providers.json and models.json', () => {
    const p = parseModelsDevProviders(json('models-dev/providers.json'));
    expect(p.errors).toEqual([]);
    expect(p.rows).toHaveLength(5276);
    const llama = p.rows.find((m) => m.provider === 'openrouter' && m.id === LLAMA_1B)!;
    expect(llama.name).toBe('Llama 3.2 1B Instruct');
    expect(llama.open_weights).toBe(true);
    expect(llama.limit.context).toBe(60000);
    const m = parseModelsDevModels(json('models-dev/models.json'));
    expect(m.errors).toEqual([]);
    expect(m.rows).toHaveLength(231);
    const opus = m.rows.find((r) => r.key === 'anthropic/claude-opus-4-6')!;
    expect(opus.benchmarks?.find((b) => b.name === 'SWE-Bench Pro')?.score).toBe(51.9);
  });

  it('names "provider/model" rows and the failing field', () => {
    const r = parseModelsDevProviders({
      acme: { id: 'acme', name: 'Acme', models: { good: { id: 'good', name: 'Good', open_weights: false, limit: {}, modalities: { input: ['text'], output: ['text'] } }, bad: { id: 'bad', name: 'Bad', limit: {} } } },
    });
    expect(r.rows.map((m) => m.id)).toEqual(['good']);
    expect(errorAt(r.errors, 'acme/bad', 'open_weights')).toBeDefined();
    expect(parseModelsDevProviders([]).errors[0].row).toBe(FILE_ROW);
    expect(errorAt(parseModelsDevModels({ 'lab/x': { id: 'x', name: 'X', open_weights: true, limit: {}, benchmarks: [{ name: 'B', score: 'high' }] } }).errors, 'lab/x', 'benchmarks.0.score')).toBeDefined();
  });
});

describe('product list importers', () => {
  it('AutoVenture: 449 tools with Free / Free Trial pricing', () => {
    const r = parseAutoVenture(json('ai-tools-autoventure/ai-tools.json'));
    expect(r.errors).toEqual([]);
    expect(r.rows).toHaveLength(449);
    expect(r.updated).toBe('2026-08-06');
    expect(r.rows.find((t) => t.name === 'Cursor')?.pricing).toBe('Free');
    expect(new Set(r.rows.map((t) => t.pricing))).toEqual(new Set(['Free', 'Free Trial']));
    // HTML character references in the file are read as the characters they stand for
    expect(r.rows.find((t) => t.slug === 'muse-video-ai')?.description).toMatch(/^Meta's native-audio text-to-video generator/);
    expect(r.rows.filter((t) => /&(#x?[0-9a-f]+|amp|quot|apos|lt|gt);/i.test(t.name + t.description)).map((t) => t.slug)).toEqual([]);
  });

  it('AutoVenture: rejects an unknown pricing value and a bad URL by row and field', () => {
    const tool = { name: 'X', slug: 'x', category: 'Code', pricing: 'Free', description: '', website: 'https://x.ai' };
    const r = parseAutoVenture({ tools: [tool, { ...tool, pricing: 'Paid' }, { ...tool, website: 'not a url' }] });
    expect(r.rows).toHaveLength(1);
    expect(errorAt(r.errors, 1, 'pricing')).toBeDefined();
    expect(errorAt(r.errors, 2, 'website')).toBeDefined();
    expect(parseAutoVenture([tool]).errors[0].row).toBe(FILE_ROW);
  });

  it('awesome lists: parse both, repairing the one nested markdown link', () => {
    const gen = parseAwesomeGenerativeAi(json('awesome-generative-ai/products.json'));
    const ait = parseAwesomeAiTools(json('awesome-ai-tools/products.json'));
    expect(gen.errors).toEqual([]);
    expect(ait.errors).toEqual([]);
    expect(gen.rows).toHaveLength(450);
    expect(ait.rows).toHaveLength(381);
    expect(gen.rows.find((p) => p.name === 'ChatGPT')?.url).toBe('https://chatgpt.com/');
    const q = ait.rows.find((p) => p.name === 'Amazon Q Developer')!;
    expect(q.url).toBe('https://aws.amazon.com/codewhisperer/');
    expect(q.description.startsWith('AI coding assistant')).toBe(true);
  });

  it('awesome lists: a missing URL or category is a row error', () => {
    const ok = { name: 'A', url: 'https://a.ai', description: 'd', category: 'Text', subcategory: null, open_source: false };
    const r = parseAwesomeGenerativeAi([ok, { ...ok, url: undefined }, { ...ok, category: '' }, { ...ok, open_source: 'yes' }]);
    expect(r.rows).toHaveLength(1);
    expect(errorAt(r.errors, 1, 'url')).toBeDefined();
    expect(errorAt(r.errors, 2, 'category')).toBeDefined();
    expect(errorAt(r.errors, 3, 'open_source')).toBeDefined();
    expect(parseAwesomeAiTools({ products: [] }).errors[0].row).toBe(FILE_ROW);
  });
});

describe('adoption importers', () => {
  it('Hugging Face trending: 1,000 models with downloads and likes', () => {
    const r = parseHuggingFaceTrending(json('huggingface-trending/huggingface-trending.json'));
    expect(r.errors).toEqual([]);
    expect(r.rows).toHaveLength(1000);
    expect(r.rows.find((m) => m.id === 'meta-llama/Llama-3.2-1B-Instruct')?.downloads).toBe(6171370);
    const bad = parseHuggingFaceTrending({ models: [{ rank: 1, id: 'no-slash', downloads: -1, likes: 3 }] });
    expect(errorAt(bad.errors, 0, 'id')).toBeDefined();
    expect(errorAt(bad.errors, 0, 'downloads')).toBeDefined();
  });

  it('GitHub ranking CSV: 3,600 rows, quoted descriptions with commas kept whole', () => {
    const r = parseGithubRanking(text('github-ranking/github-ranking-2026-08-22.csv'));
    expect(r.errors).toEqual([]);
    expect(r.rows).toHaveLength(3600);
    const ollama = r.rows.find((x) => x.item === 'top-100-stars' && x.repo_name === 'ollama')!;
    expect(ollama.stars).toBe(179137);
    expect(ollama.description).toContain('Kimi-K2.6, GLM-5.2, MiniMax');
    expect(parseCsv('a,b\n"x, ""y""",2\n')).toEqual([['a', 'b'], ['x, "y"', '2']]);
  });

  it('GitHub ranking CSV: bad numbers and short rows are row errors; a wrong header is a file error', () => {
    const header = 'rank,item,repo_name,stars,forks,language,repo_url,username,issues,last_commit,description';
    const good = '1,Go,ollama,10,1,Go,https://github.com/ollama/ollama,ollama,1,2026-01-01T00:00:00Z,desc';
    const r = parseGithubRanking([header, good, good.replace(',10,', ',many,'), '1,Go'].join('\n'));
    expect(r.rows).toHaveLength(1);
    expect(errorAt(r.errors, 2, 'stars')).toBeDefined();
    expect(r.errors.find((e) => e.row === 3)?.message).toContain('columns');
    expect(parseGithubRanking('name,stars\nx,1').errors[0].row).toBe(FILE_ROW);
  });

  it('repo metadata and OSS Insight collections', () => {
    const meta = parseRepoMetadata(json('github-ai-repos/repo-metadata.json'));
    expect(meta.errors).toEqual([]);
    expect(meta.rows).toHaveLength(828);
    expect(errorAt(parseRepoMetadata({ items: [{ fullName: 'a', stars: 'many' }] }).errors, 0, 'stars')).toBeDefined();
    const coll = parseOssCollection(text('github-ai-repos/ossinsight-collections/ai-coding-assistants.yml'));
    expect(coll.errors).toEqual([]);
    expect(coll.collection?.name).toBe('AI Coding Assistants');
    expect(coll.collection?.items).toContain('TabbyML/tabby');
    const bad = parseOssCollection('id: 7\nname: X\nitems:\n  - ok/repo\n  - not a repo\nstray: line\n');
    expect(errorAt(bad.errors, 5, 'items')).toBeDefined();
    expect(bad.errors.some((e) => e.row === 6)).toBe(true);
    expect(parseOssCollection('name: X\nitems:\n').errors.some((e) => e.row === FILE_ROW && e.message.includes('id'))).toBe(true);
  });
});

describe('lmarena importer', () => {
  it('parses leaderboards and the scatterplot metadata', () => {
    const t = parseArenaLeaderboard(json('lmarena-arena-catalog/leaderboard-text-style-control.json'));
    expect(t.errors).toEqual([]);
    expect(t.rows.filter((r) => r.category === 'full')).toHaveLength(283);
    expect(t.rows.find((r) => r.category === 'full' && r.key === 'llama-3.2-1b-instruct')?.rating).toBeCloseTo(1114.6, 0);
    const s = parseArenaScatterplot(json('lmarena-arena-catalog/scatterplot-data.json'));
    expect(s.errors).toEqual([]);
    expect(s.rows.find((r) => r.model_api_name === 'claude-opus-4-5-20251101')?.organization).toBe('Anthropic');
  });

  it('names "category/model" rows with a bad rating', () => {
    const r = parseArenaLeaderboard({ full: { good: { rating: 1200 }, bad: { rating: 'high' } }, coding: [] });
    expect(errorAt(r.errors, 'full/bad', 'rating')).toBeDefined();
    expect(r.errors.some((e) => e.row === 'coding')).toBe(true);
    expect(parseArenaLeaderboard({ coding: { a: { rating: 1 } } }).errors[0].message).toContain('full');
  });
});

describe('errors and normalisation', () => {
  it('ImportValidationError lists the first ten row errors and counts the rest', () => {
    const errors: RowError[] = Array.from({ length: 13 }, (_, i) => ({ row: i, path: 'pricing.prompt', message: 'expected a numeric string' }));
    const e = new ImportValidationError('openrouter', errors);
    expect(e).toBeInstanceOf(Error);
    expect(e.source).toBe('openrouter');
    expect(e.errors).toHaveLength(13);
    expect(e.message).toContain('openrouter: 13 validation error(s)');
    expect(e.message).toContain('row 9 field pricing.prompt: expected a numeric string');
    expect(e.message).not.toContain('row 10 field');
    expect(e.message).toContain('and 3 more');
  });

  it('model keys agree across catalogs', () => {
    expect(modelKey('llama-3.2-1b-instruct')).toBe('llama-3-2-1b-instruct');
    expect(modelKey('Meta-Llama-3.2-1B-Instruct')).toBe('llama-3-2-1b-instruct');
    expect(modelKey('llama3-2-1b-instruct')).toBe('llama-3-2-1b-instruct');
    expect(datelessKey(modelKey('claude-3-5-sonnet-20240620'))).toBe(modelKey('claude-3.5-sonnet'));
    expect(datelessKey(modelKey('gpt-4o-2024-08-06'))).toBe('gpt-4o');
    expect(canonicalProvider('bedrock_converse')).toBe(canonicalProvider('amazon-bedrock'));
    expect(canonicalProvider('vertex_ai-language-models')).toBe('google-vertex');
    expect(productNameKey('Perplexity AI')).toBe(productNameKey('Perplexity'));
    expect(urlKey('https://www.perplexity.ai/')).toBe(urlKey('https://perplexity.ai'));
    expect(urlKey('https://claude.ai/claude-code')).not.toBe(urlKey('https://claude.ai/'));
  });

  it('curated file: the shipped one is valid; an unknown field is an error', () => {
    expect(parseCurated(JSON.parse(readFileSync(join(DATA, 'curated.json'), 'utf8'))).errors).toEqual([]);
    const bad = parseCurated({ date: '2026-01-01', products: [{ id: 'x', note: 'a long enough note', pricing: { model: 'cheap' } }] });
    expect(bad.errors.some((e) => e.row === 0 && e.path === 'pricing.model')).toBe(true);
  });
});

describe('buildCatalog on the shipped data', () => {
  let build: CatalogBuild;
  let report: BuildReport;
  let byId: Map<string, Product>;
  const named = (name: string) =>
    build.products.filter((p) => p.name.toLowerCase() === name.toLowerCase() || p.aliases.some((a) => a.toLowerCase() === name.toLowerCase()));

  beforeAll(() => {
    ({ build, report } = buildCatalogWithReport({ dir: SOURCES }));
    byId = new Map(build.products.map((p) => [p.id, p]));
  });

  it('a product listed by two lists in nearly the same words says it once', () => {
    expect(byId.get('turbopilot')!.description).toBe(
      'A self-hosted copilot clone which uses the library behind llama.cpp to run the 6 billion parameter Salesforce Codegen model in 4 GB of RAM.',
    );
    expect(byId.get('artbreeder')!.description.match(/new type of creative tool/g)).toHaveLength(1);
    // different things said by two lists are both kept
    expect(byId.get('playground')!.description).toMatch(/online AI image creator.*Free daily image generation/);
  });

  it('builds with every OpenRouter model as an entry, an offer of one, or a router (its time is measured by npm run bench)', () => {
    const openRouterIds = (json('openrouter/models.json') as { data: Array<{ id: string }> }).data.map((m) => m.id);
    expect(openRouterIds).toHaveLength(364);
    const places = new Map<string, string[]>();
    for (const p of build.products) for (const id of [p.id, ...p.offers.map((o) => o.id)]) places.set(id, [...(places.get(id) ?? []), p.id]);
    for (const id of openRouterIds) expect(places.get(id), id).toHaveLength(1);
    const models = build.products.filter((p) => p.type === 'model');
    expect(report.models).toBe(models.length);
    expect(models.length + report.routers + models.reduce((n, p) => n + p.offers.length, 0)).toBe(364);
    expect(report.products).toBeGreaterThan(900);
  });

  it('has no duplicate ids', () => {
    const ids = build.products.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('merges the seed model into the OpenRouter entry with the seed facts', () => {
    const matches = build.products.filter((p) => p.name === 'Meta: Llama 3.2 1B Instruct');
    expect(matches).toHaveLength(1);
    const llama = matches[0];
    expect(llama.id).toBe(LLAMA_1B);
    expect(llama.type).toBe('model');
    expect(llama.vendor).toBe('Meta');
    expect(llama.pricing.model).toBe('usage-based');
    expect(llama.pricing.startingPrice).toEqual({ amount: 2.7e-8, unit: 'per prompt token' });
    expect(llama.pricing.promptPerToken).toBe(2.7e-8);
    expect(llama.contextLength).toBe(60000);
    expect(llama.capabilities).toHaveLength(5);
    expect(llama.capabilities.every((c) => c.unique.length > 0 && c.vsAlternatives.length > 0)).toBe(true);
    expect(llama.capabilities.map((c) => c.tag)).toEqual(['chat', 'multilingual', 'summarization', 'text-generation', null]);
    expect(llama.capabilities.map((c) => c.title).join(' | ')).toMatch(/dialogue.*Multilingual.*summarization.*shot.*OpenRouter/i);
    expect(llama.aliases).toEqual(expect.arrayContaining(['llama-3.2-1b-instruct', 'Llama 3.2 1B Instruct', 'Llama 3.2 1B']));
  });

  it('has the seed product "gemini" once, with the seed facts', () => {
    const gemini = byId.get('gemini')!;
    expect(gemini.name).toBe('gemini');
    expect(gemini.type).toBe('product');
    expect(gemini.aliases).toEqual(expect.arrayContaining(['Gemini', 'Google Gemini']));
    // the seed page says "Paid" with no price; the sourced facts (data/curated/facts.json) know the free tier and the plans
    expect(gemini.pricing.model).toBe('freemium');
    expect(gemini.pricing.startingPrice).toEqual({ amount: 7.99, unit: 'per month' });
    expect(gemini.facts.find((f) => f.field === 'pricing')?.source).toMatch(/^https:\/\//);
    expect(gemini.capabilities).toHaveLength(3);
    expect(gemini.capabilities.map((c) => c.title)).toEqual([
      'Image generation from prompts',
      'Conversational chat about images',
      'Multi-format content creation',
    ]);
    expect(build.products.filter((p) => p.type === 'product' && p.name.toLowerCase() === 'gemini')).toHaveLength(1);
  });

  it('finds the big products by name, once each', () => {
    for (const name of ['ChatGPT', 'Gemini', 'Claude', 'Cursor', 'GitHub Copilot', 'Midjourney', 'Notion AI', 'Perplexity']) {
      const found = named(name).filter((p) => p.type === 'product');
      expect(found, name).toHaveLength(1);
    }
    expect(named('ChatGPT')[0].pricing.model).toBe('freemium');
    expect(named('Midjourney')[0].pricing.model).toBe('paid');
    expect(named('Cursor')[0].pricing.model).toBe('freemium');
    expect(named('Notion AI')[0].pricing.model).toBe('freemium');
  });

  it('de-duplicates products across lists by name and by URL', () => {
    const chatgpt = byId.get('chatgpt')!;
    expect(chatgpt.provenance.sources).toEqual(expect.arrayContaining(['awesome-generative-ai', 'awesome-ai-tools']));
    expect(build.evidence.find((e) => e.productId === 'chatgpt' && e.kind === 'list_mentions')?.value).toBe(2);
    // "Perplexity AI" (two lists) and "Perplexity" (AutoVenture) are one product
    const perplexity = named('Perplexity').filter((p) => p.type === 'product');
    expect(perplexity).toHaveLength(1);
    expect(perplexity[0].provenance.sources).toEqual(expect.arrayContaining(['ai-tools-autoventure', 'awesome-generative-ai', 'awesome-ai-tools']));
    // "Claude 3" (awesome-ai-tools) shares Claude's URL and merges into it
    expect(named('Claude 3').map((p) => p.id)).toEqual(['claude']);
    // AutoVenture pricing: "Free Trial" is a trial, not a free tier (src/importers/pricing.ts)
    const trial = named('WellSaid').filter((p) => p.type === 'product');
    expect(trial).toHaveLength(1);
    expect(trial[0].pricing.model).toBe('free-trial');
    expect(trial[0].features).toMatchObject({ freeTrial: true });
    expect(trial[0].features.freeTier).toBeUndefined();
  });

  it('derives model facts from OpenRouter and the joined catalogs', () => {
    // free routes of a paid model are its offers; a free route with no paid entry stays a model of its own
    const free = build.products.filter((p) => p.type === 'model' && p.id.endsWith(':free'));
    expect(free.length).toBeGreaterThan(5);
    expect(free.every((p) => p.pricing.model === 'free' && p.pricing.startingPrice === null && !byId.has(p.id.slice(0, -':free'.length)))).toBe(true);
    const withFree = build.products.filter((p) => p.offers.some((o) => o.kind === 'free'));
    expect(withFree.length).toBeGreaterThan(10);
    expect(withFree.every((p) => p.features.freeTier === true)).toBe(true);
    const gpt4o = byId.get('openai/gpt-4o')!;
    expect(gpt4o.category).toBe('Multimodal models');
    expect(gpt4o.features.toolCalling).toBe(true);
    expect(gpt4o.features.vision).toBe(true);
    expect(gpt4o.providers).toEqual(expect.arrayContaining(['OpenRouter', 'OpenAI']));
    expect(byId.get('google/gemini-2.5-flash-image')?.category).toBe('Image models');
    const llama = byId.get(LLAMA_1B)!;
    expect(llama.features.openWeights).toBe(true);
    expect(llama.providers.length).toBeGreaterThanOrEqual(5);
  });

  it('joins evidence: arena ratings, Hugging Face downloads, providers, benchmarks, stars', () => {
    const ev = (id: string, kind: string) => build.evidence.filter((e) => e.productId === id && e.kind === kind);
    expect(ev('anthropic/claude-sonnet-4.5', 'arena_rating').map((e) => e.detail)).toContain('LMArena text (style control)');
    expect(ev('openai/gpt-4o', 'arena_rating').length).toBeGreaterThanOrEqual(2);
    const hf = ev(LLAMA_1B, 'hf_downloads');
    expect(hf).toHaveLength(1);
    expect(hf[0].value).toBe(6171370);
    expect(hf[0].source).toBe('huggingface');
    expect(ev(LLAMA_1B, 'providers')[0].value).toBe(byId.get(LLAMA_1B)!.providers.length);
    expect(ev('anthropic/claude-opus-4.6', 'benchmark').map((e) => e.detail)).toContain('SWE-Bench Pro');
    expect(build.evidence.some((e) => e.kind === 'github_stars' && e.value > 1000)).toBe(true);
    expect(build.evidence.some((e) => e.kind === 'integrations')).toBe(true);
    // the board's "gemini-2.5-pro" rates Gemini 2.5 Pro, not also the preview route that reaches the same key
    const textRating = (id: string) => ev(id, 'arena_rating').filter((e) => e.detail === 'LMArena text (style control)').map((e) => e.value);
    expect(textRating('google/gemini-2.5-pro')).toEqual([1451]);
    expect(textRating('google/gemini-2.5-pro-preview')).toEqual([]);
    expect(byId.get('google/gemini-2.5-pro-preview')!.aliases).not.toContain('Gemini-2.5-Pro');
    const text = report.arena.find((a) => a.board === 'text')!;
    expect(text.matchedModels).toBeGreaterThan(80);
    expect(text.matchedModels).toBeLessThanOrEqual(text.models);
  });

  it('rates an image product by the best of the text-to-image entries aliased to it, and names that entry', () => {
    const image = (id: string) => build.evidence.filter((e) => e.productId === id && e.kind === 'arena_rating' && e.detail === 'LMArena text-to-image');
    // flux-2-flex 1155.5 is the best of the seven Black Forest Labs FLUX entries (flux-2-pro 1150.5, ...)
    expect(image('flux')).toEqual([expect.objectContaining({ value: 1155.5, note: 'flux-2-flex, best of 7 entries' })]);
    expect(image('imagen')).toEqual([expect.objectContaining({ value: 1144.1, note: 'imagen-4.0-ultra-generate-preview-06-06, best of 3 entries' })]);
    expect(image('stable-diffusion')).toEqual([expect.objectContaining({ value: 940.7, note: 'stable-diffusion-v35-large' })]);
    expect(image('dall-e')).toEqual([expect.objectContaining({ value: 978, note: 'dall-e-3' })]);
    // GPT Image 1 is not GPT-5 Image: no join
    expect(image('openai/gpt-5-image')).toEqual([]);
    // every aliased entry is attached to its product, not reported as unmatched
    const board = report.arena.find((a) => a.board === 'image')!;
    const unmatched = board.unmatched.map((u) => u.key);
    for (const key of ['flux-2-pro', 'flux-1.1-pro', 'flux-1-dev-fp8', 'imagen-3.0-generate-002', 'ideogram-v2']) expect(unmatched).not.toContain(key);
    expect(unmatched).toContain('gpt-image-1');
  });

  it('gives every evidence row a known product, a source and an ISO date', () => {
    for (const e of build.evidence) {
      expect(byId.has(e.productId), e.productId).toBe(true);
      expect(e.source.length).toBeGreaterThan(0);
      expect(e.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(Number.isFinite(e.value)).toBe(true);
    }
  });

  it('lists every source with its snapshot date and licence', () => {
    const ids = build.sources.map((s) => s.id);
    expect(ids).toEqual(expect.arrayContaining(['openrouter', 'litellm', 'genai-prices', 'models-dev', 'lmarena', 'ai-tools-autoventure', 'huggingface', 'curated']));
    expect(build.sources.find((s) => s.id === 'openrouter')).toMatchObject({ name: 'OpenRouter', date: '2026-05-15' });
    expect(build.sources.find((s) => s.id === 'ai-tools-autoventure')?.licence).toContain('CC BY 4.0');
    expect(build.sources.every((s) => /^\d{4}-\d{2}-\d{2}$/.test(s.date) && s.licence.length > 0)).toBe(true);
  });

  it('gives every product at least one capability with unique and vs-alternatives lines', () => {
    for (const p of build.products) {
      expect(p.capabilities.length, p.id).toBeGreaterThanOrEqual(1);
      for (const c of p.capabilities) {
        expect(c.title.length, p.id).toBeGreaterThan(0);
        expect(c.unique.length, p.id).toBeGreaterThan(0);
        expect(c.vsAlternatives.length, p.id).toBeGreaterThan(0);
      }
    }
    const models = build.products.filter((p) => p.type === 'model');
    const typical = models.filter((p) => p.capabilities.length >= 3 && p.capabilities.length <= 6);
    expect(typical.length / models.length).toBeGreaterThan(0.9);
  });

  it('is deterministic', () => {
    expect(buildCatalog({ dir: SOURCES })).toEqual(build);
  });
});

describe('single-source import', () => {
  it('rebuilds with a downloaded OpenRouter file and dates it', () => {
    const full = json('openrouter/models.json') as { data: Array<{ id: string }> };
    const subset = { data: full.data.filter((m) => m.id.startsWith('meta-llama/') || m.id.startsWith('anthropic/')) };
    const dir = mkdtempSync(join(tmpdir(), 'mg-import-'));
    const file = join(dir, 'models.json');
    writeFileSync(file, JSON.stringify(subset));
    const build = importSingleSource('openrouter', file, { dir: SOURCES, today: '2026-09-01' });
    const entries = build.products.filter((p) => p.type === 'model').flatMap((p) => [p.id, ...p.offers.map((o) => o.id)]);
    expect(entries.sort()).toEqual(subset.data.map((m) => m.id).sort());
    expect(entries).toContain(LLAMA_1B);
    expect(build.sources.find((s) => s.id === 'openrouter')?.date).toBe('2026-09-01');
  });

  it('rejects a malformed download before anything is built', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mg-import-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ data: [goodOpenRouterRow({ pricing: { prompt: 'x', completion: '0' } })] }));
    let err: unknown;
    try {
      importSingleSource('openrouter', file, { dir: SOURCES });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ImportValidationError);
    expect((err as ImportValidationError).source).toBe('openrouter');
    expect((err as ImportValidationError).errors[0]).toMatchObject({ row: 0, path: 'pricing.prompt' });
    writeFileSync(file, '{not json');
    expect(() => importSingleSource('litellm', file, { dir: SOURCES })).toThrow(ImportValidationError);
    expect(() => buildCatalog({ dir: SOURCES, overrides: { litellm: { m: { mode: 'chat' } } } })).toThrow(/litellm: 1 validation error/);
  });
});
