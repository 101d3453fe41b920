import { SIGNALS, type SignalName } from '../domain.js';
import { SCORING_CONFIG, type ScoringConfig } from './config.js';
import { SIGNAL_WORDS } from './format.js';
import type { ProductScore } from './types.js';

export interface VerdictItem {
  id: string;
  name: string;
  score: ProductScore;
  /** for a product: the name of the model its Quality comes from, if any */
  runs?: string | null;
}

/** What kind of answer the verdict gives: a winner, a tie inside the margin, a gap no signal backs, or too little evidence. */
export type VerdictCall = 'clear' | 'too-close' | 'no-clear-call' | 'not-enough-evidence';

export interface Verdict {
  /** the score gap is within the margin, or no signal has a lead backed by enough evidence */
  tooClose: boolean;
  call: VerdictCall;
  /** every item's score rests mostly on the prior: there is not enough evidence to call it */
  notEnoughEvidence: boolean;
  /** one sentence for the card header */
  summary: string;
  /** the verdict paragraph: who scores higher and who leads on which signal */
  verdict: string;
}

/**
 * Index of the item leading each signal, or -1: the leader must be ahead of every other item
 * by more than the signal's margin, and its own signal must have at least the minimum confidence.
 */
function leaderIndices(scores: readonly ProductScore[], config: ScoringConfig): Record<SignalName, number> {
  const out = {} as Record<SignalName, number>;
  for (const s of SIGNALS) {
    out[s] = -1;
    if (scores.length < 2) continue;
    // a signal some item has no evidence for has no winner: "no data" is not a low value
    const values = scores.map((x) => x.signals[s].value);
    if (values.some((v) => v === null)) continue;
    const vs = values as number[];
    let best = 0;
    for (let i = 1; i < vs.length; i++) if (vs[i] > vs[best]) best = i;
    let second = -Infinity;
    for (let i = 0; i < vs.length; i++) if (i !== best) second = Math.max(second, vs[i]);
    const lead = scores[best].signals[s];
    if (vs[best] - second > config.verdict.signalMargins[s] && lead.confidence >= config.verdict.minDecisiveConfidence) {
      out[s] = best;
    }
  }
  return out;
}

/** Per signal, the id of the product that clearly leads it, or null. */
export function leaders(scores: ProductScore[], config: ScoringConfig = SCORING_CONFIG): Record<SignalName, string | null> {
  const idx = leaderIndices(scores, config);
  const out = {} as Record<SignalName, string | null>;
  for (const s of SIGNALS) out[s] = idx[s] >= 0 ? scores[idx[s]].productId : null;
  return out;
}

const NO_SEPARATION = 'No signal separates them clearly.';
const NO_DECISIVE_SIGNAL = ', but no signal backs the gap with evidence on both sides';

/** The lead sentence after a tie's reason, left out when it would only repeat that no signal decides. */
function afterWhy(leadText: string, withinMargin: boolean): string {
  return !withinMargin && leadText === NO_SEPARATION ? '' : ` ${leadText}`;
}

function listWords(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

function shown(item: VerdictItem): string {
  return `${Math.round(item.score.score)}/100`;
}

function signalsLedBy(lead: Record<SignalName, number>, i: number): string[] {
  return SIGNALS.filter((s) => lead[s] === i).map((s) => SIGNAL_WORDS[s]);
}

function pairLeadSentence(
  items: VerdictItem[],
  lead: Record<SignalName, number>,
  tooClose: boolean,
): string {
  const [hi, lo] = items;
  const hiLeads = signalsLedBy(lead, 0);
  const loLeads = signalsLedBy(lead, 1);
  if (hiLeads.length > 0 && loLeads.length > 0) {
    return `${lo.name} leads on ${listWords(loLeads)}, while ${hi.name} is stronger on ${listWords(hiLeads)}.`;
  }
  if (hiLeads.length > 0) {
    return hiLeads.length === SIGNALS.length ? `${hi.name} leads on every signal.` : `${hi.name} leads on ${listWords(hiLeads)}.`;
  }
  if (loLeads.length > 0) {
    if (loLeads.length === SIGNALS.length) return `${lo.name} leads on every signal.`;
    return tooClose
      ? `${lo.name} leads on ${listWords(loLeads)}.`
      : `${lo.name} leads on ${listWords(loLeads)}, but ${hi.name} scores higher overall.`;
  }
  return NO_SEPARATION;
}

function manyLeadSentence(items: VerdictItem[], lead: Record<SignalName, number>): string {
  const parts: string[] = [];
  for (let i = 0; i < items.length; i++) {
    const led = signalsLedBy(lead, i);
    if (led.length === SIGNALS.length) return `${items[i].name} leads on every signal.`;
    if (led.length > 0) parts.push(`${items[i].name} leads on ${listWords(led)}`);
  }
  return parts.length > 0 ? `${parts.join('; ')}.` : NO_SEPARATION;
}

/**
 * The comparison verdict in plain words, e.g.
 * "gemini scores higher at 45/100 vs Meta: Llama 3.2 1B Instruct at 22/100.
 *  Meta: Llama 3.2 1B Instruct leads on quality, while gemini is stronger on ecosystem."
 * Items are ordered by score (ties by id); names are used as given.
 */
export function verdict(items: VerdictItem[], config: ScoringConfig = SCORING_CONFIG): Verdict {
  if (items.length === 0) return { tooClose: false, call: 'clear', notEnoughEvidence: false, summary: 'Nothing to compare.', verdict: 'Nothing to compare.' };
  const sorted = [...items].sort(
    (x, y) => y.score.score - x.score.score || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0),
  );
  if (sorted.length === 1) {
    const only = `${sorted[0].name} scores ${shown(sorted[0])}.`;
    const thinOnly = sorted[0].score.priorShare >= config.verdict.mostlyPrior;
    return { tooClose: false, call: thinOnly ? 'not-enough-evidence' : 'clear', notEnoughEvidence: thinOnly, summary: only, verdict: only };
  }
  const typeNote = comparabilityNote(sorted);
  const thin = sorted.filter((x) => x.score.priorShare >= config.verdict.mostlyPrior);
  if (thin.length === sorted.length) {
    const names = listWords(sorted.map((x) => `${x.name} at ${shown(x)}`));
    const text = `Not enough evidence to call: ${names} rest mostly on the prior (${listWords(sorted.map((x) => `${Math.round(x.score.priorShare * 100)}%`))} of the weight), so the gap says little.`;
    return {
      tooClose: true,
      call: 'not-enough-evidence',
      notEnoughEvidence: true,
      summary: `Not enough evidence to call ${listWords(sorted.map((x) => x.name))}: ${sorted.map(shown).join(' vs ')}.`,
      verdict: typeNote ? `${text} ${typeNote}` : text,
    };
  }
  const lead = leaderIndices(
    sorted.map((x) => x.score),
    config,
  );
  const gap = sorted[0].score.score - sorted[1].score.score;
  const withinMargin = gap <= config.verdict.tooCloseMargin;
  const decisive = SIGNALS.some((s) => lead[s] >= 0);
  const tooClose = withinMargin || !decisive;
  const call: VerdictCall = !tooClose ? 'clear' : withinMargin ? 'too-close' : 'no-clear-call';
  const withNote = (v: Pick<Verdict, 'summary' | 'verdict'>): Verdict => ({
    ...v,
    tooClose,
    call,
    notEnoughEvidence: false,
    verdict: typeNote ? `${v.verdict} ${typeNote}` : v.verdict,
  });
  const [a, b] = sorted;

  if (sorted.length === 2) {
    const leadText = pairLeadSentence(sorted, lead, tooClose);
    if (!tooClose) {
      return withNote({
        summary: `${a.name} ranks higher at ${shown(a)} vs ${b.name} at ${shown(b)}.`,
        verdict: `${a.name} scores higher at ${shown(a)} vs ${b.name} at ${shown(b)}. ${leadText}`,
      });
    }
    if (withinMargin) {
      return withNote({
        summary: `${a.name} and ${b.name} are too close to call at ${shown(a)} vs ${shown(b)}.`,
        verdict: `Too close to call: ${a.name} at ${shown(a)} vs ${b.name} at ${shown(b)}. ${leadText}`,
      });
    }
    // a gap wider than the margin that no signal backs is not "too close": it is no call, and the header says why
    return withNote({
      summary: `${a.name} scores higher at ${shown(a)} vs ${b.name} at ${shown(b)}${NO_DECISIVE_SIGNAL}.`,
      verdict: `No clear call: ${a.name} scores higher at ${shown(a)} vs ${b.name} at ${shown(b)}${NO_DECISIVE_SIGNAL}.${afterWhy(leadText, withinMargin)}`,
    });
  }

  const rest = sorted.slice(1).map((x) => `${x.name} at ${shown(x)}`);
  const leadText = manyLeadSentence(sorted, lead);
  if (!tooClose) {
    return withNote({
      summary: `${a.name} ranks highest at ${shown(a)}, ahead of ${listWords(rest)}.`,
      verdict: `${a.name} scores highest at ${shown(a)}, then ${listWords(rest)}. ${leadText}`,
    });
  }
  // every product within the margin of the first is part of the tie, not only the second
  const tied = withinMargin ? sorted.filter((x) => a.score.score - x.score.score <= config.verdict.tooCloseMargin).length : 2;
  const close = sorted.slice(0, tied);
  const others = sorted.slice(tied).map((x) => `${x.name} at ${shown(x)}`);
  const why = withinMargin ? '' : NO_DECISIVE_SIGNAL;
  const closeNames = listWords(close.map((x) => x.name));
  const closeScores = close.map(shown).join(' vs ');
  const closeWithScores = listWords(close.map((x) => `${x.name} at ${shown(x)}`));
  const callWords = withinMargin ? 'Too close to call' : 'No clear call';
  const closeSummary = withinMargin ? `${closeNames} are too close to call at ${closeScores}` : `${a.name} scores higher at ${shown(a)} vs ${close[1]!.name} at ${shown(close[1]!)}${why}`;
  if (others.length === 0) {
    return withNote({
      summary: `${closeSummary}.`,
      verdict: `${callWords} between ${closeWithScores}${why}.${afterWhy(leadText, withinMargin)}`,
    });
  }
  return withNote({
    summary: `${closeSummary}, ahead of ${listWords(others)}.`,
    verdict: `${callWords} between ${closeWithScores}${why}; then ${listWords(others)}.${afterWhy(leadText, withinMargin)}`,
  });
}

const TYPE_WORDS: Record<string, string> = { model: 'a model', product: 'a product', router: 'a router' };

/**
 * When a comparison mixes types, what is and is not comparable: each score ranks the item among its
 * own type, and a product's Quality, where it has one, is that of the model it runs.
 */
function comparabilityNote(items: VerdictItem[]): string {
  const types = new Set(items.map((x) => x.score.type));
  if (types.size < 2) return '';
  const kinds = listWords(items.map((x) => `${x.name} is ${TYPE_WORDS[x.score.type] ?? x.score.type}`));
  const runs = items.filter((x) => x.score.type === 'product' && x.runs).map((x) => `${x.name} is judged by the model it runs (${x.runs})`);
  const quality = runs.length ? ` On quality, ${listWords(runs)}.` : '';
  return `${kinds}: each score ranks it among its own type, so the scores compare standing, not like with like.${quality}`;
}
