/**
 * /alternatives on real SQLite stores migrated by the real migrations: the bundled catalog (what a
 * user asking for alternatives to Cursor, ChatGPT, Copilot or Midjourney must and must not see),
 * a small hand-built catalog with curated rivals, powered-by links, duplicates and co-comparisons,
 * the truth of every reason, and the job taxonomy file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCommand } from '../commands/index.js';
import { runCommand } from '../commands/run.js';
import { createApp, ensureCatalog, SOURCES_DIR, type App } from '../src/bootstrap.js';
import { ALTERNATIVES_CONFIG, cheaperBy, collectionsFromEvidence, freeTierOver, isDuplicate, jobFor, withArticle } from '../src/core/alternatives.js';
import { capabilityLabel, tagsFor } from '../src/core/capabilities.js';
import type { CatalogBuild, Evidence, PricingModel, Product } from '../src/core/domain.js';
import { perMillion, PRICE_TIER, pricingLabel } from '../src/core/format.js';
import { JOB_TAXONOMY, JobTaxonomyError, parseJobTaxonomy } from '../src/core/jobs.js';
import type { AlternativesView, View } from '../src/core/views.js';
import { buildCatalog } from '../src/importers/build.js';
import { parseOssCollection } from '../src/importers/github-ai-repos.js';

async function alternativesOf(app: App, product: string, options: Record<string, unknown> = {}): Promise<AlternativesView> {
  const view = (await runCommand(findCommand('alternatives')!, { product, ...options }, app.core)) as View;
  expect(view.kind, `${product}: ${JSON.stringify(view).slice(0, 300)}`).toBe('alternatives');
  return view as AlternativesView;
}

const ids = (v: AlternativesView) => v.alternatives.map((a) => a.id);
const top5 = async (app: App, product: string) => ids(await alternativesOf(app, product, { limit: 5 }));

const CODING_ASSISTANTS = [
  'github-copilot', 'windsurf', 'codeium', 'tabnine', 'continue', 'claude-code', 'replit', 'cursor', 'aider', 'amazon-q-developer',
  'opencode', 'gemini-cli', 'devin', 'blackbox-ai', 'roocode', 'kilo', 'kilo-code', 'trae-formerly-marscode', 'openai-codex', 'plandex',
];
const NOT_CODING_ASSISTANTS = ['llamaindex', 'langchain', 'groq', 'ollama', 'v0', 'superagent', 'lovable', 'bolt-new', 'letta', 'langfuse', 'llama-cpp'];
const IMAGE_GENERATORS = ['dall-e', 'stable-diffusion', 'ideogram', 'leonardo-ai', 'adobe-firefly', 'playground', 'flux', 'krea', 'recraft', 'imagen', 'dall-e-2'];
const NOT_IMAGE_GENERATORS = ['magic-eraser', 'remove-bg', 'upscayl', 'civitai', 'lexica', 'promptbase', 'photoroom', 'picwish', 'bigjpg'];

describe('/alternatives on the bundled catalog without its curated rivals (the job logic alone)', () => {
  let app: App;
  let byId: Map<string, Product>;
  let collections: Map<string, string[]>;

  beforeAll(async () => {
    const build = buildCatalog({ dir: SOURCES_DIR });
    build.products = build.products.map((p) => ({ ...p, rivals: [] }));
    app = createApp(':memory:');
    await app.core.importCatalog(build);
    byId = new Map((await app.core.products()).map((p) => [p.id, p]));
    collections = collectionsFromEvidence(await app.core.catalog.evidence());
  });
  afterAll(() => app?.close());

  it('Cursor: other coding assistants, not frameworks, inference hosts or local runtimes', async () => {
    const top = await top5(app, 'cursor');
    const known = ['github-copilot', 'windsurf', 'codeium', 'tabnine', 'continue', 'cline', 'claude-code', 'replit'];
    expect(top.filter((id) => known.includes(id)).length, top.join(', ')).toBeGreaterThanOrEqual(2);
    for (const id of ['llamaindex', 'langchain', 'groq', 'ollama']) expect(top).not.toContain(id);
  });

  it('ChatGPT: Claude and other AI assistants, no chatbot builders or ChatGPT add-ons', async () => {
    const view = await alternativesOf(app, 'chatgpt', { limit: 5 });
    expect(view.product.job).toBe('AI assistant');
    expect(ids(view)).toContain('claude');
    for (const a of view.alternatives) expect(a.reasons[0]).toMatch(/^also an AI assistant\b/);
    for (const id of ['botpress', 'chatbase', 'flow-xo', 'chatfuel', 'chatgpt-writer', 'merlin', 'webchatgpt']) expect(ids(view)).not.toContain(id);
  });

  it('GitHub Copilot: the top five are coding assistants', async () => {
    const view = await alternativesOf(app, 'github copilot', { limit: 5 });
    expect(view.product.id).toBe('github-copilot');
    expect(view.alternatives).toHaveLength(5);
    for (const a of view.alternatives) {
      // Gemini CLI's listing does not say "code"; OSS Insight lists it among coding agents
      expect(CODING_ASSISTANTS.includes(a.id) || tagsFor(byId.get(a.id)!).includes('code'), a.id).toBe(true);
      expect(NOT_CODING_ASSISTANTS).not.toContain(a.id);
      expect(a.reasons[0], a.id).toMatch(/^also a coding assistant\b/);
    }
    expect(ids(view).filter((id) => CODING_ASSISTANTS.includes(id)).length, ids(view).join(', ')).toBeGreaterThanOrEqual(4);
  });

  it('Midjourney: the top five are image generators, not editors or prompt libraries', async () => {
    const view = await alternativesOf(app, 'midjourney', { limit: 5 });
    expect(view.alternatives).toHaveLength(5);
    for (const a of view.alternatives) {
      expect(tagsFor(byId.get(a.id)!), a.id).toContain('image-generation');
      expect(NOT_IMAGE_GENERATORS).not.toContain(a.id);
      expect(a.reasons[0], a.id).toMatch(/^also an image generator\b/);
    }
    expect(ids(view).filter((id) => IMAGE_GENERATORS.includes(id)).length, ids(view).join(', ')).toBeGreaterThanOrEqual(3);
  });

  it('reads a job from the wording of each listing, across categories', () => {
    const job = (id: string) => jobFor(byId.get(id)!, collections)?.id ?? null;
    for (const id of ['cursor', 'github-copilot', 'tabnine', 'continue', 'windsurf', 'claude-code', 'devin', 'aider']) expect(job(id), id).toBe('coding-assistant');
    for (const id of ['langchain', 'llamaindex', 'haystack', 'autogen']) expect(job(id), id).toBe('llm-framework');
    for (const id of ['ollama', 'lm-studio', 'llama-cpp', 'jan']) expect(job(id), id).toBe('local-runtime');
    for (const id of ['groq', 'openrouter', 'together-ai']) expect(job(id), id).toBe('model-api');
    for (const id of ['v0', 'lovable', 'bolt-new']) expect(job(id), id).toBe('app-builder');
    for (const id of ['chatgpt', 'claude', 'gemini', 'microsoft-copilot', 'le-chat', 'deepseek', 'meta-ai']) expect(job(id), id).toBe('ai-assistant');
    for (const id of ['botpress', 'chatbase', 'intercom-fin', 'tidio']) expect(job(id), id).toBe('chatbot-builder');
    for (const id of ['midjourney', 'dall-e', 'stable-diffusion', 'ideogram', 'leonardo-ai']) expect(job(id), id).toBe('image-generator');
    for (const id of ['magic-eraser', 'upscayl', 'photoroom']) expect(job(id), id).toBe('image-editor');
    for (const id of ['eleven-labs', 'murf-ai', 'play-ht', 'resemble-ai']) expect(job(id), id).toBe('voice-generator');
    for (const id of ['suno-ai', 'udio']) expect(job(id), id).toBe('music-generator');
    for (const id of ['otter-ai', 'fireflies-ai', 'fathom', 'granola']) expect(job(id), id).toBe('meeting-notetaker');
    for (const id of ['notion-ai', 'mem', 'obsidian-ai']) expect(job(id), id).toBe('notes-workspace');
    // gpt4all's listing names no job; its OSS Insight collection does
    expect(job('gpt4all')).toBe('local-runtime');
  });

  it('never lists the product itself, one of its listings or a product on the same page', async () => {
    const replit = await alternativesOf(app, 'replit', { limit: 10 });
    expect(ids(replit)).not.toContain('replit-agent');
    expect(ids(replit)).not.toContain('replit');
    const agent = await alternativesOf(app, 'replit-agent', { limit: 10 });
    expect(ids(agent)).not.toContain('replit');
  });

  it('tells listings of one thing from different things', () => {
    const same = [
      // (free copies, snapshots and a listing named as a model are merged by the build already)
      ['google/gemini-2.5-pro', 'google/gemini-2.5-pro-preview'],
      ['amazon-q', 'amazon-q-developer'],
      ['replit', 'replit-agent'],
    ];
    const different = [
      ['cohere/command-r-08-2024', 'cohere/command-r-plus-08-2024'],
      ['deepseek/deepseek-chat', 'deepseek/deepseek-chat-v3.1'],
      ['deepseek', 'deepseek/deepseek-v3.2'],
      ['openai/gpt-4o', 'openai/gpt-4o-mini'],
      ['openrouter', 'anthropic/claude-sonnet-4.5'],
      ['claude', 'claude-code'],
      ['gemini', 'gemini-cli'],
      ['chatgpt', 'microsoft-copilot'],
    ];
    for (const [a, b] of [...same, ...different]) expect(byId.has(a!) && byId.has(b!), `${a} ${b}`).toBe(true);
    for (const [a, b] of same) expect(isDuplicate(byId.get(a!)!, byId.get(b!)!), `${a} = ${b}`).toBe(true);
    for (const [a, b] of different) expect(isDuplicate(byId.get(a!)!, byId.get(b!)!), `${a} != ${b}`).toBe(false);
  });

  it('OSS Insight\'s "ChatGPT Alternatives" counts as evidence and says so', async () => {
    const view = await alternativesOf(app, 'gpt4all', { limit: 10 });
    const llamaCpp = view.alternatives.find((a) => a.id === 'llama-cpp');
    expect(llamaCpp?.reasons).toContain(`both in OSS Insight's "ChatGPT Alternatives"`);
  });

  it('every reason holds: cheaper, ranks higher, the shared job, category and capabilities', async () => {
    const scores = await app.core.latestScores();
    const products = [...byId.values()];
    const popular = [...products]
      .filter((p) => p.type === 'product')
      .sort((a, b) => (scores.get(b.id)?.score ?? 0) - (scores.get(a.id)?.score ?? 0) || (a.id < b.id ? -1 : 1))
      .slice(0, 25)
      .map((p) => p.id);
    const models = [...products]
      .filter((p) => p.type === 'model')
      .sort((a, b) => (scores.get(b.id)?.score ?? 0) - (scores.get(a.id)?.score ?? 0) || (a.id < b.id ? -1 : 1))
      .slice(0, 10)
      .map((p) => p.id);
    const targets = [...new Set([...popular, ...models, 'cursor', 'chatgpt', 'midjourney', 'notion-ai', 'eleven-labs', 'openai/gpt-4o'])];
    let cheaperSeen = 0;
    let higherSeen = 0;
    for (const target of targets) {
      for (const options of [{ limit: 10 }, { limit: 10, cheaper: true }]) {
        const view = await alternativesOf(app, target, options);
        const t = byId.get(view.product.id)!;
        for (const a of view.alternatives) {
          const p = byId.get(a.id)!;
          const where = `${target} -> ${a.id}`;
          expect(a.reasons.length, where).toBeGreaterThan(0);
          const cheaper = a.reasons.find((r) => r.startsWith('cheaper'));
          const freeTier = a.reasons.find((r) => r.startsWith('has a free tier'));
          // --cheaper keeps what costs less, or what can be used free when the target cannot
          if (options.cheaper) expect(cheaper ?? freeTier, where).toBeDefined();
          if (freeTier) {
            expect(cheaper, where).toBeUndefined();
            expect(['free', 'freemium', 'open-source'].includes(p.pricing.model!) || p.features.freeTier === true, where).toBe(true);
            expect(['free', 'freemium', 'open-source'].includes(t.pricing.model!) || t.features.freeTier === true, where).toBe(false);
          }
          if (cheaper) {
            cheaperSeen++;
            const tp = t.pricing;
            const pp = p.pricing;
            if (pp.promptPerToken !== null && tp.promptPerToken !== null) {
              expect(pp.promptPerToken, where).toBeLessThan(tp.promptPerToken);
              expect(cheaper).toBe(`cheaper (${perMillion(pp.promptPerToken)} vs ${perMillion(tp.promptPerToken)} per 1M input tokens)`);
            } else {
              const tierP = PRICE_TIER[pp.model!];
              const tierT = PRICE_TIER[tp.model!];
              const samePlanUnit = pp.startingPrice !== null && tp.startingPrice !== null && pp.startingPrice.unit === tp.startingPrice.unit && pp.model !== 'free' && pp.model !== 'open-source';
              const samePlanCheaper = samePlanUnit && pp.startingPrice!.amount <= tp.startingPrice!.amount * ALTERNATIVES_CONFIG.cheaperAtMost;
              expect((tierP < tierT && !samePlanUnit) || samePlanCheaper, where).toBe(true);
              if (tierP < tierT) expect(cheaper, where).toMatch(new RegExp(`^cheaper \\(${pricingLabel(pp.model)}\\b.* vs ${pricingLabel(tp.model)}\\b`));
            }
          }
          const higher = a.reasons.find((r) => r.startsWith('ranks higher'));
          if (higher) higherSeen++;
          if (a.rank > view.product.rank) expect(higher, where).toBe(`ranks higher (${a.rank} vs ${view.product.rank})`);
          else expect(higher, where).toBeUndefined();
          expect(a.reasons.some((r) => /higher rank|similar capabilities/.test(r)), where).toBe(false);
          for (const r of a.reasons) {
            const m = /^also (?:a|an) (.+?)(?: \(shares (.+)\))?$/.exec(r) ?? /^also in (.+?)(?: \(shares (.+)\))?$/.exec(r) ?? /^shares ()(.+)$/.exec(r);
            if (!m) continue;
            if (r.startsWith('also in')) expect(p.category, where).toBe(t.category);
            else if (r.startsWith('also a')) {
              expect(m[1], where).toBe(view.product.job);
              expect(jobFor(p, collections)?.label, where).toBe(view.product.job);
            }
            const labels = m[2] ? m[2].split(', ') : [];
            const both = tagsFor(p).filter((x) => tagsFor(t).includes(x)).map((x) => capabilityLabel(x).toLowerCase());
            for (const l of labels) expect(both, `${where}: ${l}`).toContain(l);
          }
        }
      }
    }
    // the check above ran on real cases of both kinds
    expect(cheaperSeen).toBeGreaterThan(20);
    expect(higherSeen).toBeGreaterThan(20);
  });
});

describe('/alternatives with the curated rivals of the bundled catalog', () => {
  let app: App;
  let byId: Map<string, Product>;
  beforeAll(async () => {
    app = createApp(':memory:');
    await ensureCatalog(app.core);
    byId = new Map((await app.core.products()).map((p) => [p.id, p]));
  });
  afterAll(() => app?.close());

  const host = (url: string) => new URL(url).hostname.replace(/^www\./, '');

  it('ChatGPT: Claude and Gemini in the top five, each named as a rival by the page that says so', async () => {
    const chatgpt = byId.get('chatgpt')!;
    expect(chatgpt.rivals.map((r) => r.id)).toEqual(expect.arrayContaining(['claude', 'gemini']));
    const view = await alternativesOf(app, 'chatgpt', { limit: 5 });
    expect(ids(view)).toEqual(expect.arrayContaining(['claude', 'gemini']));
    // the page names more rivals than five: every one shown is one of them, and says so
    expect(chatgpt.rivals.length).toBeGreaterThanOrEqual(5);
    for (const a of view.alternatives) {
      const r = chatgpt.rivals.find((x) => x.id === a.id);
      expect(r, a.id).toBeDefined();
      expect(a.reasons[0], a.id).toBe(`named as a rival by ${host(r!.source)}`);
    }
    // every one of the five is a rival a page names, or an AI assistant
    for (const a of view.alternatives) expect(a.reasons[0]).toMatch(/^named as a rival by |^also an AI assistant\b/);
  });

  it('a model is replaced by models of its price range and openness: a 1B open model by cheap open models, not frontier APIs', async () => {
    const llama = byId.get('meta-llama/llama-3.2-1b-instruct')!;
    const view = await alternativesOf(app, llama.id, { limit: 5 });
    expect(view.alternatives).toHaveLength(5);
    for (const a of view.alternatives) {
      const m = byId.get(a.id)!;
      expect(m.type, a.id).toBe('model');
      expect(tagsFor(m), a.id).toContain('open-weights');
      // within the price range of the model, and the reason says so with both prices
      expect(m.pricing.promptPerToken!, a.id).toBeLessThanOrEqual(llama.pricing.promptPerToken! * ALTERNATIVES_CONFIG.priceRangeFactor);
      expect(a.reasons, a.id).toContain('also open weights');
      expect(a.reasons.join(' '), a.id).toMatch(/in the same price range \(\$[\d.]+ vs \$0\.027 per 1M input tokens\)|cheaper \(/);
    }
    // a closed frontier model is still replaced by frontier models: GPT-4o's top five hold Claude and Gemini
    const gpt4o = await alternativesOf(app, 'openai/gpt-4o', { limit: 5 });
    expect(ids(gpt4o).some((id) => id.startsWith('anthropic/'))).toBe(true);
    expect(ids(gpt4o).some((id) => id.startsWith('google/'))).toBe(true);
    for (const id of ids(gpt4o)) expect(tagsFor(byId.get(id)!), id).not.toContain('open-weights');
  });

  it('a model free route is named as one, with its id, not as a plan', async () => {
    const view = await alternativesOf(app, 'meta-llama/llama-3.2-1b-instruct', { limit: 10 });
    const withRoute = view.alternatives.filter((a) => a.reasons.some((r) => r.startsWith('has a free route')));
    expect(withRoute.length).toBeGreaterThan(0);
    for (const a of withRoute) {
      const free = byId.get(a.id)!.offers.find((o) => o.kind === 'free')!;
      expect(a.reasons).toContain(`has a free route (${free.id})`);
    }
    for (const a of view.alternatives) expect(a.reasons.join(' ')).not.toMatch(/per prompt token/);
  });

  it('a rival names the rivalry from its side too', async () => {
    const gemini = byId.get('gemini')!;
    const view = await alternativesOf(app, 'gemini', { limit: 5 });
    const reason = view.alternatives.find((a) => a.id === 'chatgpt')?.reasons[0];
    // from Gemini's own rival list when it names ChatGPT, else from ChatGPT's list naming Gemini
    const own = gemini.rivals.find((r) => r.id === 'chatgpt');
    const theirs = byId.get('chatgpt')!.rivals.find((r) => r.id === 'gemini')!;
    expect(reason).toBe(`named as a rival by ${host((own ?? theirs).source)}`);
  });
});

// ---------------------------------------------------------------------------------------------
// a small catalog built by hand

function product(id: string, name: string, over: Partial<Product> = {}): Product {
  return {
    id,
    name,
    aliases: [],
    type: 'product',
    vendor: null,
    category: 'Coding',
    description: `${name} is an AI coding assistant with code completion in your IDE.`,
    url: `https://${id}.example/`,
    pricing: { model: 'freemium', startingPrice: null, promptPerToken: null, completionPerToken: null },
    contextLength: null,
    inputModalities: [],
    outputModalities: [],
    supportedParameters: [],
    features: {},
    providers: [],
    capabilities: [],
    provenance: { sources: ['test'], fetchedAt: '2026-11-01' },
    offers: [],
    poweredBy: [],
    rivals: [],
    facts: [],
    repository: null,
    ...over,
  };
}

const LISTED: Record<string, number> = { typist: 9, nudge: 8, tabby: 6, helper: 4, pairy: 2, codey: 1 };

const RIVAL_PAGE = 'https://www.example-reviews.com/best-ai-coding-assistants';

function smallBuild(): CatalogBuild {
  const month = (amount: number) => ({ amount, unit: 'per month' });
  const products: Product[] = [
    product('codey', 'Codey', {
      pricing: { model: 'freemium', startingPrice: month(20), promptPerToken: null, completionPerToken: null },
      rivals: [{ id: 'pairy', source: RIVAL_PAGE, date: '2026-12-03' }],
      poweredBy: [{ modelId: 'acme/codey-1', source: 'https://codey.example/models', date: '2026-12-03' }],
    }),
    // a rival that ranks low and does its job in another category
    product('pairy', 'Pairy', { category: 'Agents', pricing: { model: 'freemium', startingPrice: month(10), promptPerToken: null, completionPerToken: null } }),
    // names Codey as its rival; Codey's own list does not name it
    product('nudge', 'Nudge', { rivals: [{ id: 'codey', source: 'https://nudge.example/compare', date: '2026-12-03' }] }),
    product('helper', 'Helper', { pricing: { model: 'free', startingPrice: null, promptPerToken: null, completionPerToken: null } }),
    product('tabby', 'Tabby', { pricing: { model: 'paid', startingPrice: month(30), promptPerToken: null, completionPerToken: null } }),
    product('typist', 'Typist'),
    // the same product listed again: a suffix, an alias, a page of its site
    product('codey-ai', 'Codey AI'),
    product('codey-pro', 'Codey Pro', { aliases: ['Codey'] }),
    product('codey-agent', 'Codey Agent', { url: 'https://codey.example/agent' }),
    // same category, another job
    product('chainkit', 'ChainKit', { description: 'A framework for building LLM applications. Python library.' }),
    product('runbox', 'Runbox', { description: 'Run LLMs locally and offline on your computer.', category: 'Coding' }),
    // the model Codey runs on, and another model people compare it with
    product('acme/codey-1', 'Acme: Codey 1', { type: 'model', url: null, category: 'Text models', description: 'A language model for chat and code.' }),
    product('acme/other-1', 'Acme: Other 1', { type: 'model', url: null, category: 'Text models', description: 'A language model for chat and code.' }),
    // chat products with an OSS Insight "ChatGPT Alternatives" membership
    product('chatgpt', 'ChatGPT', { category: 'Chatbots', description: 'ChatGPT by OpenAI is an AI assistant that talks in a conversational way.' }),
    product('talky', 'Talky', { category: 'Chatbots', description: 'Talky is an AI assistant and AI chatbot by Talk Labs.' }),
    product('localchat', 'LocalChat', { category: 'Coding', description: 'Run LLMs locally and offline on your computer.' }),
  ];
  const evidence: Evidence[] = products.map((p, i) => ({
    productId: p.id,
    kind: 'list_mentions',
    // how often each is listed drives its rank: Typist > Nudge > Tabby > Helper > Pairy > Codey
    value: LISTED[p.id] ?? 1 + (i % 3),
    source: 'test',
    date: '2026-11-01',
  }));
  evidence.push({ productId: 'localchat', kind: 'integrations', value: 1, source: 'github-ai-repos', date: '2026-04-20', detail: 'OSS Insight collections: ChatGPT Alternatives' });
  return { products, evidence, sources: [{ id: 'test', name: 'Test data', date: '2026-11-01', licence: 'MIT' }] };
}

describe('/alternatives on a small catalog with rivals, duplicates and powered-by links', () => {
  let app: App;
  beforeAll(async () => {
    app = createApp(':memory:');
    await app.core.importCatalog(smallBuild());
  });
  afterAll(() => app?.close());

  it('a curated rival comes first, named by the host of its source, even when it ranks lower', async () => {
    const view = await alternativesOf(app, 'codey', { limit: 10 });
    expect(view.product.job).toBe('coding assistant');
    const [first] = view.alternatives;
    expect(first.id).toBe('pairy');
    expect(first.reasons[0]).toBe('named as a rival by example-reviews.com');
    expect(first.reasons).toContain('cheaper ($10 vs $20 per month)');
  });

  it('a product whose own rival list names it comes next, with that page as the reason', async () => {
    const view = await alternativesOf(app, 'codey', { limit: 10 });
    const scores = await app.core.latestScores();
    expect(scores.get('nudge')!.score).toBeGreaterThan(scores.get('pairy')!.score);
    expect(ids(view).slice(0, 2)).toEqual(['pairy', 'nudge']);
    expect(view.alternatives[1].reasons[0]).toBe('named as a rival by nudge.example');
  });

  it('then the same job by rank, then price; other jobs and duplicates are left out', async () => {
    const view = await alternativesOf(app, 'codey', { limit: 10 });
    expect(ids(view)).toEqual(['pairy', 'nudge', 'typist', 'tabby', 'helper']);
    const scores = await app.core.latestScores();
    expect(scores.get('typist')!.score).toBeGreaterThan(scores.get('tabby')!.score);
    expect(scores.get('tabby')!.score).toBeGreaterThan(scores.get('helper')!.score);
    const helper = view.alternatives.find((a) => a.id === 'helper')!;
    const shown = (id: string) => Math.round(scores.get(id)!.score);
    expect(shown('helper')).toBeGreaterThan(shown('codey'));
    expect(helper.reasons).toEqual([
      'also a coding assistant (shares chat, code)',
      `ranks higher (${shown('helper')} vs ${shown('codey')})`,
      'cheaper (Free vs Freemium from $20 per month)',
    ]);
    const tabby = view.alternatives.find((a) => a.id === 'tabby')!;
    expect(tabby.reasons.some((r) => r.startsWith('cheaper'))).toBe(false);
  });

  it('--cheaper keeps only cheaper ones and says by how much', async () => {
    const view = await alternativesOf(app, 'codey', { limit: 10, cheaper: true });
    expect(ids(view)).toEqual(['pairy', 'helper']);
  });

  it('the model a product runs on is left out, a model compared with it is kept and says how often', async () => {
    for (let i = 0; i < 3; i++) {
      await app.core.matches.record('codey', 'acme/codey-1', 'compare');
      await app.core.matches.record('codey', 'acme/other-1', 'compare');
    }
    await app.core.matches.record('codey', 'tabby', 'compare');
    const view = await alternativesOf(app, 'codey', { limit: 10 });
    expect(ids(view)).not.toContain('acme/codey-1');
    const other = view.alternatives.find((a) => a.id === 'acme/other-1');
    expect(other?.reasons).toContain('often compared (3 times)');
    // a same-job peer that was compared moves ahead of higher-ranked peers
    expect(ids(view).slice(0, 3)).toEqual(['pairy', 'nudge', 'tabby']);
    expect(view.alternatives[2].reasons[0]).toBe('compared once');
    const models = await alternativesOf(app, 'codey', { limit: 10, type: 'model' });
    expect(ids(models)).toEqual(['acme/other-1']);
  });

  it('a "<Name> Alternatives" collection links its members to <Name>', async () => {
    const view = await alternativesOf(app, 'chatgpt', { limit: 10 });
    expect(ids(view)).toEqual(['talky', 'localchat']);
    expect(view.alternatives[1].reasons).toContain(`listed in OSS Insight's "ChatGPT Alternatives"`);
    const back = await alternativesOf(app, 'localchat', { limit: 10 });
    expect(back.alternatives.find((a) => a.id === 'chatgpt')?.reasons).toContain(`OSS Insight's "ChatGPT Alternatives" lists LocalChat`);
  });
});

describe('price comparison and wording', () => {
  const p = (model: PricingModel | null, start: { amount: number; unit: string } | null = null, perToken: number | null = null) =>
    product('x', 'X', { pricing: { model, startingPrice: start, promptPerToken: perToken, completionPerToken: null } });

  it('compares per-token prices first, then the pricing tier, then a starting price in the same unit', () => {
    expect(cheaperBy(p('paid', null, 1e-7), p('paid', null, 2.5e-6))).toBe('$0.10 vs $2.50 per 1M input tokens');
    expect(cheaperBy(p('paid', null, 2.5e-6), p('free', null, 1e-7))).toBeNull();
    expect(cheaperBy(p('free'), p('paid', { amount: 20, unit: 'per month' }))).toBe('Free vs Paid from $20 per month');
    expect(cheaperBy(p('freemium', { amount: 10, unit: 'per month' }), p('freemium', { amount: 20, unit: 'per month' }))).toBe('$10 vs $20 per month');
    // different units are not compared: per user per month is not per month
    expect(cheaperBy(p('freemium', { amount: 10, unit: 'per user per month' }), p('freemium', { amount: 20, unit: 'per month' }))).toBeNull();
    expect(cheaperBy(p(null), p('paid'))).toBeNull();
    expect(cheaperBy(p('paid'), p('paid'))).toBeNull();
  });

  it('a price only a little lower is not "cheaper": $7.99 vs $8 a month, or 5% less per token', () => {
    const month = (amount: number) => p('freemium', { amount, unit: 'per month' });
    expect(cheaperBy(month(7.99), month(8))).toBeNull();
    expect(cheaperBy(month(7.2), month(8))).toBe('$7.20 vs $8 per month');
    expect(cheaperBy(p('paid', null, 0.95e-6), p('paid', null, 1e-6))).toBeNull();
    expect(cheaperBy(p('paid', null, 0.9e-6), p('paid', null, 1e-6))).toBe('$0.90 vs $1 per 1M input tokens');
  });

  it('a freemium plan at the same price as a paid one is not "cheaper": it "has a free tier"', () => {
    const freemium20 = p('freemium', { amount: 20, unit: 'per month' });
    const paid20 = p('paid', { amount: 20, unit: 'per month' });
    expect(cheaperBy(freemium20, paid20)).toBeNull();
    expect(freeTierOver(freemium20, paid20)).toBe('Freemium from $20 per month vs Paid from $20 per month');
    expect(freeTierOver(paid20, freemium20)).toBeNull();
    // a freemium plan whose paid tier is clearly lower is cheaper, and a free product is cheaper than any paid one
    expect(cheaperBy(p('freemium', { amount: 10, unit: 'per month' }), paid20)).toBe('Freemium from $10 per month vs Paid from $20 per month');
    expect(cheaperBy(p('free'), paid20)).toBe('Free vs Paid from $20 per month');
    // a dearer freemium plan is not cheaper either
    expect(cheaperBy(p('freemium', { amount: 30, unit: 'per month' }), paid20)).toBeNull();
  });

  it('a reason names a free tier the plan label does not show, and keeps a plan unit without its remarks', () => {
    const usage = { ...p('usage-based'), features: { freeTier: true } } as ReturnType<typeof p>;
    const paid10 = p('paid', { amount: 10, unit: 'per month' });
    // "has a free tier (Usage-based vs Paid…)" would leave the reader asking where the free tier is
    expect(freeTierOver(usage, paid10)).toBe('Usage-based with a free tier vs Paid from $10 per month');
    const notion = p('freemium', { amount: 20, unit: 'per member per month, billed annually (Business; cheapest plan with full Notion AI)' });
    expect(cheaperBy(p('free'), notion)).toBe('Free vs Freemium from $20 per member per month, billed annually');
    const team = (amount: number) => p('freemium', { amount, unit: 'per seat per month (Team plan)' });
    expect(cheaperBy(team(8), team(20))).toBe('$8 vs $20 per seat per month');
  });

  it('on the shipped catalog: Cursor is not "cheaper" than Claude Code (both $20 a month), it has a free tier', async () => {
    const { buildCatalog, DEFAULT_SOURCES_DIR } = await import('../src/importers/build.js');
    const byId = new Map(buildCatalog({ dir: DEFAULT_SOURCES_DIR }).products.map((x) => [x.id, x]));
    const [cursor, claudeCode] = [byId.get('cursor')!, byId.get('claude-code')!];
    expect([cursor.pricing.startingPrice?.amount, claudeCode.pricing.startingPrice?.amount]).toEqual([20, 20]);
    expect(cheaperBy(cursor, claudeCode)).toBeNull();
    expect(freeTierOver(cursor, claudeCode)).toMatch(/^Freemium from \$20 per month vs Paid from \$20 per month/);
  });

  it('on the shipped catalog: Codex ($20 a month with ChatGPT Plus) is not cheaper than Claude Code ($20), nor llama.cpp than open-source Ollama', async () => {
    const { buildCatalog, DEFAULT_SOURCES_DIR } = await import('../src/importers/build.js');
    const byId = new Map(buildCatalog({ dir: DEFAULT_SOURCES_DIR }).products.map((x) => [x.id, x]));
    const [codex, claudeCode, ollama, llamaCpp, lmStudio] = ['openai-codex', 'claude-code', 'ollama', 'llama-cpp', 'lm-studio'].map((id) => byId.get(id)!);
    expect(codex.pricing.startingPrice).toEqual({ amount: 20, unit: 'per month (ChatGPT Plus)' });
    expect(cheaperBy(codex, claudeCode)).toBeNull();
    expect(freeTierOver(codex, claudeCode)).toBe('Freemium from $20 per month vs Paid from $20 per month');
    expect(ollama).toMatchObject({ pricing: { model: 'freemium' }, features: { openSource: true } });
    expect(cheaperBy(llamaCpp, ollama)).toBeNull();
    expect(cheaperBy(lmStudio, ollama)).toBeNull();
    // a free tool is still cheaper than a closed freemium one whose paid plan is the product
    expect(cheaperBy(p('free'), p('freemium', { amount: 20, unit: 'per month' }))).toBe('Free vs Freemium from $20 per month');
  });

  it('on the shipped catalog, gemini ($7.99 a month) is not called cheaper than ChatGPT ($8)', async () => {
    const { buildCatalog, DEFAULT_SOURCES_DIR } = await import('../src/importers/build.js');
    const byId = new Map(buildCatalog({ dir: DEFAULT_SOURCES_DIR }).products.map((x) => [x.id, x]));
    const [gemini, chatgpt] = [byId.get('gemini')!, byId.get('chatgpt')!];
    expect([gemini.pricing.startingPrice?.amount, chatgpt.pricing.startingPrice?.amount]).toEqual([7.99, 8]);
    expect(cheaperBy(gemini, chatgpt)).toBeNull();
  });

  it('picks "a" or "an" by sound', () => {
    expect(withArticle('AI assistant')).toBe('an AI assistant');
    expect(withArticle('image generator')).toBe('an image generator');
    expect(withArticle('LLM app framework')).toBe('an LLM app framework');
    expect(withArticle('UI and web design tool')).toBe('a UI and web design tool');
    expect(withArticle('coding assistant')).toBe('a coding assistant');
  });
});

describe('data/jobs.json', () => {
  it('is valid and names only collections that ship with the catalog', () => {
    expect(JOB_TAXONOMY.jobs.length).toBeGreaterThan(40);
    const dir = join(SOURCES_DIR, 'github-ai-repos', 'ossinsight-collections');
    const shipped = new Set(
      readdirSync(dir)
        .filter((f) => f.endsWith('.yml'))
        .map((f) => parseOssCollection(readFileSync(join(dir, f), 'utf8')).collection!.name),
    );
    for (const job of JOB_TAXONOMY.jobs) for (const c of job.collections) expect(shipped, `${job.id}: ${c}`).toContain(c);
  });

  it('rejects a malformed file as a whole, with every row\'s error', () => {
    const good = { id: 'ok', label: 'fine job', types: ['product'], phrases: ['fine words*'] };
    const file = (jobs: unknown[]) => ({ description: 'd', source: 's', date: '2026-12-03', jobs });
    let error: unknown;
    try {
      parseJobTaxonomy(file([good, { id: 'Bad Id', label: 'x', types: ['robot'], phrases: ['Upper Case'] }, { ...good }, { id: 'empty', label: 'no rules', types: ['model'] }]));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(JobTaxonomyError);
    const rows = (error as JobTaxonomyError).errors.map((e) => `${e.row}.${e.path}`);
    expect(rows).toEqual(expect.arrayContaining(['jobs[1].id', 'jobs[1].label', 'jobs[1].types.0', 'jobs[1].phrases.0', 'jobs[2].id', 'jobs[3].']));
    expect(() => parseJobTaxonomy({ jobs: [] })).toThrow(/file/);
    expect(parseJobTaxonomy(file([good])).jobs).toHaveLength(1);
  });
});
