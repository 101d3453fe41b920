/**
 * Deterministic synthetic catalogs for scale tests and benchmarks. Names look like a real
 * aggregated catalog: "Vendor: Family 3.1 70B Instruct (free)" models with OpenRouter-style ids,
 * and brand-style products ("Lumora Studio"). Families are invented (or real ones carry a
 * fine-tune name), so synthetic names do not collide with real catalog names.
 */
import type { ResolverEntry } from './resolver.js';
import { mulberry32 } from '../random.js';


const REAL_VENDORS = [
  'OpenAI', 'Anthropic', 'Google', 'Meta', 'Mistral', 'Qwen', 'DeepSeek', 'Microsoft', 'NVIDIA', 'Cohere',
  'xAI', 'Amazon', 'IBM', 'Nous', 'Sao10K', 'TheDrummer', 'AI21', 'Baidu', 'Tencent', 'Z.AI', 'MoonshotAI',
  'Inflection', 'Liquid', 'AllenAI', 'Arcee AI', 'Nous Research', 'Perplexity', 'Reka', 'StepFun', 'Inception',
];
const REAL_FAMILIES = ['Llama', 'Qwen', 'Mistral', 'Gemma', 'Phi', 'Hermes', 'Granite', 'Nemotron', 'Falcon', 'Yi', 'GLM', 'Mixtral'];
const SYLLABLES = [
  'ka', 'lo', 'mi', 'ra', 've', 'no', 'xi', 'ta', 'lu', 'zen', 'qua', 'dro', 'fel', 'mar', 'tis', 'ori', 'sol', 'nex',
  'vin', 'pra', 'gal', 'hel', 'jun', 'bri', 'cor', 'dex', 'fin', 'gro', 'lum', 'myr', 'syn', 'tal', 'umb', 'vex',
  'wyn', 'zor', 'ae', 'el', 'ion', 'os', 'ar', 'bel', 'cy', 'dai', 'eo', 'fra', 'ish', 'kor', 'len', 'pho',
];
const VERSIONS = ['1', '1.5', '2', '2.1', '2.5', '3', '3.1', '3.3', '3.5', '4', '4.1', '4.5', '5', '0.9', '6', '7.2', '8', '9.1'];
const SIZES = ['0.5B', '1.5B', '2B', '4B', '7B', '9B', '12B', '14B', '22B', '27B', '32B', '34B', '72B', '110B', '235B', '480B', '8x22B'];
const MODEL_VARIANTS = ['Instruct', 'Chat', 'Vision', 'Coder', 'Mini', 'Pro', 'Flash', 'Turbo', 'Preview', 'Lite', 'Reasoning', 'Base', 'Nano', 'Max', 'Ultra', 'Plus'];
const FINE_TUNES = ['Hanami', 'Euryale', 'Lunaris', 'Rocinante', 'Magnum', 'Stheno', 'Celeste', 'Midnight', 'Nemo', 'Anubis', 'Valkyrie', 'Skyfall'];
const SUFFIXES = ['(free)', '(Fast)', '(beta)', '(2024-08-06)', '(2025-03-14)', '(thinking)', '(extended)'];
const PRODUCT_SUFFIXES = [
  'AI', 'Studio', 'Copilot', 'Writer', 'Chat', 'Assistant', 'Labs', 'Pilot', 'Code', 'Image', 'Voice', 'Notes',
  'Search', 'Agent', 'Docs', 'Video', 'Design', 'Translate', 'Meet', 'Sheets', 'Mail', 'Music', 'Avatar', 'Slides',
];

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)];
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function word(rand: () => number, minSyl: number, maxSyl: number): string {
  const n = minSyl + Math.floor(rand() * (maxSyl - minSyl + 1));
  let w = '';
  for (let i = 0; i < n; i++) w += pick(rand, SYLLABLES);
  return w[0].toUpperCase() + w.slice(1);
}

/**
 * n entries, about 70% models and 30% products, popularity skewed like real usage (few popular,
 * many obscure). Same n and seed, same entries; ids are unique.
 */
export function syntheticEntries(n: number, seed = 1): ResolverEntry[] {
  const rand = mulberry32(seed);
  const count = Math.max(0, Math.floor(n));
  const fictionalVendors = Array.from({ length: 400 }, () => word(rand, 2, 3) + (rand() < 0.3 ? ' Labs' : rand() < 0.2 ? ' AI' : ''));
  const families = Array.from({ length: 600 }, () => word(rand, 2, 3));
  const ids = new Set<string>();
  const out: ResolverEntry[] = [];
  const unique = (id: string): string => {
    let candidate = id;
    for (let k = 2; ids.has(candidate); k++) candidate = `${id}-${k}`;
    ids.add(candidate);
    return candidate;
  };

  while (out.length < count) {
    const popularity = Math.round(100 * Math.pow(rand(), 3) * 10) / 10;
    if (rand() < 0.7) {
      const vendor = rand() < 0.35 ? pick(rand, REAL_VENDORS) : pick(rand, fictionalVendors);
      const realFamily = rand() < 0.2;
      const family = realFamily ? pick(rand, REAL_FAMILIES) : pick(rand, families);
      const parts = [family, pick(rand, VERSIONS)];
      if (realFamily) parts.push(pick(rand, FINE_TUNES));
      if (rand() < 0.7) parts.push(pick(rand, SIZES));
      if (rand() < 0.6) parts.push(pick(rand, MODEL_VARIANTS));
      if (rand() < 0.2) parts.push(pick(rand, MODEL_VARIANTS));
      const base = parts.join(' ');
      const suffix = rand() < 0.12 ? pick(rand, SUFFIXES) : '';
      const name = `${vendor}: ${base}${suffix ? ` ${suffix}` : ''}`;
      const free = suffix === '(free)';
      const id = unique(`${slug(vendor)}/${slug(base)}${free ? ':free' : ''}`);
      const aliases = rand() < 0.3 ? [parts.join('-')] : [];
      out.push({ id, name, aliases, vendor, type: 'model', popularity });
    } else {
      const brand = word(rand, 2, 3);
      const name = rand() < 0.6 ? `${brand} ${pick(rand, PRODUCT_SUFFIXES)}` : brand;
      const id = unique(slug(name));
      const aliases = rand() < 0.25 ? [`${brand}.ai`] : [];
      const vendor = rand() < 0.5 ? `${brand} Inc.` : null;
      out.push({ id, name, aliases, vendor, type: 'product', popularity });
    }
  }
  return out;
}
