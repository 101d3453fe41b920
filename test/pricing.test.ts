/**
 * Pricing semantics on real rows of the shipped sources: one table of AutoVenture, awesome-list and OpenRouter rows
 * with the pricing model and starting price each must get, and the whole AutoVenture list checked for "Free" rows
 * whose description says trial, credits or a free tier.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PricingModel, StartingPrice } from '../src/core/domain.js';
import { parseAutoVenture, type AutoVentureTool } from '../src/importers/ai-tools-autoventure.js';
import { parseAwesomeGenerativeAi } from '../src/importers/awesome-generative-ai.js';
import { parseOpenRouter, tokenPrice } from '../src/importers/openrouter.js';
import { listPricing, modelPricing, priceInText } from '../src/importers/pricing.js';
import { buildCatalog, DEFAULT_SOURCES_DIR } from '../src/importers/build.js';

const SOURCES = join(process.cwd(), 'data', 'sources');
const json = (rel: string): unknown => JSON.parse(readFileSync(join(SOURCES, rel), 'utf8'));

const autoventure = parseAutoVenture(json('ai-tools-autoventure/ai-tools.json')).rows;
const awesome = parseAwesomeGenerativeAi(json('awesome-generative-ai/products.json')).rows;
const openrouter = parseOpenRouter(json('openrouter/models.json')).rows;

function tool(name: string): AutoVentureTool {
  const t = autoventure.find((x) => x.name === name);
  expect(t, name).toBeDefined();
  return t!;
}

interface Case {
  row: string;
  model: PricingModel | null;
  rule: string;
  price?: StartingPrice | null;
}

/** AutoVenture rows as shipped: label + description -> pricing model (first matching rule decides). */
const AUTOVENTURE_CASES: Case[] = [
  { row: 'WellSaid', model: 'free-trial', rule: 'trial-label' }, // "Free Trial": "Free trial available."
  { row: 'Stripe Atlas', model: 'free-trial', rule: 'trial-label' }, // "Free Trial": "Paid service with free tools."
  { row: 'Lovspark AI', model: 'freemium', rule: 'freemium-word' }, // "Free Trial" but "with a freemium model"
  { row: 'Adobe Podcast', model: 'freemium', rule: 'free-plan' }, // "Free tier available."
  { row: 'Cursor', model: 'freemium', rule: 'free-plan' }, // "free Hobby plan includes limited completions"
  { row: 'Composio', model: 'freemium', rule: 'free-plan' }, // "a free developer tier with 20K tool calls per month"
  { row: 'GitHub Copilot', model: 'freemium', rule: 'free-plan' }, // "Free tier for students and open source." is not open source
  { row: 'TTS.ai', model: 'freemium', rule: 'free-plan' }, // offers open-source models, is not itself open source
  { row: 'Devin', model: 'freemium', rule: 'free-plan' },
  { row: 'Leonardo AI', model: 'freemium', rule: 'recurring-allowance' }, // "with daily credits"
  { row: 'Rytr', model: 'freemium', rule: 'recurring-allowance' }, // "10,000 characters/month free"
  { row: 'Designs.ai', model: 'freemium', rule: 'credits' }, // "Generous free credits."
  { row: 'AudioAI.io', model: 'free-trial', rule: 'trial-text' }, // "new users get free credits to try it"
  { row: 'Freesong', model: 'free-trial', rule: 'trial-text' }, // "the first six songs are free"
  { row: 'Audacity', model: 'open-source', rule: 'open-source-text' }, // "Free open-source audio editor"
  { row: 'Pandas AI', model: 'open-source', rule: 'open-source-text' }, // "... for Python. Open source."
  { row: 'Meetily', model: 'open-source', rule: 'open-source-text' }, // "with open-source core"
  { row: 'Kimi', model: 'free', rule: 'free-label' }, // "Free" and nothing about plans
  { row: 'LM Studio', model: 'free', rule: 'free-label' }, // "free for home and work use with no subscription required"
  { row: 'Protoface', model: 'freemium', rule: 'free-plan', price: { amount: 0.01, unit: 'per minute' } }, // "$0.01 per minute"
];

describe('pricing rules on real AutoVenture rows', () => {
  it.each(AUTOVENTURE_CASES)('$row -> $model ($rule)', ({ row, model, rule, price }) => {
    const t = tool(row);
    const p = listPricing({ label: t.pricing, description: t.description, openSourceFlag: false });
    expect({ model: p.model, rule: p.rule }).toEqual({ model, rule });
    expect(p.startingPrice).toEqual(price ?? null);
  });

  it('a "Free" row that mentions a trial, credits, paid plans or a free tier is never plain "free"', () => {
    const mentions = autoventure.filter((t) => t.pricing === 'Free' && /trial|credits?\b(?!\s+cards?)|paid plans?|free (?:[\w-]+ )?(?:tier|plan)/i.test(t.description));
    expect(mentions.length).toBeGreaterThan(120);
    const stillFree = mentions.filter((t) => listPricing({ label: t.pricing, description: t.description, openSourceFlag: false }).model === 'free');
    expect(stillFree.map((t) => t.name)).toEqual([]);
  });

  it('free tier and free trial features follow the words', () => {
    const trial = listPricing({ label: 'Free Trial', description: tool('WellSaid').description, openSourceFlag: false });
    expect(trial).toMatchObject({ freeTrial: true });
    expect(trial.freeTier).toBeUndefined();
    const tier = listPricing({ label: 'Free', description: tool('Adobe Podcast').description, openSourceFlag: false });
    expect(tier).toMatchObject({ freeTier: true });
    expect(tier.freeTrial).toBeUndefined();
  });
});

describe('pricing rules on real awesome-list rows', () => {
  it("the open_source flag makes a product open source, whatever AutoVenture's label says", () => {
    const comfy = awesome.find((p) => p.name === 'ComfyUI')!;
    expect(comfy.open_source).toBe(true);
    expect(listPricing({ label: null, description: '', openSourceFlag: comfy.open_source })).toMatchObject({ model: 'open-source', rule: 'open-source-flag' });
    expect(listPricing({ label: 'Free', description: 'Free tier available.', openSourceFlag: true }).model).toBe('open-source');
  });

  it('a listing with no pricing words and no AutoVenture row has no pricing model', () => {
    const langchain = awesome.find((p) => p.name === 'LangChain')!;
    expect(langchain.open_source).toBe(false);
    expect(listPricing({ label: null, description: langchain.description, openSourceFlag: false })).toEqual({ model: null, startingPrice: null, rule: 'none' });
  });
});

/** OpenRouter models as shipped: per-token prices and descriptions -> pricing model and starting price. */
const MODEL_CASES: Case[] = [
  { row: 'google/lyria-3-pro-preview', model: 'usage-based', rule: 'description-price', price: { amount: 0.08, unit: 'per song' } }, // 0/0, "$0.08 per song"
  { row: 'google/lyria-3-clip-preview', model: 'usage-based', rule: 'description-price', price: { amount: 0.04, unit: 'per clip' } },
  { row: 'meta-llama/llama-3.2-1b-instruct', model: 'usage-based', rule: 'token-price', price: { amount: 2.7e-8, unit: 'per prompt token' } },
  { row: 'openai/gpt-4o', model: 'usage-based', rule: 'token-price', price: { amount: 2.5e-6, unit: 'per prompt token' } },
  { row: 'openai/gpt-oss-120b:free', model: 'free', rule: 'zero-price', price: null },
  { row: 'openrouter/owl-alpha', model: 'free', rule: 'zero-price', price: null }, // 0/0 and no price in its description
  { row: 'openrouter/auto', model: 'usage-based', rule: 'variable-price', price: null }, // -1: the routed model's price
];

describe('pricing rules on real OpenRouter rows', () => {
  it.each(MODEL_CASES)('$row -> $model ($rule)', ({ row, model, rule, price }) => {
    const m = openrouter.find((x) => x.id === row);
    expect(m, row).toBeDefined();
    const p = modelPricing(tokenPrice(m!.pricing.prompt), tokenPrice(m!.pricing.completion), m!.description);
    expect({ model: p.model, rule: p.rule, startingPrice: p.startingPrice }).toEqual({ model, rule, startingPrice: price });
  });

  it('a model priced per song has no per-token price in the catalog: no "$0 in / $0 out", not first among the cheapest', () => {
    const built = new Map(buildCatalog({ dir: DEFAULT_SOURCES_DIR }).products.map((p) => [p.id, p]));
    for (const id of ['google/lyria-3-pro-preview', 'google/lyria-3-clip-preview']) {
      expect(built.get(id)!.pricing, id).toMatchObject({ model: 'usage-based', promptPerToken: null, completionPerToken: null });
      expect(built.get(id)!.pricing.startingPrice!.unit, id).toMatch(/^per (song|clip)$/);
    }
    // a token-priced model keeps its prices
    expect(built.get('meta-llama/llama-3.2-1b-instruct')!.pricing.promptPerToken).toBe(2.7e-8);
  });

  it('a price in words needs a unit and a non-zero amount', () => {
    expect(priceInText('new accounts receive $100 in free credits')).toBeNull();
    expect(priceInText('Input is priced at $0 per song')).toBeNull();
    expect(priceInText('paid plans from $12/month, teams $30 per user')).toEqual({ amount: 12, unit: 'per month' });
    expect(priceInText('$5 a month or $50 a year')).toEqual({ amount: 5, unit: 'per month' });
  });
});
