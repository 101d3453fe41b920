import { SIGNALS, type Evidence, type SignalName } from '../domain.js';
import type { ScoringConfig } from './config.js';
import type { SignalResult } from './types.js';
import { SIGNAL_LABELS } from '../format.js';

/** signal names as written inside sentences ("match graph"), from the one SIGNAL_LABELS */
export const SIGNAL_WORDS = Object.fromEntries(
  Object.entries(SIGNAL_LABELS).map(([k, v]) => [k, v.toLowerCase()]),
) as Record<SignalName, string>;

const SOURCE_NAMES: Record<string, string> = {
  huggingface: 'Hugging Face',
  lmarena: 'LMArena',
  openrouter: 'OpenRouter',
  litellm: 'LiteLLM',
  github: 'GitHub',
  'models-dev': 'models.dev',
  'genai-prices': 'genai-prices',
  matchgraph: 'Matchgraph (derived)',
};

export function sourceName(source: string): string {
  return SOURCE_NAMES[source] ?? source;
}

/** 12345.4 -> "12,345" (no locale dependence) */
export function formatCount(value: number): string {
  const rounded = Math.round(value);
  const sign = rounded < 0 ? '-' : '';
  return sign + String(Math.abs(rounded)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** 1342 -> "1342", 62.431 -> "62.43", 0.61234 -> "0.6123" */
export function formatPlain(value: number): string {
  if (Math.abs(value) >= 1000) return String(Math.round(value));
  return String(Number(value.toPrecision(4)));
}

function day(date: string): string {
  return date.length >= 10 ? date.slice(0, 10) : date;
}

function plural(n: number, one: string, many: string): string {
  return Math.round(n) === 1 ? one : many;
}

/** One plain-language line for an evidence item, e.g. "LMArena text rating 1342 (2025-12-11)". */
export function evidenceLine(e: Evidence): string {
  const d = day(e.date);
  const where = e.detail ?? sourceName(e.source);
  switch (e.kind) {
    case 'hf_downloads':
      return `${formatCount(e.value)} Hugging Face downloads${e.detail ? ` of ${e.detail}` : ''} (30 days to ${d})`;
    case 'hf_likes':
      return `${formatCount(e.value)} Hugging Face ${plural(e.value, 'like', 'likes')}${e.detail ? ` on ${e.detail}` : ''} (${d})`;
    case 'github_stars':
      return `${formatCount(e.value)} GitHub ${plural(e.value, 'star', 'stars')}${e.detail ? ` on ${e.detail}` : ''} (${d})`;
    case 'list_mentions':
      if (e.detail && Math.round(e.value) === 1) return `listed in ${e.detail} (${d})`;
      return `${formatCount(e.value)} curated-list ${plural(e.value, 'mention', 'mentions')}${e.detail ? ` in ${e.detail}` : ''} (${d})`;
    case 'stated_users':
    case 'stated_customers':
      // the importer writes the figure in words and "page host, date as the page gives it" (usageEvidence)
      return `${e.detail ?? formatCount(e.value)} (${e.note ? `stated on ${e.note}` : `stated, ${d}`})`;
    case 'arena_rating':
      return `${e.detail ?? `${sourceName(e.source)} arena`} rating ${formatPlain(e.value)}${e.note ? ` for ${e.note}` : ''} (${d})`;
    case 'benchmark':
      return `${e.detail ?? `${sourceName(e.source)} benchmark`} score ${formatPlain(e.value)} (${d})`;
    case 'providers':
      return `served by ${formatCount(e.value)} ${plural(e.value, 'provider', 'providers')} (${where}, ${d})`;
    case 'integrations':
      return `${formatCount(e.value)} ${plural(e.value, 'integration', 'integrations')} (${where}, ${d})`;
    case 'arena_interval':
      return `${where} rating interval ±${formatPlain(e.value)} (${d})`;
    case 'quality_index':
      return `quality ${formatPlain(e.value)} on the ${e.detail ?? 'LMArena text scale'}${e.note ? ` from ${e.note}` : ''} (${d})`;
    case 'model_quality':
      return `${e.note ?? `runs ${e.detail}`} (${d})`;
    case 'list_presence':
      return `${e.note ?? `listed in ${where}`} (${d})`;
    case 'arena_votes':
      return `${e.note ?? 'LMArena votes (estimated)'} (${d})`;
  }
}

/** The wording of a score breakdown's signal parts, for one scoring configuration. */
export interface BreakdownNotes {
  signalPrefix: string[];
  weightText: string[];
  noEvidence: string[];
}

export function breakdownNotes(config: ScoringConfig): BreakdownNotes {
  const weightTotal = SIGNALS.reduce((acc, s) => acc + config.signalWeights[s], 0);
  return {
    signalPrefix: SIGNALS.map((s) => `${SIGNAL_WORDS[s]} `),
    weightText: SIGNALS.map((s) => `/100 × weight ${formatPlain(config.signalWeights[s] / weightTotal)} × confidence `),
    noEvidence: SIGNALS.map((s) => `no ${SIGNAL_WORDS[s]} evidence; its weight goes to the prior`),
  };
}

const notesByConfig = new WeakMap<ScoringConfig, BreakdownNotes>();

/**
 * The prior's breakdown note from its stored numbers: "prior 31.24/100 (its peers' average, shrunk
 * toward 30) on the 96% of the weight not backed by evidence".
 */
export function priorNote(prior: { value: number; percent: number }, config: ScoringConfig): string {
  const peers = prior.value === config.prior.value ? '' : ` (its peers' average, shrunk toward ${formatPlain(config.prior.value)})`;
  return `prior ${formatPlain(prior.value)}/100${peers} on the ${prior.percent}% of the weight not backed by evidence`;
}

/**
 * A signal's breakdown note written now from the stored numbers (its value and confidence), so
 * rewording needs no new scoring run: "quality 62.4/100 × weight 0.35 × confidence 0.8".
 */
export function signalNote(signal: SignalName, result: Pick<SignalResult, 'value' | 'confidence'>, config: ScoringConfig): string {
  let notes = notesByConfig.get(config);
  if (!notes) notesByConfig.set(config, (notes = breakdownNotes(config)));
  const j = SIGNALS.indexOf(signal);
  if (result.value === null || !(result.confidence > 0)) return notes.noEvidence[j]!;
  return notes.signalPrefix[j]! + String(result.value) + notes.weightText[j]! + String(result.confidence);
}
