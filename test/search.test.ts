/**
 * /search on the real catalog in a real SQLite store migrated by the real migrations: what a
 * query must and must not return, filters, empty and hostile input, the full-text index kept in
 * step with imports, the migration, and the capability matrix of the seed pair.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCommand } from '../commands/index.js';
import { parseCommandLine } from '../commands/parse.js';
import { intentToCommand, parseIntent } from '../src/platforms/slack/intent.js';
import { runCommand } from '../commands/run.js';
import { coreOn, createApp, ensureCatalog, type App } from '../src/bootstrap.js';
import { describeStores, openSuiteStore } from './stores.js';
import { CAPABILITY_SYNONYMS, CAPABILITY_TAGS, LONG_CONTEXT_TOKENS, tagsFor } from '../src/core/capabilities.js';
import type { CatalogBuild, Product } from '../src/core/domain.js';
import { nearestCapabilities, parseSearchQuery, SEARCH_LIMITS, textQuery } from '../src/core/search.js';
import { formatTokens } from '../src/core/format.js';
import type { CompareView, SearchView, TopView, View } from '../src/core/views.js';
import { MIGRATIONS_DIR, openDb } from '../src/db/client.js';
import { ftsMatchExpression, SEARCH_TABLE } from '../src/db/search.js';

let app: App;
let products: Product[];
let byId: Map<string, Product>;
const latencies: number[] = [];

async function search(query: string, options: Record<string, unknown> = {}): Promise<SearchView> {
  const started = performance.now();
  const view = await runCommand(findCommand('search')!, { query, ...options }, app.core);
  latencies.push(performance.now() - started);
  expect(view.kind, `${query}: ${JSON.stringify(view).slice(0, 300)}`).toBe('search');
  return view as SearchView;
}

const has = (id: string, tag: string) => tagsFor(byId.get(id)!).includes(tag);
const ids = (v: SearchView) => v.results.map((r) => r.id);

let sqliteApp: App;
beforeAll(async () => {
  app = sqliteApp = createApp(':memory:');
  await ensureCatalog(app.core);
  products = await app.core.products();
  byId = new Map(products.map((p) => [p.id, p]));
});

afterAll(() => {
  const sorted = [...latencies].sort((a, b) => a - b);
  const q = (f: number) => sorted[Math.min(sorted.length - 1, Math.floor(f * sorted.length))]!.toFixed(1);
  if (sorted.length) console.info(`search over ${products.length} products: ${sorted.length} searches, median ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${q(1)} ms`);
  app?.close();
});

interface Case {
  query: string;
  options?: Record<string, unknown>;
  /** every result has this capability tag */
  every?: string[];
  /** at least one of these ids is among the results */
  anyOf?: string[];
  /** none of these ids is among the results */
  none?: string[];
  /** extra check on every result */
  check?: (p: Product) => boolean;
}

const TRANSCRIBERS = ['otter-ai', 'fireflies-ai', 'meetgeek', 'tl-dv', 'fathom', 'granola', 'airgram'];
const IMAGE_MAKERS = ['midjourney', 'dall-e', 'stable-diffusion', 'ideogram', 'leonardo-ai', 'adobe-firefly', 'playground'];
const CODING_ASSISTANTS = ['cursor', 'github-copilot', 'tabnine', 'codeium', 'windsurf', 'amazon-q-developer', 'continue'];
const VOICES = ['eleven-labs', 'murf-ai', 'play-ht', 'wellsaid', 'resemble-ai', 'speechify'];

const CASES: Case[] = [
  { query: 'transcribe meetings', every: ['speech-to-text'], anyOf: TRANSCRIBERS, none: ['midjourney', 'eleven-labs'] },
  { query: 'tools for transcribing meetings', every: ['speech-to-text'], anyOf: TRANSCRIBERS, none: ['midjourney'] },
  { query: 'image generation', every: ['image-generation'], anyOf: IMAGE_MAKERS, none: ['otter-ai', 'cursor'] },
  { query: 'image generation free', every: ['image-generation', 'free-tier'], anyOf: IMAGE_MAKERS, none: ['midjourney'] },
  { query: 'coding assistant', every: ['code'], anyOf: CODING_ASSISTANTS, none: ['midjourney', 'eleven-labs', 'otter-ai'] },
  { query: 'code completion in my IDE', every: ['code'], anyOf: ['cursor', 'github-copilot'], none: ['midjourney'] },
  {
    query: 'open weights model with long context',
    every: ['open-weights', 'long-context'],
    check: (p) => p.type === 'model' && (p.contextLength ?? 0) >= LONG_CONTEXT_TOKENS,
    none: ['gemini', 'midjourney'],
  },
  { query: 'text to speech', every: ['text-to-speech'], anyOf: VOICES, none: ['otter-ai', 'midjourney', 'whisper'] },
  { query: 'TTS', every: ['text-to-speech'], anyOf: VOICES },
  { query: 'speech to text', every: ['speech-to-text'], none: ['eleven-labs', 'murf-ai'] },
  { query: 'music generation', every: ['music'], anyOf: ['suno-ai', 'udio', 'aiva', 'mubert', 'soundraw'], none: ['midjourney'] },
  { query: 'models with tool calling', every: ['tool-calling'], check: (p) => p.type === 'model' },
  { query: 'video', every: ['video'], none: ['otter-ai'] },
];

/** The same searches on each store: the bundled catalog imported into a fresh database of that dialect. */
describeStores('search', (dialect) => {
  let dispose: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    if (dialect === 'sqlite') return;
    const suite = await openSuiteStore(dialect);
    dispose = suite.dispose;
    app = { store: suite.store, core: coreOn(suite.store), close: suite.dispose };
    await ensureCatalog(app.core);
  }, 120_000);
  afterAll(async () => {
    app = sqliteApp;
    await dispose?.();
  });

describe('search: queries and what they must and must not return', () => {
  it.each(CASES)('$query', async (c) => {
    const v = await search(c.query, c.options);
    expect(v.results.length, c.query).toBeGreaterThan(0);
    expect(v.total).toBeGreaterThanOrEqual(v.results.length);
    for (const r of v.results) {
      for (const tag of c.every ?? []) expect(has(r.id, tag), `${c.query}: ${r.id} lacks ${tag}`).toBe(true);
      if (c.check) expect(c.check(byId.get(r.id)!), `${c.query}: ${r.id}`).toBe(true);
      expect(r.matched.length, r.id).toBeGreaterThan(0);
      expect(r.rank).toBeGreaterThanOrEqual(0);
      expect(r.rank).toBeLessThanOrEqual(100);
    }
    if (c.anyOf) expect(ids(v).some((id) => c.anyOf!.includes(id)), `${c.query}: ${ids(v).join(', ')}`).toBe(true);
    for (const id of c.none ?? []) expect(ids(v), c.query).not.toContain(id);
    // results come best first
    for (let i = 1; i < v.results.length; i++) expect(v.results[i - 1]!.relevance).toBeGreaterThanOrEqual(v.results[i]!.relevance);
  });

  it('says why each result matched', async () => {
    const v = await search('transcribe meetings');
    const first = v.results[0]!;
    expect(first.matched).toContain('capability: Speech to text');
    expect(v.results.some((r) => r.matched.some((m) => /^description mentions .*'meetings?'/.test(m)))).toBe(true);
    expect(v.understood.capabilities).toEqual([{ tag: 'speech-to-text', label: 'Speech to text', phrase: 'transcribe' }]);
    expect(v.understood.words).toEqual(['meetings']);

    const named = await search('whisper');
    expect(named.results[0]!.id).toBe('whisper');
    expect(named.results[0]!.matched).toContain("name matches 'whisper'");

    // a relevant, well-ranked entry first: mentioning the meetings beats only transcribing
    const relevantFirst = v.results.findIndex((r) => r.matched.some((m) => m.includes('meeting')));
    expect(relevantFirst).toBe(0);
  });

  it('finds names by their start and without diacritics', async () => {
    expect(ids(await search('eleven'))).toContain('eleven-labs');
    expect(ids(await search('whisp'))).toContain('whisper');
    expect(ids(await search('gdansk'))).toContain('gdansk-ai');
    expect(ids(await search('Gdańsk'))).toContain('gdansk-ai');
  });

  it('orders by UnfragileRank among equally relevant entries', async () => {
    const scores = await app.core.latestScores();
    const v = await search('image generation', { type: 'product', limit: 25 });
    // within one relevance level, a higher rank never comes after a lower one
    const sameLevel = v.results.slice(1).map((b, i) => [v.results[i]!, b] as const).filter(([a, b]) => a.relevance === b.relevance);
    expect(sameLevel.length, 'pairs of results at one relevance level').toBeGreaterThanOrEqual(3);
    for (const [a, b] of sameLevel) expect(scores.get(a.id)!.score, `${a.id} before ${b.id}`).toBeGreaterThanOrEqual(scores.get(b.id)!.score);
  });
});

describe('search: filters', () => {
  it('type keeps only models or only products', async () => {
    const models = await search('image generation', { type: 'model' });
    expect(models.results.length).toBeGreaterThan(0);
    for (const r of models.results) expect(r.type).toBe('model');
    const prods = await search('image generation', { type: 'product', limit: 25 });
    expect(prods.results).toHaveLength(25);
    for (const r of prods.results) expect(r.type).toBe('product');
    expect(prods.understood.type).toBe('product');
  });

  it('free keeps free, freemium and free-tier entries', async () => {
    const all = await search('text to speech', { limit: 25 });
    const free = await search('text to speech', { free: true, limit: 25 });
    expect(free.total).toBeGreaterThan(0);
    expect(free.total).toBeLessThan(all.total);
    for (const r of free.results) {
      const p = byId.get(r.id)!;
      expect(p.pricing.model === 'free' || p.pricing.model === 'freemium' || p.features.freeTier === true || has(r.id, 'free-tier'), r.id).toBe(true);
      expect(r.matched.some((m) => m.startsWith('pricing: ') || m === 'capability: Free tier')).toBe(true);
    }
  });

  it('free counts open-source entries and leaves out trials and paid-only entries', async () => {
    const all = await search('workflow automation agents', { limit: 25 });
    const free = await search('workflow automation agents', { free: true, limit: 25 });
    const models = (v: SearchView) => v.results.map((r) => byId.get(r.id)!.pricing.model);
    expect(models(free)).toEqual(expect.arrayContaining(['open-source', 'freemium']));
    expect(free.results.find((r) => byId.get(r.id)!.pricing.model === 'open-source')?.matched).toContain('pricing: Open source');
    const excluded = all.results.filter((r) => !free.results.some((f) => f.id === r.id)).map((r) => byId.get(r.id)!);
    expect(excluded.map((p) => p.pricing.model)).toEqual(expect.arrayContaining(['free-trial']));
    for (const r of free.results) {
      const p = byId.get(r.id)!;
      expect(['free', 'freemium', 'open-source'].includes(p.pricing.model ?? '') || p.features.freeTier === true, r.id).toBe(true);
    }
    expect(free.understood.free).toBe(true);
  });

  it('max-price keeps entries with a known input price at or under it, and leaves out those without prices', async () => {
    const v = await search('long context', { 'max-price': 0.5, limit: 25 });
    expect(v.results.length).toBe(25);
    for (const r of v.results) {
      const p = byId.get(r.id)!;
      expect(p.pricing.promptPerToken, r.id).not.toBeNull();
      expect(p.pricing.promptPerToken! * 1e6).toBeLessThanOrEqual(0.5 + 1e-9);
      expect(r.matched.some((m) => m.endsWith('per 1M input tokens'))).toBe(true);
    }
    // transcription products have no per-token price: with a max price only priced models remain
    const priced = await search('transcribe meetings', { 'max-price': 1 });
    expect(priced.results.length).toBeGreaterThan(0);
    for (const r of priced.results) expect(byId.get(r.id)!.pricing.promptPerToken).not.toBeNull();
    expect(ids(priced)).not.toContain('otter-ai');
    // zero: only what costs nothing per token
    const zero = await search('chat', { 'max-price': 0, limit: 25 });
    for (const r of zero.results) expect(byId.get(r.id)!.pricing.promptPerToken).toBe(0);
    // "$0.50" as typed in chat
    expect((await search('long context', { 'max-price': '$0.50' })).understood.maxPricePerMTok).toBe(0.5);
  });

  it('"cheap", "cheapest", "affordable" order by price: cheapest first among entries with the capabilities asked for', async () => {
    const v = await search('cheap model with long context', { limit: 25 });
    expect(v.understood).toMatchObject({ cheapest: true, type: 'model', words: [] });
    expect(v.results).toHaveLength(25);
    const prices = v.results.map((r) => byId.get(r.id)!.pricing.promptPerToken!);
    expect(prices.every((x) => x !== null)).toBe(true);
    expect([...prices].sort((a, b) => a - b)).toEqual(prices);
    // the same capability without "cheap" is ordered by relevance and rank, not price
    const plain = await search('model with long context', { limit: 25 });
    expect(plain.understood.cheapest).toBe(false);
    const plainPrices = plain.results.map((r) => byId.get(r.id)!.pricing.promptPerToken!);
    expect([...plainPrices].sort((a, b) => a - b)).not.toEqual(plainPrices);
    // an app query keeps preferring apps: free and open-source coding tools first, then paid ones
    const tools = await search('cheapest coding assistant', { limit: 10 });
    expect(tools.results.every((r) => r.type === 'product')).toBe(true);
    const tiers = tools.results.map((r) => byId.get(r.id)!.pricing.model);
    expect(tiers.slice(0, 3).every((t) => t === 'free' || t === 'open-source')).toBe(true);
  });

  it('a context length in the query is a filter: "cheapest model with 1m context" lists only models with a 1M window, cheapest first', async () => {
    const v = await search('cheapest model with 1m context', { limit: 25 });
    expect(v.understood).toMatchObject({ cheapest: true, type: 'model', minContext: 1_000_000, words: [], capabilities: [] });
    expect(v.results.length).toBeGreaterThan(5);
    expect(v.results.every((r) => (byId.get(r.id)!.contextLength ?? 0) >= 1_000_000)).toBe(true);
    // every model with that much context is a candidate, and none with less
    const wide = products.filter((p) => p.type === 'model' && (p.contextLength ?? 0) >= 1_000_000).length;
    expect(v.total).toBe(wide);
    const prices = v.results.map((r) => byId.get(r.id)!.pricing.promptPerToken ?? Number.POSITIVE_INFINITY);
    expect([...prices].sort((a, b) => a - b)).toEqual(prices);
    expect(v.results[1]!.matched).toContain(`${formatTokens(byId.get(v.results[1]!.id)!.contextLength!)}-token context`);
    // with a capability, both apply
    const coding = await search('cheap 200k tokens coding model', { limit: 10 });
    expect(coding.understood).toMatchObject({ minContext: 200_000, capabilities: [expect.objectContaining({ tag: 'code' })] });
    expect(coding.results.every((r) => (byId.get(r.id)!.contextLength ?? 0) >= 200_000 && has(r.id, 'code'))).toBe(true);
    // a length no model has: the answer names the filter that left nothing
    const none = await search('model with 9999m context');
    expect(none.results).toEqual([]);
    expect(none.notes.join(' ')).toContain('with these filters (models only, context of at least 9999M tokens)');
  });

  it('a capability asked for by its label counts every listing that states it in its own words: "text to speech" does not rank ElevenLabs ("voice generator", "voiceovers") below lesser tools for not saying "speech"', async () => {
    const eleven = byId.get('eleven-labs')!;
    expect(eleven.description).not.toMatch(/\bspeech\b/i);
    expect(eleven.description).toMatch(/voice generator|voiceovers/i);
    const v = await search('text to speech', { limit: 5 });
    expect(ids(v)).toContain('eleven-labs');
    // every result above it scores at least as high
    const at = ids(v).indexOf('eleven-labs');
    for (const r of v.results.slice(0, at)) expect(r.rank, r.id).toBeGreaterThanOrEqual(v.results[at]!.rank);
  });

  it('customer support is a capability of its own: "chatbot for customer support" finds support tools, not any business tool', async () => {
    const v = await search('chatbot for customer support', { limit: 5 });
    expect(v.understood.capabilities.map((c) => c.label)).toEqual(['Chat', 'Customer support']);
    expect(v.results).toHaveLength(5);
    for (const r of v.results) expect(r.matched, r.id).toContain('capability: Customer support');
    // a research assistant and a symptom checker were "business operations" too
    expect(ids(v)).not.toContain('elicit');
    expect(ids(v)).not.toContain('ada-health');
    expect(ids(await search('help desk', { limit: 10 }))).toEqual(expect.arrayContaining(['zoho-desk', 'intercom-fin']));
  });

  it('"legal research" is a legal job, not academic research: the legal research tools come first', async () => {
    const v = await search('legal research', { limit: 5 });
    expect(v.understood.capabilities.map((c) => c.label)).toEqual(['Business operations']);
    expect(ids(v)).toEqual(expect.arrayContaining(['casetext', 'harvey-ai', 'lexis-plus-ai']));
    expect(ids(await search('workout app', { limit: 3 }))).toEqual(expect.arrayContaining(['fitbod', 'freeletics']));
  });

  it('a second phrase of the same capability narrows the search as a word: "presentation slides" puts slide tools first', async () => {
    const v = await search('presentation slides', { limit: 5 });
    expect(v.understood.capabilities.map((c) => c.label)).toEqual(['Design']);
    expect(v.understood.words).toEqual(['slides']);
    // logo makers and image creators also carry Design; the first three are the ones whose own text says slides
    for (const r of v.results.slice(0, 3)) expect(r.matched.join(' '), r.id).toMatch(/'slides?'/i);
  });

  it('"run LLMs locally", "LLM observability": a model the tool works on does not restrict the search to models', async () => {
    const local = await search('run llm locally');
    expect(local.understood.type).toBeNull();
    expect(local.understood.words).toContain('llm');
    expect(ids(local).slice(0, 3)).toEqual(expect.arrayContaining(['ollama', 'lm-studio']));
    // llama.cpp, the engine under most local runners, by its sourced description (its listing said "Inference of Meta's LLaMA model")
    expect(ids(local).slice(0, 6)).toContain('llama-cpp');
    const obs = await search('llm observability', { limit: 5 });
    expect(obs.results.every((r) => r.type === 'product')).toBe(true);
    expect(ids(obs)).toContain('langfuse');
    // a runner, runtime, engine or server of LLMs is a tool too
    const runner = await search('local llm runner', { limit: 5 });
    expect(runner.understood.type).toBeNull();
    expect(ids(runner)).toEqual(expect.arrayContaining(['lm-studio', 'ollama']));
    for (const q of ['llm inference engine', 'llm server', 'llm runtime']) expect((await search(q)).understood.type, q).toBeNull();
    // without a tooling word, "LLM" still asks for models
    expect((await search('open source llm')).understood.type).toBe('model');
  });

  it('the query can say "model", and limit bounds the list', async () => {
    const v = await search('text to speech models');
    expect(v.understood.type).toBe('model');
    for (const r of v.results) expect(r.type).toBe('model');
    const three = await search('image generation', { limit: 3 });
    expect(three.results).toHaveLength(3);
    expect(three.total).toBeGreaterThan(3);
  });

  it('/top with what a product does instead of a category answers as a search, and says so', async () => {
    const business = (await runCommand(findCommand('top')!, { category: 'business', limit: 5 }, app.core)) as SearchView;
    expect(business.kind).toBe('search');
    expect(business.notes[0]).toBe('No category is called "business": these are the entries that do it, by relevance and rank.');
    expect(business.results).toHaveLength(5);
    for (const r of business.results) expect(r.matched, r.id).toContain('capability: Business operations');
    // a directory's business category is a category: "/top customer support" lists it, ranked
    const support = (await runCommand(findCommand('top')!, { category: 'customer support', limit: 5 }, app.core)) as TopView;
    expect(support).toMatchObject({ kind: 'top', category: 'Customer support' });
    // its query is cleaned as a typed /search is: no bidi override reaches the answer
    const hostile = (await runCommand(findCommand('top')!, { category: 'business \u202eoperations' }, app.core)) as SearchView;
    expect(hostile.kind).toBe('search');
    expect(JSON.stringify(hostile)).not.toMatch(/\u202e/);
    // words that name nothing stay an error that lists the categories
    const nonsense = (await runCommand(findCommand('top')!, { category: 'zzqx' }, app.core)) as { kind: string; message: string };
    expect(nonsense).toMatchObject({ kind: 'error', code: 'bad_input' });
    expect(nonsense.message).toMatch(/^No category matches "zzqx"\. Categories: Agents, /);
  });

  it('a listing left out as no longer offered is named as such, with its page, instead of a near miss', async () => {
    const product = (name: string) => runCommand(findCommand('product')!, { name }, app.core) as Promise<{ kind: string; status?: string; message?: string; candidates?: unknown[] }>;
    for (const name of ['woebot', 'Mint AI', 'mint', 'ross intelligence']) {
      const v = await product(name);
      expect(v, name).toMatchObject({ kind: 'resolution', status: 'none', candidates: [] });
      expect(v.message, name).toMatch(/^(Woebot|Mint AI|ROSS Intelligence) is no longer offered.*, so it is not in the catalog \(source: https:\/\/\S+\)\.$/);
    }
    expect((await product('woebot')).message).toContain('no longer offered (since 2025-06)');
    // one near miss that starts differently is asked about, not answered
    expect(await product('chroma')).toMatchObject({ kind: 'resolution', status: 'ambiguous', message: 'No product is called "chroma". Did you mean this one?' });
    // a renamed one answers under its new name; a live product with a similar name is unaffected
    const lumar = await product('deepcrawl');
    expect(lumar.kind).toBe('product');
    expect(JSON.stringify(lumar)).toContain('"name":"Lumar"');
    expect(JSON.stringify(await product('claude'))).toContain('"id":"claude"');
  });

  it('"models" or "tools" in the category option of /top (Discord, CLI) is the type, not the fuzzy "Audio models"', async () => {
    const top = (category: string | undefined, type?: string) => runCommand(findCommand('top')!, { category, type, limit: 5 }, app.core) as Promise<TopView>;
    const models = await top('models');
    expect(models).toMatchObject({ kind: 'top', category: null, type: 'model' });
    expect(models.total).toBe((await app.core.products()).filter((p) => p.type === 'model').length);
    expect(models.rows).toEqual((await top(undefined, 'model')).rows);
    expect(await top('LLMs')).toMatchObject({ category: null, type: 'model' });
    const tools = await top('tools');
    expect(tools).toMatchObject({ kind: 'top', category: null, type: 'product' });
    expect(tools.rows.every((r) => r.type === 'product')).toBe(true);
    // two words stay a category: models have categories of their own
    expect(await top('image models')).toMatchObject({ kind: 'top', category: 'Image models' });
  });

  it('/top of a product category for models (Coding has none) answers with the models that do that job, and says so', async () => {
    const v = (await runCommand(findCommand('top')!, { category: 'coding', type: 'model', limit: 5 }, app.core)) as SearchView;
    expect(v.kind).toBe('search');
    expect(v.notes[0]).toBe('No models are in the Coding category: these are the models that do it, by relevance and rank.');
    expect(v.results).toHaveLength(5);
    for (const r of v.results) {
      expect(r.type, r.id).toBe('model');
      expect(r.matched, r.id).toContain('capability: Code');
    }
    // a category that does hold models of the type stays a leaderboard
    expect(await runCommand(findCommand('top')!, { category: 'Text models', type: 'model', limit: 5 }, app.core)).toMatchObject({ kind: 'top' });
  });

  it('rejects bad filter values with a clear message', async () => {
    for (const [opts, re] of [
      [{ type: 'robot' }, /Invalid type/],
      [{ 'max-price': 'cheap' }, /Invalid max-price/],
      [{ 'max-price': -1 }, /Invalid max-price/],
      [{ limit: 99 }, /^Invalid limit: a whole number from 1 to \d+, not "99"\. Usage: /],
      [{ 'max-price': 1e9 }, /^Invalid max-price: a number from 0 to [\d.]+, not "1000000000"\. Usage: /],
    ] as const) {
      const v = await runCommand(findCommand('search')!, { query: 'chat', ...opts }, app.core);
      expect(v).toMatchObject({ kind: 'error', code: 'bad_input' });
      expect((v as { message: string }).message).toMatch(re);
    }
  });

  it('reads the filters of a typed line (console and Slack)', () => {
    expect(parseCommandLine('/search image generation --free --type model --limit 5 --max-price $0.5')).toEqual({
      command: 'search',
      options: { query: 'image generation', type: 'model', free: true, 'max-price': '0.5', limit: '5' },
    });
    // natural words that look like flags stay in the query
    expect(parseCommandLine('/search no rate limit on the free plan')!.options).toMatchObject({ query: 'no rate limit on the free plan', limit: undefined, free: undefined });
  });

  it('a typed /compare or a Slack mention with a purpose that names a capability compares the named products', async () => {
    const compared = async (parsed: { command: string; options: Record<string, unknown> } | null) => {
      const v = (await runCommand(findCommand(parsed!.command)!, parsed!.options, app.core)) as CompareView;
      expect(v.kind, JSON.stringify(v)).toBe('compare');
      return v.products.map((p) => p.id);
    };
    expect(await compared(parseCommandLine('/compare claude vs chatgpt for coding'))).toEqual(['claude', 'chatgpt']);
    expect(await compared(parseCommandLine('/compare midjourney, dall-e for image generation'))).toEqual(['midjourney', 'dall-e']);
    expect(await compared(intentToCommand(parseIntent('<@U1> claude vs chatgpt for coding')!))).toEqual(['claude', 'chatgpt']);
    // a name that holds "for" and matches as a whole stays whole
    expect(parseCommandLine('/compare claude vs chatgpt for jupyter')!.options).toMatchObject({ first: 'claude', second: 'chatgpt for jupyter' });
    expect(await compared(parseCommandLine('/compare claude vs chatgpt for jupyter'))).toEqual(['claude', 'chatgpt-for-jupyter']);
  });

  it('a typed line reads the words people type: "/top coding 5", "/top models", "/alternatives cursor cheaper", "a, b and c"', () => {
    const top = (line: string) => parseCommandLine(line)!.options;
    expect(top('/top coding 5')).toEqual({ category: 'coding', type: undefined, limit: '5' });
    expect(top('/top 10')).toEqual({ category: undefined, type: undefined, limit: '10' });
    expect(top('/top models')).toEqual({ category: undefined, type: 'model', limit: undefined });
    expect(top('/top coding tools')).toEqual({ category: 'coding', type: 'product', limit: undefined });
    // models have categories of their own: "image models" is one
    expect(top('/top image models 5')).toEqual({ category: 'image models', type: undefined, limit: '5' });
    expect(parseCommandLine('/alternatives cursor cheaper')!.options).toMatchObject({ product: 'cursor', cheaper: true });
    expect(parseCommandLine('/alternatives cheaper notion ai')!.options).toMatchObject({ product: 'notion ai', cheaper: true });
    expect(parseCommandLine('/alternatives notion ai')!.options).toMatchObject({ product: 'notion ai', cheaper: undefined });
    expect(parseCommandLine('/compare claude, chatgpt and gemini')!.options).toEqual({ first: 'claude', second: 'chatgpt', third: 'gemini' });
    // a name holding commas stays whole when "vs" separates the names
    expect(parseCommandLine('/compare chatgpt for sheets, docs vs claude')!.options).toMatchObject({ first: 'chatgpt for sheets, docs', second: 'claude' });
  });
});

describe('search: empty, nothing found and hostile queries', () => {
  it('an empty query gets a clear message, not an error from the store', async () => {
    for (const q of ['', '   ']) {
      const v = await runCommand(findCommand('search')!, { query: q }, app.core);
      expect(v).toMatchObject({ kind: 'error', code: 'bad_input' });
      expect((v as { message: string }).message).toMatch(/Missing query/);
    }
    const words = await search('the and of');
    expect(words.results).toEqual([]);
    expect(words.notes.join(' ')).toMatch(/Nothing to search for .* for example "transcribe meetings"/);
  });

  it('a query that finds nothing suggests the nearest capabilities', async () => {
    const typo = await search('transcibe');
    expect(typo.results).toEqual([]);
    expect(typo.suggestions.map((s) => s.tag)).toContain('speech-to-text');
    expect(typo.notes.join(' ')).toMatch(/Nearest capabilities: Speech to text/);
    expect((await search('imgae generaton')).suggestions[0]).toEqual({ tag: 'image-generation', label: 'Image generation' });
    const nothing = await search('zzqxv wwkkj');
    expect(nothing.results).toEqual([]);
    expect(nothing.suggestions).toEqual([]);
    expect(nothing.notes.join(' ')).toMatch(/Try describing what it should do/);
    const filtered = await search('image generation', { type: 'product', 'max-price': 0.01 });
    expect(filtered.results).toEqual([]);
    expect(filtered.notes.join(' ')).toMatch(/with these filters \(products only, at most \$0\.01 per 1M input tokens\)/);
  });

  it('when nothing has every capability asked for, shows what has most of them and says so', async () => {
    const v = await search('open weights model with long context and music');
    expect(v.results.length).toBeGreaterThan(0);
    expect(v.notes.join(' ')).toMatch(/has all of Open weights, Long context and Music generation; showing what has 2 of the 3/);
  });

  const HOSTILE = [
    '"',
    '""',
    '*',
    '**',
    'NEAR(a b)',
    'NEAR(',
    'a AND',
    'AND',
    'OR OR',
    'NOT',
    '(((',
    ')))',
    '-',
    '--',
    '^foo',
    'col:val',
    'name:whisper',
    '{name} : whisper',
    'whisper*',
    '"unbalanced quote',
    "'; DROP TABLE products; --",
    'a" OR "b',
    '\u0000\u0001\u001f',
    '🙂🎵',
    '🎵 music',
    '日本語の音声認識',
    'Ωmega ∑ ∞ ≠',
    '\u200b\u2060',
    '%_\\',
    'x'.repeat(3000),
    'transcribe meetings '.repeat(150),
  ];

  it.each(HOSTILE.map((q) => [q.length > 40 ? `${q.slice(0, 30)}… (${q.length} chars)` : JSON.stringify(q), q]))('never errors on %s', async (_label, q) => {
    const v = await search(q);
    expect(v.query.length).toBeLessThanOrEqual(SEARCH_LIMITS.queryChars);
    expect(/first 300 characters/.test(v.notes.join(' '))).toBe(q.length > SEARCH_LIMITS.queryChars);
  });

  it('hostile input leaves the store intact', async () => {
    expect((await app.core.catalog.meta()).productCount).toBe(products.length);
    expect(await app.core.catalog.searchIndexSize()).toBe(products.length);
  });

  it('never errors on random text (2,000 generated queries)', async () => {
    // deterministic generator: syntax characters, letters, digits, spaces, emoji, accents, FTS keywords
    let seed = 42;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const atoms = ['"', "'", '*', '(', ')', ':', '^', '-', '+', '{', '}', '[', ']', ',', '.', ' ', ' ', 'NEAR', 'AND', 'OR', 'NOT', 'a', 'é', 'ß', 'ı', '🙂', '\u0301', '0', '9', 'image', 'free', 'x', '\\', '/', '\t', '\u00a0'];
    for (let i = 0; i < 2000; i++) {
      const q = Array.from({ length: 1 + rnd(20) }, () => atoms[rnd(atoms.length)]).join('');
      const v = await runCommand(findCommand('search')!, { query: q }, app.core);
      // an answer, or a polite "bad input"; never an internal error
      expect(v.kind === 'search' || (v.kind === 'error' && v.code === 'bad_input'), `${q}: ${JSON.stringify(v).slice(0, 200)}`).toBe(true);
    }
  });

  it('the store quotes every word it is given, whatever it holds', async () => {
    const words = ['"', 'a"b', 'NEAR(a', '*', 'col:val', '^x', ')', '', '\u0000', 'OR', 'x*'];
    const hits = await app.core.catalog.searchText({ terms: words.map((word) => ({ word, namePrefix: true })), weights: textQuery(parseSearchQuery('x')).weights, limit: 5 });
    // quoted, the words are plain text: only "x" (from "^x" and "x*") is a word the catalog holds, so the hits are
    // products with a word starting with x in a name or alias, best first, at the limit
    expect(hits).toHaveLength(5);
    for (const h of hits) {
      expect(byId.has(h.id), h.id).toBe(true);
      const words = Object.values(h.fields).flat();
      expect(words.length, h.id).toBeGreaterThan(0);
      for (const w of words) expect(w, h.id).toMatch(/^x/i);
    }
    expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((a, b) => b - a));
    expect(ftsMatchExpression([{ word: 'a"b', namePrefix: false }])).toBe('"a""b"');
    expect(ftsMatchExpression([{ word: 'whisper', namePrefix: true }])).toBe('("whisper" OR {name aliases} : "whisper"*)');
    expect(ftsMatchExpression([{ word: 'transcri', namePrefix: false, prefix: true }, { word: 'x', namePrefix: false }])).toBe('"transcri"* OR "x"');
    expect(ftsMatchExpression([{ word: '  ', namePrefix: true }])).toBeNull();
  });
});

});

describe('search: reading a query', () => {
  it('maps words and phrases to capability tags, longest phrase first', () => {
    const tags = (q: string) => parseSearchQuery(q).capabilities.map((c) => c.tag);
    expect(tags('transcribe meetings')).toEqual(['speech-to-text']);
    expect(tags('text to speech')).toEqual(['text-to-speech']);
    expect(tags('text-to-speech')).toEqual(['text-to-speech']);
    expect(tags('tts')).toEqual(['text-to-speech']);
    expect(tags('speech to text')).toEqual(['speech-to-text']);
    expect(tags('long context')).toEqual(['long-context']);
    expect(tags('coding')).toEqual(['code']);
    expect(tags('coding assistant')).toEqual(['code']);
    expect(tags('tool calling')).toEqual(['tool-calling']);
    expect(tags('image generation free')).toEqual(['image-generation', 'free-tier']);
    expect(tags('open weights model with long context')).toEqual(['open-weights', 'long-context']);
    expect(tags('self-hosted summarizer')).toEqual(['self-hostable', 'summarization']);
  });

  it('every capability is found by its own label and has synonyms', () => {
    for (const { tag, label } of CAPABILITY_TAGS) {
      expect(parseSearchQuery(label).capabilities.map((c) => c.tag), label).toContain(tag);
      expect(CAPABILITY_SYNONYMS[tag].length, tag).toBeGreaterThan(0);
      expect(nearestCapabilities(label)[0]?.tag, label).toBe(tag);
    }
  });

  it('docs/search.md lists every tag with its label', () => {
    const doc = readFileSync(join(MIGRATIONS_DIR, '../../docs/search.md'), 'utf8');
    for (const { tag, label } of CAPABILITY_TAGS) expect(doc, tag).toContain(`| \`${tag}\` | ${label} |`);
  });

  it('covers the capabilities users ask for', () => {
    const tags = CAPABILITY_TAGS.map((t) => t.tag);
    for (const t of ['text-generation', 'chat', 'summarization', 'multilingual', 'code', 'reasoning', 'long-context', 'tool-calling', 'vision-input', 'image-generation', 'image-editing', 'speech-to-text', 'text-to-speech', 'music', 'video', 'embeddings', 'search-retrieval', 'agents', 'open-weights', 'free-tier', 'self-hostable'])
      expect(tags).toContain(t);
    expect(parseSearchQuery('translation').capabilities[0]!.tag).toBe('multilingual');
  });

  it('keeps type words, stopwords and syntax out of the text search', () => {
    const q = parseSearchQuery('what models can I use for "NEAR(x y)" OR col:val');
    expect(q.type).toBe('model');
    expect(q.terms).toEqual(['near', 'col', 'val']);
    const t = textQuery(parseSearchQuery('transcribe meetings'));
    // the free word, also as the start of a name; the capability phrase by its synonym's stem ("transcri*")
    expect(t.terms).toEqual([
      { word: 'meetings', namePrefix: true },
      { word: 'transcri', namePrefix: false, prefix: true },
    ]);
    expect(textQuery(parseSearchQuery('text to speech')).terms).toEqual([
      { word: 'text', namePrefix: false, prefix: false },
      { word: 'speech', namePrefix: false, prefix: false },
    ]);
    expect(parseSearchQuery('coding assistant').prefers).toBe('product');
    expect(parseSearchQuery('tool calling').prefers).toBeNull();
  });

  it('reads a context length only next to a context word', () => {
    expect(parseSearchQuery('model with 1m context').minContext).toBe(1_000_000);
    expect(parseSearchQuery('128k tokens').minContext).toBe(128_000);
    expect(parseSearchQuery('context window of 2 million tokens')).toMatchObject({ minContext: 2_000_000, terms: [], capabilities: [], empty: false });
    expect(parseSearchQuery('context 200k chat model')).toMatchObject({ minContext: 200_000, terms: [] });
    // a size on its own is a word of the name ("gpt-4o 128k"), and so is a number before a context word
    expect(parseSearchQuery('gpt-4o 128k')).toMatchObject({ minContext: null, terms: ['gpt', '4o', '128k'] });
    expect(parseSearchQuery('0k context').minContext).toBeNull();
  });

  it('cuts an enormous query and bounds the words sent to the index', () => {
    const q = parseSearchQuery(Array.from({ length: 1000 }, (_, i) => `word${i}`).join(' '));
    expect(q.truncated).toBe(true);
    expect(q.text.length).toBeLessThanOrEqual(SEARCH_LIMITS.queryChars);
    expect(textQuery(q).terms.length).toBeLessThanOrEqual(SEARCH_LIMITS.terms);
  });
});

describe('search index: migration and imports', () => {
  it('the migrations create the FTS5 table, in a journal entry of its own', () => {
    const db = openDb(':memory:');
    try {
      const row = db.$client.prepare("select sql from sqlite_master where name = ?").get(SEARCH_TABLE) as { sql: string } | undefined;
      expect(row?.sql).toMatch(/CREATE VIRTUAL TABLE `product_search` USING fts5/);
      expect(row!.sql).toMatch(/porter unicode61 remove_diacritics 2/);
      const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8')) as { entries: Array<{ idx: number; tag: string }> };
      const search = journal.entries.filter((e) => /^\d{4}_search$/.test(e.tag));
      expect(search).toHaveLength(1);
      journal.entries.forEach((e, i) => expect(e.idx).toBe(i));
      expect(readFileSync(join(MIGRATIONS_DIR, `${search[0]!.tag}.sql`), 'utf8')).toContain('USING fts5');
      const applied = db.$client.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number };
      expect(applied.n).toBe(journal.entries.length);
    } finally {
      db.$client.close();
    }
  });

  it('stays in step with every import, in the same transaction', async () => {
    const local = createApp(':memory:');
    try {
      const pick = (id: string) => structuredClone(byId.get(id)!);
      const base = ['whisper', 'midjourney', 'cursor'].map(pick);
      const build = (list: Product[]): CatalogBuild => ({
        products: list,
        evidence: [],
        sources: [{ id: 'test', name: 'Test', date: '2026-05-04', licence: 'MIT' }],
      });
      await local.core.importCatalog(build(base));
      const find = async (q: string) => {
        const v = await runCommand(findCommand('search')!, { query: q }, local.core);
        expect(v.kind).toBe('search');
        return (v as SearchView).results.map((r) => r.id);
      };
      expect(await find('whisper')).toEqual(['whisper']);

      // a renamed product: the new name is found, the old one is not
      const renamed = base.map((p) => (p.id === 'whisper' ? { ...p, name: 'Quillscribe', aliases: ['quillscribe'], description: 'Speech recognition for podcasts.' } : p));
      await local.core.importCatalog(build(renamed));
      expect(await find('quillscribe')).toEqual(['whisper']);
      expect(await find('whisper')).toEqual([]);
      expect(await local.core.catalog.searchIndexSize()).toBe(3);

      // a failing import changes neither the catalog nor its index
      const bad = build([...renamed.map((p) => (p.id === 'whisper' ? { ...p, name: 'Brokenname' } : p))]);
      bad.evidence.push({ productId: 'missing', kind: 'hf_likes', value: 1, source: 'test', date: '2026-05-04' });
      await expect(local.core.importCatalog(bad)).rejects.toThrow(/FOREIGN KEY/);
      expect(await find('quillscribe')).toEqual(['whisper']);
      expect(await find('brokenname')).toEqual([]);

      // a product removed by an import leaves the index too
      await local.core.importCatalog(build(renamed.filter((p) => p.id !== 'whisper')));
      expect(await find('quillscribe')).toEqual([]);
      expect(await local.core.catalog.searchIndexSize()).toBe(2);
    } finally {
      local.close();
    }
  });

  it('a store filled before the index existed is indexed at startup', async () => {
    const local = createApp(':memory:');
    try {
      await local.core.importCatalog({ products: ['whisper', 'midjourney'].map((id) => structuredClone(byId.get(id)!)), evidence: [], sources: [] });
      local.db.run(sql.raw(`DELETE FROM ${SEARCH_TABLE}`));
      expect(await local.core.catalog.searchIndexSize()).toBe(0);
      await ensureCatalog(local.core);
      expect(await local.core.catalog.searchIndexSize()).toBe(2);
      const v = (await runCommand(findCommand('search')!, { query: 'midjourney' }, local.core)) as SearchView;
      expect(v.results.map((r) => r.id)).toEqual(['midjourney']);
    } finally {
      local.close();
    }
  });
});

describe('capability-level comparison', () => {
  it('a one-sided open-source line says so once, and other lines name who is open source', async () => {
    const cmp = (await runCommand(findCommand('compare')!, { first: 'ollama', second: 'lm studio' }, app.core)) as CompareView;
    const ollama = cmp.products.find((c) => c.id === 'ollama')!;
    const line = (tag: string) => ollama.capabilities.find((c) => c.tag === tag)!.vsAlternatives;
    expect(line('open-source')).toMatch(/^vs LM Studio — LM Studio does not list open source, freemium vs free, backed by/);
    expect(line('open-source')).not.toMatch(/open source, LM Studio is not/);
    expect(line('free-tier')).toContain('vs LM Studio — both cover free tier, freemium vs free, Ollama is open source, LM Studio is not');
    // an open-source project's free line does not say "open source" a second time
    const llama = (await runCommand(findCommand('product')!, { name: 'llama.cpp' }, app.core)) as unknown as { card: { capabilities: Array<{ title: string }> } };
    expect(llama.card.capabilities.map((c) => c.title)).toEqual(expect.arrayContaining(['Open source', 'Free to run']));
  });

  it('the seed pair: shared first, then only in each, on the taxonomy', async () => {
    const v = (await runCommand(findCommand('compare')!, { first: 'llama 3.2 1b', second: 'gemini' }, app.core)) as View;
    expect(v.kind).toBe('compare');
    const cmp = v as CompareView;
    const llama = 'meta-llama/llama-3.2-1b-instruct';
    const row = (tag: string, label: string, l: boolean, g: boolean) => ({ tag, label, has: { [llama]: l, gemini: g } });
    expect(cmp.capabilityMatrix).toEqual([
      row('text-generation', 'Text generation', true, true),
      row('chat', 'Chat', true, true),
      row('summarization', 'Summarization', true, false),
      row('writing', 'Writing assistance', false, true),
      row('multilingual', 'Multilingual and translation', true, false),
      // gemini's code and research: stated on a page (sourced capability facts), not in its one-line listings
      row('code', 'Code', false, true),
      row('vision-input', 'Image understanding', false, true),
      row('image-generation', 'Image generation', false, true),
      row('research', 'Research', false, true),
      row('open-weights', 'Open weights', true, false),
      row('self-hostable', 'Self-hostable', true, false),
      row('free-tier', 'Free tier', false, true),
    ]);
    // every curated capability tag of the seed pair is in the matrix, on the right side
    const tagged = cmp.products.flatMap((card) => card.capabilities.filter((c) => c.tag).map((c) => [card.id, c.tag!] as const));
    expect(tagged.length).toBeGreaterThanOrEqual(5);
    for (const [id, tag] of tagged) expect(cmp.capabilityMatrix.find((r) => r.tag === tag)?.has[id], `${id} ${tag}`).toBe(true);
  });
});
