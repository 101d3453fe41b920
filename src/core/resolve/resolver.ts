/**
 * Name resolution: turns what a user typed ("llama 1b", "gemni", "meta-llama/llama-3.2-1b-instruct")
 * into a catalog entry, a short list to choose from, or nothing.
 *
 * Pipeline per query:
 *  1. normalise the query the same way catalog names were normalised at build time;
 *  2. exact lookup of the query (spaces removed) in a hash index of every name form;
 *  3. prefilter: a trigram inverted index (IDF-weighted, rarest trigrams first, bounded work) plus
 *     a popularity-ordered index of 1-2 character word prefixes picks at most
 *     RESOLVER_LIMITS.prefilter entries, whatever the catalog size;
 *  4. each of them gets word-level evidence (every query word present, as itself, a prefix or
 *     with a typo? numbers equal? extra words?); the best RESOLVER_LIMITS.fuzzyCandidates are
 *     then compared character by character by a small Fuse instance over their readable names,
 *     and both combine into a 0..1 quality; popularity breaks near-ties, ids break exact ties;
 *  5. confident match, ambiguous list, or none, by the named thresholds below.
 */
import Fuse, { type IFuseOptions } from 'fuse.js';
import type { ProductType } from '../domain.js';
import type { Candidate } from '../views.js';
import { boundedDistance } from './distance.js';
import { isMentionOnly, sanitizeText, withoutMentions } from '../text.js';
import { FORM_TIERS, NAME_NOISE, QUERY_OPTIONAL, compact, isNumericToken, nameForms, normalise, tokens } from './normalize.js';

export interface ResolverEntry {
  id: string;
  name: string;
  aliases: string[];
  vendor: string | null;
  type: ProductType;
  /** higher = more popular, e.g. UnfragileRank 0-100 */
  popularity: number;
}

export interface ResolveResult {
  status: 'match' | 'ambiguous' | 'none' | 'empty';
  match: Candidate | null;
  /** ranked, at most RESOLVER_LIMITS.candidates */
  candidates: Candidate[];
}

export interface Resolver {
  readonly size: number;
  resolve(query: string): ResolveResult;
  autocomplete(query: string, limit?: number): Candidate[];
}

/** Every threshold and weight of the resolver, in one place. */
export const RESOLVER_LIMITS = {
  /** queries are cut to this many characters before anything else */
  maxQueryLength: 200,
  /** candidates returned by resolve() */
  candidates: 5,
  /** most choices autocomplete() returns (Discord's limit) */
  autocomplete: 25,
  /** most entries scored per query, whatever the catalog size */
  prefilter: 300,
  /** of those, the best this many (by word-level quality) are compared by Fuse */
  fuzzyCandidates: 32,
  /** entries kept per 1-2 character word prefix (the most popular ones) */
  prefixListCap: 300,
  /** most trigram postings visited per query; the rarest trigrams are visited first */
  postingBudget: 50_000,
  /** query words beyond this are ignored for scoring */
  maxQueryTokens: 12,
  /** the fuzzy (Fuse) comparison looks at most at this many characters of the query (one Bitap word) */
  fusePatternMax: 32,
  /** Fuse threshold: 0 exact only, 1 anything */
  fuseThreshold: 0.4,
  /** below this quality a candidate is no answer (status 'none') */
  minScore: 0.45,
  /** 'none' results still suggest candidates down to this quality, or sharing a word with the query */
  suggestMinScore: 0.25,
  /** a non-exact best candidate needs at least this quality to be a confident match... */
  confidentScore: 0.66,
  /** ...and must be this far ahead of the next one */
  confidentMargin: 0.08,
  /** an ambiguous answer lists candidates within this distance of the best */
  ambiguousWindow: 0.25,
  /** autocomplete choices need at least this quality */
  autocompleteMinScore: 0.3,
  /** popularity (0..1 of the catalog's most popular) added to quality when ranking: near-ties only */
  popularityWeight: 0.02,
  /** the same for autocomplete, where popularity matters more */
  autocompletePopularityWeight: 0.15,
  /** quality of exact name matches, by form tier (name/alias, derived, without noise words, bracket) */
  exactScores: [1, 0.98, 0.97, 0.96] as readonly number[],
  /** non-exact qualities are scaled into 0..this, below every exact match */
  maxFuzzyScore: 0.95,
  /** quality = sum of these parts (each 0..1) */
  weights: { coverage: 0.55, fuzzy: 0.2, extras: 0.15, prefix: 0.1 },
  /** a numeric query word ("1b", "3.2", "4o") absent from the candidate multiplies its quality by this */
  numericMissFactor: 0.6,
  /** ...and by this when only a version prefix matched ("4" in "4o" or "4.1", "3" in "3.2") */
  numericLooseFactor: 0.85,
  /** a query word counts as present when its best word match is at least this */
  wordPresent: 0.6,
  /** word match values */
  word: {
    exact: 1,
    prefix: 0.85,
    partialPrefix: 0.95,
    shortPrefix: 0.5,
    oneEdit: 0.8,
    twoEdits: 0.7,
    partialFuzzyPrefix: 0.75,
    contains: 0.6,
    numericPrefix: 0.6,
  },
} as const;

/** Fuse options shared by the resolver and the plain-Fuse baseline in the benchmark. */
export const FUSE_OPTIONS: IFuseOptions<string> = {
  // the resolver hands Fuse normalised (lower-case) text; the baseline turns this off
  isCaseSensitive: true,
  includeScore: true,
  ignoreLocation: true,
  threshold: RESOLVER_LIMITS.fuseThreshold,
  shouldSort: false,
  minMatchCharLength: 1,
};

const L = RESOLVER_LIMITS;
const W = RESOLVER_LIMITS.word;

// ---------------------------------------------------------------------------------------------
// character codes for the trigram and prefix indexes (6 bits per character)

const TRIGRAM_SPACE = 1 << 18;
const PREFIX_SPACE = 64 + 64 * 64;
const ENTRY_BITS = 2 ** 21;

function code6(cu: number): number {
  if (cu === 32) return 0;
  if (cu >= 97 && cu <= 122) return cu - 96;
  if (cu >= 48 && cu <= 57) return cu - 21;
  if (cu === 46) return 37;
  return 38 + (cu % 26);
}

function forEachTrigram(padded: string, out: (code: number) => void): void {
  if (padded.length < 3) return;
  let a = code6(padded.charCodeAt(0));
  let b = code6(padded.charCodeAt(1));
  for (let i = 2; i < padded.length; i++) {
    const c = code6(padded.charCodeAt(i));
    out((a << 12) | (b << 6) | c);
    a = b;
    b = c;
  }
}

/** trigrams of " normalised " and of " compact ", so "chat gpt" and "chatgpt" share most */
function textTrigrams(normalised: string, out: (code: number) => void): void {
  forEachTrigram(` ${normalised} `, out);
  if (normalised.includes(' ')) forEachTrigram(` ${compact(normalised)} `, out);
}

function prefixCode(token: string): number {
  const a = code6(token.charCodeAt(0));
  if (token.length === 1) return a;
  return 64 + a * 64 + code6(token.charCodeAt(1));
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

class IntBuffer {
  data: Int32Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Int32Array(Math.max(16, capacity));
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

// ---------------------------------------------------------------------------------------------
// the index

interface Index {
  n: number;
  ids: string[];
  names: string[];
  /** popularity scaled to 0..1 of the most popular entry */
  pop: Float64Array;
  vocab: string[];
  vocabIds: Map<string, number>;
  tokNumeric: Uint8Array;
  tokNoise: Uint8Array;
  /** forms of entry i are entryForms[i] .. entryForms[i+1]-1 */
  entryForms: Int32Array;
  formTier: Uint8Array;
  /** 1 when the form is a readable name (compared by Fuse), 0 for ids and variants */
  formDisplay: Uint8Array;
  /** tokens of form f are formToks[formStart[f]] .. formToks[formStart[f+1]-1] */
  formStart: Int32Array;
  formToks: Int32Array;
  triOffsets: Int32Array;
  triPostings: Int32Array;
  preOffsets: Int32Array;
  prePostings: Int32Array;
  /** hash(compact form) * 2^21 + entry, sorted */
  exactKeys: Float64Array;
}

function buildIndex(input: readonly ResolverEntry[]): Index {
  const valid = input.filter((e) => e && typeof e.id === 'string' && e.id !== '' && typeof e.name === 'string');
  const popOf = (e: ResolverEntry): number => (Number.isFinite(e.popularity) ? e.popularity : 0);
  const sorted = [...valid].sort((a, b) => popOf(b) - popOf(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const seen = new Set<string>();
  const entries: ResolverEntry[] = [];
  for (const e of sorted) {
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    entries.push(e);
  }
  const n = entries.length;
  if (n >= ENTRY_BITS) throw new RangeError(`resolver supports fewer than ${ENTRY_BITS} entries`);

  const maxPop = n > 0 ? Math.max(0, popOf(entries[0])) : 0;
  const pop = new Float64Array(n);
  const ids: string[] = new Array(n);
  const names: string[] = new Array(n);

  const vocabIds = new Map<string, number>();
  const vocab: string[] = [];
  const tokenId = (t: string): number => {
    let id = vocabIds.get(t);
    if (id === undefined) {
      id = vocab.length;
      vocab.push(t);
      vocabIds.set(t, id);
    }
    return id;
  };

  const entryForms = new Int32Array(n + 1);
  const formTier: number[] = [];
  const formDisplay: number[] = [];
  const formStart: number[] = [];
  const formToks = new IntBuffer(n * 16);
  const triTmp = new IntBuffer(n * 48);
  const triEntryStart = new Int32Array(n + 1);
  const triCount = new Int32Array(TRIGRAM_SPACE + 1);
  const triStamp = new Int32Array(TRIGRAM_SPACE).fill(-1);
  const preCount = new Int32Array(PREFIX_SPACE + 1);
  const preStamp = new Int32Array(PREFIX_SPACE).fill(-1);
  const preTmp = new IntBuffer(n * 4);
  const preEntryStart = new Int32Array(n + 1);
  const exactKeys: number[] = [];

  for (let i = 0; i < n; i++) {
    const e = entries[i];
    ids[i] = e.id;
    names[i] = e.name;
    pop[i] = maxPop > 0 ? Math.min(1, Math.max(0, popOf(e)) / maxPop) : 0;
    entryForms[i] = formTier.length;
    triEntryStart[i] = triTmp.length;
    preEntryStart[i] = preTmp.length;
    const forms = nameForms({ id: e.id, name: e.name, aliases: Array.isArray(e.aliases) ? e.aliases : [], vendor: e.vendor ?? null });
    for (const f of forms) {
      formTier.push(f.tier);
      formDisplay.push(f.display ? 1 : 0);
      formStart.push(formToks.length);
      for (const t of tokens(f.text)) {
        formToks.push(tokenId(t));
        const pc = prefixCode(t);
        if (preStamp[pc] !== i) {
          preStamp[pc] = i;
          preTmp.push(pc);
          if (preCount[pc] < L.prefixListCap) preCount[pc]++;
        }
        if (t.length > 1) {
          const pc1 = prefixCode(t[0]);
          if (preStamp[pc1] !== i) {
            preStamp[pc1] = i;
            preTmp.push(pc1);
            if (preCount[pc1] < L.prefixListCap) preCount[pc1]++;
          }
        }
      }
      textTrigrams(f.text, (code) => {
        if (triStamp[code] !== i) {
          triStamp[code] = i;
          triTmp.push(code);
          triCount[code]++;
        }
      });
      exactKeys.push(fnv1a(compact(f.text)) * ENTRY_BITS + i);
    }
  }
  entryForms[n] = formTier.length;
  triEntryStart[n] = triTmp.length;
  preEntryStart[n] = preTmp.length;
  formStart.push(formToks.length);

  const csr = (counts: Int32Array, space: number) => {
    const offsets = new Int32Array(space + 1);
    let acc = 0;
    for (let c = 0; c < space; c++) {
      offsets[c] = acc;
      acc += counts[c];
    }
    offsets[space] = acc;
    return offsets;
  };

  const triOffsets = csr(triCount, TRIGRAM_SPACE);
  const triPostings = new Int32Array(triOffsets[TRIGRAM_SPACE]);
  const triFill = triOffsets.slice(0, TRIGRAM_SPACE);
  for (let i = 0; i < n; i++) {
    for (let k = triEntryStart[i]; k < triEntryStart[i + 1]; k++) {
      const code = triTmp.data[k];
      triPostings[triFill[code]++] = i;
    }
  }

  const preOffsets = csr(preCount, PREFIX_SPACE);
  const prePostings = new Int32Array(preOffsets[PREFIX_SPACE]);
  const preFill = preOffsets.slice(0, PREFIX_SPACE);
  for (let i = 0; i < n; i++) {
    for (let k = preEntryStart[i]; k < preEntryStart[i + 1]; k++) {
      const code = preTmp.data[k];
      if (preFill[code] < preOffsets[code + 1]) prePostings[preFill[code]++] = i;
    }
  }

  const tokNumeric = new Uint8Array(vocab.length);
  const tokNoise = new Uint8Array(vocab.length);
  for (let t = 0; t < vocab.length; t++) {
    tokNumeric[t] = isNumericToken(vocab[t]) ? 1 : 0;
    tokNoise[t] = NAME_NOISE.has(vocab[t]) ? 1 : 0;
  }

  const keys = Float64Array.from(exactKeys);
  keys.sort();

  return {
    n,
    ids,
    names,
    pop,
    vocab,
    vocabIds,
    tokNumeric,
    tokNoise,
    entryForms,
    formTier: Uint8Array.from(formTier),
    formDisplay: Uint8Array.from(formDisplay),
    formStart: Int32Array.from(formStart),
    formToks: formToks.toArray(),
    triOffsets,
    triPostings,
    preOffsets,
    prePostings,
    exactKeys: keys,
  };
}

// ---------------------------------------------------------------------------------------------
// queries

interface PreparedQuery {
  norm: string;
  compact: string;
  tokens: string[];
  tokenIds: Int32Array;
  numeric: boolean[];
  /** filler words ("the", "model", "ai"): count when present, ignored when absent */
  optional: boolean[];
  /** the query without filler words, spaces removed ('' when nothing was removed) */
  strippedCompact: string;
  /** the query with split versions joined ("claude 3 5 sonnet" -> "claude3.5sonnet"), or '' */
  dottedCompact: string;
  /** vocabulary id of token i joined with token i+1 ("chat"+"gpt", "3"+"."+"5"), or -1 */
  joinIds: Int32Array;
  /** the last word may be unfinished (autocomplete) */
  partial: boolean;
}

const CONTROL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/** The query as matched: cut, sanitised, chat mentions (@here, <@id>, <!channel>...) dropped so they never match a name. */
function cutQuery(raw: unknown): string {
  const s = typeof raw === 'string' ? raw : '';
  return withoutMentions(sanitizeText(s.slice(0, L.maxQueryLength)).replace(CONTROL, ' '));
}

function prepare(ix: Index, raw: string, partial: boolean): PreparedQuery {
  const norm = normalise(raw);
  let toks = tokens(norm);
  if (toks.length > L.maxQueryTokens) toks = toks.slice(0, L.maxQueryTokens);
  const tokenIds = new Int32Array(toks.length);
  const numeric: boolean[] = [];
  const optional: boolean[] = [];
  const allOptional = toks.every((t) => QUERY_OPTIONAL.has(t));
  for (let i = 0; i < toks.length; i++) {
    tokenIds[i] = ix.vocabIds.get(toks[i]) ?? -1;
    numeric.push(isNumericToken(toks[i]));
    optional.push(!allOptional && QUERY_OPTIONAL.has(toks[i]));
  }
  const kept = toks.filter((_, i) => !optional[i]);
  const joinIds = new Int32Array(Math.max(0, toks.length - 1)).fill(-1);
  // "3 5" may mean "3.5" and "1 5b" "1.5b" (ids spell versions with hyphens)
  const versionPair = (a: string, b: string): boolean => /^\d+$/.test(a) && /^\d/.test(b);
  for (let i = 0; i + 1 < toks.length; i++) {
    const a = toks[i];
    const b = toks[i + 1];
    joinIds[i] = ix.vocabIds.get(versionPair(a, b) ? `${a}.${b}` : a + b) ?? -1;
  }
  let dotted = '';
  for (let i = 0; i < toks.length; i++) {
    dotted += i === 0 ? toks[i] : versionPair(toks[i - 1], toks[i]) ? `.${toks[i]}` : toks[i];
  }
  return {
    norm,
    compact: compact(norm),
    tokens: toks,
    tokenIds,
    numeric,
    optional,
    strippedCompact: kept.length < toks.length ? kept.join('') : '',
    dottedCompact: dotted !== compact(norm) ? dotted : '',
    joinIds,
    partial,
  };
}

function computeWordMatch(ix: Index, q: PreparedQuery, qi: number, t: number): number {
  if (q.tokenIds[qi] === t) return W.exact;
  const qt = q.tokens[qi];
  const et = ix.vocab[t];
  const partial = q.partial && qi === q.tokens.length - 1;
  if (q.numeric[qi]) {
    // numbers and sizes must be equal; an unfinished last word may be a prefix, and a bare
    // version number is a loose match for its sub-versions ("4" for "4o" and "4.1", not "40b")
    if (!et.startsWith(qt)) return 0;
    if (partial) return W.partialPrefix;
    const next = et.charCodeAt(qt.length);
    return /^[\d.]+$/.test(qt) && !(next >= 48 && next <= 57) ? W.numericPrefix : 0;
  }
  if (et.startsWith(qt)) {
    if (partial) return W.partialPrefix;
    return qt.length >= 2 ? W.prefix : W.shortPrefix;
  }
  if (ix.tokNumeric[t]) return 0;
  let best = 0;
  if (qt.length >= 4) {
    if (et.includes(qt)) best = W.contains;
    const max = qt.length >= 8 ? 2 : 1;
    const d = boundedDistance(qt, et, max);
    if (d === 1) best = Math.max(best, W.oneEdit);
    else if (d === 2 && max >= 2) best = Math.max(best, W.twoEdits);
    if (partial && et.length > qt.length && boundedDistance(qt, et.slice(0, qt.length), 1) <= 1) {
      best = Math.max(best, W.partialFuzzyPrefix);
    }
  }
  return best;
}

interface Scored {
  idx: number;
  /** word-level part of the quality (coverage, extras, prefix), before the fuzzy part */
  base: number;
  /** numeric penalty factor applied to the whole quality */
  factor: number;
  quality: number;
  /** best exact form tier, or -1 */
  exactTier: number;
  /** a numeric query word is missing or only loosely matched: never a confident match */
  numericInexact: boolean;
  allPresent: boolean;
  /** every query word is present as itself or as a prefix (no typo-tolerant word match) */
  allSolid: boolean;
  /** some non-numeric query word is present */
  anyPresent: boolean;
  /** every word of some form of the entry is matched by the query (nothing extra) */
  complete: boolean;
  /**
   * the closest form's unmatched words name another kind of entry than the query asked for ("gemini 3 pro" vs
   * "Gemini 3 Pro Image Preview", "gemini 3.1 pro" vs its "Custom Tools" variant): never a confident match
   */
  otherKind: boolean;
  rank: number;
}

/** Words that, left unmatched in an entry's name, make it a different kind of thing from what the query names. */
const KIND_WORDS = new Set([
  'image', 'images', 'audio', 'tts', 'speech', 'transcribe', 'transcription', 'embedding', 'embeddings', 'video',
  'music', 'realtime', 'moderation', 'guard', 'search', 'tools', 'ocr',
]);

function formText(ix: Index, f: number): string {
  let s = '';
  for (let k = ix.formStart[f]; k < ix.formStart[f + 1]; k++) {
    s += k === ix.formStart[f] ? ix.vocab[ix.formToks[k]] : ' ' + ix.vocab[ix.formToks[k]];
  }
  return s;
}

/** is `key` (a query with spaces removed) a prefix of form f with spaces removed? */
function compactPrefix(ix: Index, f: number, key: string): boolean {
  if (key === '') return false;
  let at = 0;
  for (let k = ix.formStart[f]; k < ix.formStart[f + 1]; k++) {
    const word = ix.vocab[ix.formToks[k]];
    for (let c = 0; c < word.length; c++) {
      if (word.charCodeAt(c) !== key.charCodeAt(at)) return false;
      if (++at === key.length) return true;
    }
  }
  return false;
}

/** stamps live in Int32Arrays: start over before they overflow */
const STAMP_LIMIT = 2 ** 30;

class Engine {
  private readonly acc: Float32Array;
  private readonly touched: Int32Array;
  private readonly buckets: Uint16Array;
  private readonly hist = new Int32Array(1024);
  private readonly tokStamp: Int32Array;
  private readonly matchedStamp: Int32Array;
  private stamp = 0;
  /** word match cache: slot qi * vocabulary size + t, valid when memoStamp equals the query's stamp */
  private readonly memoValue: Float32Array;
  private readonly memoStamp: Int32Array;
  private queryStamp = 0;
  private readonly entryToks: Int32Array;
  private readonly wordScores = new Float64Array(RESOLVER_LIMITS.maxQueryTokens);

  constructor(readonly ix: Index) {
    this.acc = new Float32Array(ix.n);
    this.touched = new Int32Array(ix.n);
    this.buckets = new Uint16Array(ix.n);
    this.tokStamp = new Int32Array(ix.vocab.length).fill(-1);
    this.matchedStamp = new Int32Array(ix.vocab.length).fill(-1);
    this.memoValue = new Float32Array(ix.vocab.length * L.maxQueryTokens);
    this.memoStamp = new Int32Array(ix.vocab.length * L.maxQueryTokens);
    let most = 0;
    for (let i = 0; i < ix.n; i++) {
      const size = ix.formStart[ix.entryForms[i + 1]] - ix.formStart[ix.entryForms[i]];
      if (size > most) most = size;
    }
    this.entryToks = new Int32Array(most);
  }

  /** call once per query before scoring: invalidates the word match cache */
  begin(): void {
    if (++this.queryStamp >= STAMP_LIMIT) {
      this.memoStamp.fill(0);
      this.queryStamp = 1;
    }
  }

  /** how well query word qi matches vocabulary word t, 0..1 */
  private wordMatch(q: PreparedQuery, qi: number, t: number): number {
    const slot = qi * this.ix.vocab.length + t;
    if (this.memoStamp[slot] === this.queryStamp) return this.memoValue[slot];
    const v = computeWordMatch(this.ix, q, qi, t);
    this.memoStamp[slot] = this.queryStamp;
    this.memoValue[slot] = v;
    return v;
  }

  /**
   * entries with a form equal to the query (spaces removed), with the best tier of each; the query
   * without filler words ("the llama 3.2 1b model") matches too, at most at the noise-free tier
   */
  exact(q: PreparedQuery): Map<number, number> {
    const out = new Map<number, number>();
    this.lookup(q.compact, q.norm, 0, out);
    if (q.strippedCompact !== '') this.lookup(q.strippedCompact, null, FORM_TIERS.noiseFree, out);
    if (q.dottedCompact !== '') this.lookup(q.dottedCompact, null, FORM_TIERS.derived, out);
    return out;
  }

  private lookup(key: string, norm: string | null, minTier: number, out: Map<number, number>): void {
    if (key === '') return;
    const { exactKeys } = this.ix;
    const lowKey = fnv1a(key) * ENTRY_BITS;
    let lo = 0;
    let hi = exactKeys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (exactKeys[mid] < lowKey) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < exactKeys.length && exactKeys[k] < lowKey + ENTRY_BITS; k++) {
      const idx = exactKeys[k] - lowKey;
      let tier = -1;
      for (let f = this.ix.entryForms[idx]; f < this.ix.entryForms[idx + 1]; f++) {
        const text = formText(this.ix, f);
        if (compact(text) !== key) continue;
        let t = Math.max(minTier, this.ix.formTier[f]);
        if (t === FORM_TIERS.stated && text !== norm) t = FORM_TIERS.derived;
        if (tier < 0 || t < tier) tier = t;
      }
      const prev = out.get(idx);
      if (tier >= 0 && (prev === undefined || tier < prev)) out.set(idx, tier);
    }
  }

  /** at most RESOLVER_LIMITS.prefilter entries worth scoring, plus every exact match */
  prefilter(q: PreparedQuery, exact: Map<number, number>): number[] {
    const { ix, acc, touched } = this;
    let count = 0;

    const codes = new Set<number>();
    textTrigrams(q.tokens.join(' '), (c) => codes.add(c));
    const lists = [...codes]
      .map((c) => ({ c, df: ix.triOffsets[c + 1] - ix.triOffsets[c] }))
      .filter((x) => x.df > 0)
      .sort((a, b) => a.df - b.df || a.c - b.c);
    // rarest trigrams first; common ones (low IDF, long lists) are dropped once the budget is spent
    let budget = L.postingBudget;
    const postings = ix.triPostings;
    for (let li = 0; li < lists.length; li++) {
      const { c, df } = lists[li];
      if (df > budget && li > 0) break;
      budget -= df;
      const w = Math.log(1 + ix.n / df);
      const end = ix.triOffsets[c + 1];
      for (let k = ix.triOffsets[c]; k < end; k++) {
        const idx = postings[k];
        if (acc[idx] === 0) touched[count++] = idx;
        acc[idx] += w;
      }
    }
    // short words ("g", "ge") have no useful trigrams: use the popular entries with such a word
    for (const t of q.tokens) {
      if (t.length > 2) continue;
      const c = prefixCode(t);
      const w = Math.log(1 + ix.n / Math.max(1, ix.preOffsets[c + 1] - ix.preOffsets[c]));
      for (let k = ix.preOffsets[c]; k < ix.preOffsets[c + 1]; k++) {
        const idx = ix.prePostings[k];
        if (acc[idx] === 0) touched[count++] = idx;
        acc[idx] += w;
      }
    }

    const chosen: number[] = [];
    const limit = L.prefilter;
    if (count <= limit) {
      for (let k = 0; k < count; k++) chosen.push(touched[k]);
    } else {
      // histogram selection: everything above the boundary bucket, then the boundary bucket by
      // popularity (entry order is popularity order)
      let max = 0;
      for (let k = 0; k < count; k++) if (acc[touched[k]] > max) max = acc[touched[k]];
      const hist = this.hist;
      hist.fill(0);
      const B = hist.length;
      // bucket of each touched entry, computed once
      const buckets = this.buckets;
      for (let k = 0; k < count; k++) {
        const b = Math.min(B - 1, Math.floor((acc[touched[k]] / max) * (B - 1)));
        buckets[k] = b;
        hist[b]++;
      }
      let cum = 0;
      let edge = B - 1;
      for (; edge >= 0; edge--) {
        if (cum + hist[edge] >= limit) break;
        cum += hist[edge];
      }
      const boundary = new Int32Array(hist[edge]);
      let nb = 0;
      for (let k = 0; k < count; k++) {
        const b = buckets[k];
        if (b > edge) chosen.push(touched[k]);
        else if (b === edge) boundary[nb++] = touched[k];
      }
      boundary.sort();
      for (let k = 0; k < nb && chosen.length < limit; k++) chosen.push(boundary[k]);
    }
    for (let k = 0; k < count; k++) acc[touched[k]] = 0;
    const inChosen = new Set(chosen);
    // exact matches always take part (the best tiers and most popular first, if there are very many)
    const exactIdx = [...exact].sort((a, b) => a[1] - b[1] || a[0] - b[0]).slice(0, limit);
    for (const [idx] of exactIdx) if (!inChosen.has(idx)) chosen.push(idx);
    return chosen;
  }

  /** best Fuse similarity (1 - score) per entry over its name forms */
  fuzzy(q: PreparedQuery, candidates: number[]): Map<number, number> {
    const docs: string[] = [];
    const owner: number[] = [];
    for (const idx of candidates) {
      for (let f = this.ix.entryForms[idx]; f < this.ix.entryForms[idx + 1]; f++) {
        if (!this.ix.formDisplay[f]) continue;
        docs.push(formText(this.ix, f));
        owner.push(idx);
      }
    }
    const out = new Map<number, number>();
    let pattern = q.tokens.join(' ');
    if (pattern.length > L.fusePatternMax) {
      const cut = pattern.lastIndexOf(' ', L.fusePatternMax);
      pattern = pattern.slice(0, cut > 0 ? cut : L.fusePatternMax);
    }
    if (docs.length === 0 || pattern === '') return out;
    const fuse = new Fuse(docs, FUSE_OPTIONS);
    for (const r of fuse.search(pattern)) {
      const sim = 1 - (r.score ?? 1);
      const idx = owner[r.refIndex];
      if (sim > (out.get(idx) ?? 0)) out.set(idx, sim);
    }
    return out;
  }

  score(q: PreparedQuery, idx: number, exactTier: number, popWeight: number): Scored {
    const { ix } = this;
    if (++this.stamp >= STAMP_LIMIT) {
      this.tokStamp.fill(-1);
      this.matchedStamp.fill(-1);
      this.stamp = 0;
    }
    const stamp = this.stamp;
    const entryToks = this.entryToks;
    let ne = 0;
    const f0 = ix.entryForms[idx];
    const f1 = ix.entryForms[idx + 1];
    for (let k = ix.formStart[f0]; k < ix.formStart[f1]; k++) {
      const t = ix.formToks[k];
      if (this.tokStamp[t] !== stamp) {
        this.tokStamp[t] = stamp;
        entryToks[ne++] = t;
      }
    }

    const nq = q.tokens.length;
    const m = this.wordScores;
    for (let qi = 0; qi < nq; qi++) {
      let best = 0;
      for (let e = 0; e < ne; e++) {
        const t = entryToks[e];
        const v = this.wordMatch(q, qi, t);
        if (v > best) best = v;
        if (v >= L.wordPresent) this.matchedStamp[t] = stamp;
      }
      m[qi] = best;
    }
    for (let qi = 0; qi + 1 < nq; qi++) {
      const j = q.joinIds[qi];
      if (j >= 0 && this.tokStamp[j] === stamp) {
        m[qi] = W.exact;
        m[qi + 1] = W.exact;
        this.matchedStamp[j] = stamp;
      }
    }

    let wsum = 0;
    let cov = 0;
    let numericMiss = false;
    let numericLoose = false;
    let allPresent = true;
    let allSolid = true;
    let anyPresent = false;
    for (let qi = 0; qi < nq; qi++) {
      // an optional word ("the", "model") counts when present and is ignored when absent
      if (q.optional[qi] && m[qi] < L.wordPresent) continue;
      wsum += 1;
      cov += m[qi];
      if (q.numeric[qi] && m[qi] === 0) numericMiss = true;
      else if (q.numeric[qi] && m[qi] < W.exact && !(q.partial && qi === nq - 1)) numericLoose = true;
      if (m[qi] < L.wordPresent) allPresent = false;
      if (m[qi] < W.prefix) allSolid = false;
      if (m[qi] >= L.wordPresent && !q.numeric[qi]) anyPresent = true;
    }
    const coverage = wsum > 0 ? cov / wsum : 0;

    let extrasFrac = 1;
    let otherKind = false;
    let prefix = 0;
    for (let f = f0; f < f1; f++) {
      if (ix.formTier[f] > FORM_TIERS.noiseFree) continue;
      let total = 0;
      let extra = 0;
      let kind = false;
      for (let k = ix.formStart[f]; k < ix.formStart[f + 1]; k++) {
        const t = ix.formToks[k];
        if (ix.tokNoise[t]) continue;
        total++;
        if (this.matchedStamp[t] !== stamp) {
          extra++;
          if (KIND_WORDS.has(ix.vocab[t])) kind = true;
        }
      }
      const frac = total > 0 ? extra / total : 1;
      if (frac < extrasFrac) {
        extrasFrac = frac;
        otherKind = kind;
      } else if (frac === extrasFrac && !kind) otherKind = false;
      if (prefix === 0 && compactPrefix(ix, f, q.compact)) prefix = 1;
    }

    const w = L.weights;
    const base = w.coverage * coverage + w.extras * (1 - extrasFrac) + w.prefix * prefix;
    const factor = numericMiss ? L.numericMissFactor : numericLoose ? L.numericLooseFactor : 1;
    const scored: Scored = {
      idx,
      base,
      factor,
      quality: 0,
      exactTier,
      numericInexact: numericMiss || numericLoose,
      allPresent,
      allSolid,
      anyPresent,
      complete: extrasFrac === 0,
      otherKind,
      rank: 0,
    };
    this.finish(scored, 0, popWeight);
    return scored;
  }

  /** final quality from the word-level part and the Fuse similarity (0..1) */
  finish(s: Scored, fuzzy: number, popWeight: number): void {
    let quality: number;
    if (s.exactTier >= 0) {
      quality = L.exactScores[Math.min(s.exactTier, L.exactScores.length - 1)];
    } else {
      quality = L.maxFuzzyScore * Math.min(1, s.base + L.weights.fuzzy * fuzzy) * s.factor;
    }
    s.quality = Math.round(quality * 1000) / 1000;
    s.rank = s.quality + popWeight * this.ix.pop[s.idx];
  }

  rank(q: PreparedQuery, popWeight: number): Scored[] {
    this.begin();
    const exact = this.exact(q);
    const candidates = this.prefilter(q, exact);
    const scored = candidates.map((idx) => this.score(q, idx, exact.get(idx) ?? -1, popWeight));
    // Fuse compares the best of them by characters; the rest keep their word-level quality
    const ids = this.ix.ids;
    scored.sort((a, b) => b.rank - a.rank || a.idx - b.idx);
    const head = scored.slice(0, L.fuzzyCandidates);
    const fuzzy = this.fuzzy(q, head.map((s) => s.idx));
    for (const s of head) this.finish(s, fuzzy.get(s.idx) ?? 0, popWeight);
    scored.sort((a, b) => {
      const ae = a.exactTier >= 0;
      const be = b.exactTier >= 0;
      if (ae !== be) return ae ? -1 : 1;
      if (ae && a.exactTier !== b.exactTier) return a.exactTier - b.exactTier;
      if (a.rank !== b.rank) return b.rank - a.rank;
      // entry order is popularity desc, then id asc
      return a.idx - b.idx || (ids[a.idx] < ids[b.idx] ? -1 : 1);
    });
    return scored;
  }

  candidate(s: Scored): Candidate {
    return { id: this.ix.ids[s.idx], name: this.ix.names[s.idx], score: s.quality };
  }
}

// ---------------------------------------------------------------------------------------------

export function createResolver(entries: ResolverEntry[]): Resolver {
  const ix = buildIndex(entries);
  const engine = new Engine(ix);

  const popular = (limit: number): Candidate[] => {
    const out: Candidate[] = [];
    for (let i = 0; i < Math.min(limit, ix.n); i++) out.push({ id: ix.ids[i], name: ix.names[i], score: 0 });
    return out;
  };

  /**
   * Every word of the query starts like some word of the entry: a typo rarely hits the first letter, so "midjurney"
   * is Midjourney, while "chroma" is not Khroma nor "vllm" LLM App without asking.
   */
  const sameInitials = (queryTokens: readonly string[], idx: number): boolean => {
    const initials = new Set<string>();
    for (let f = ix.entryForms[idx]!; f < ix.entryForms[idx + 1]!; f++) {
      for (let t = ix.formStart[f]!; t < ix.formStart[f + 1]!; t++) initials.add(ix.vocab[ix.formToks[t]!]![0]!);
    }
    return queryTokens.every((t) => isNumericToken(t) || initials.has(t[0]!));
  };

  const resolve = (query: string): ResolveResult => {
    const raw = cutQuery(query);
    if (raw.trim() === '') return { status: 'empty', match: null, candidates: [] };
    const q = prepare(ix, raw, false);
    if (q.tokens.length === 0 || ix.n === 0) return { status: 'none', match: null, candidates: [] };
    const ranked = engine.rank(q, L.popularityWeight);
    const top = ranked[0];
    if (!top) return { status: 'none', match: null, candidates: [] };

    if (top.exactTier >= 0) {
      const sameTier = ranked.filter((s) => s.exactTier === top.exactTier);
      if (sameTier.length === 1) {
        return { status: 'match', match: engine.candidate(top), candidates: ranked.slice(0, L.candidates).map((s) => engine.candidate(s)) };
      }
      const list = ranked.filter((s) => s.exactTier >= 0 || s.quality >= L.minScore).slice(0, L.candidates);
      return { status: 'ambiguous', match: null, candidates: list.map((s) => engine.candidate(s)) };
    }

    if (top.quality < L.minScore) {
      const list = ranked.filter((s) => s.anyPresent || s.quality >= L.suggestMinScore).slice(0, L.candidates);
      return { status: 'none', match: null, candidates: list.map((s) => engine.candidate(s)) };
    }

    let runnerUp = 0;
    let rival = false;
    for (let k = 1; k < ranked.length; k++) {
      const s = ranked[k];
      if (s.quality > runnerUp) runnerUp = s.quality;
      if (s.allSolid && !s.numericInexact && s.quality >= L.minScore) rival = true;
    }
    // when another entry also holds every query word ("gemini pro": 2.5 Pro, 3 Pro, Pro Latest),
    // only a candidate the query spells out completely may win without asking
    const confident =
      top.quality >= L.confidentScore &&
      !top.numericInexact &&
      top.allPresent &&
      (top.complete || !rival) &&
      top.quality - runnerUp >= L.confidentMargin &&
      !top.otherKind &&
      sameInitials(q.tokens, top.idx);
    if (confident) {
      return { status: 'match', match: engine.candidate(top), candidates: ranked.slice(0, L.candidates).map((s) => engine.candidate(s)) };
    }
    // an entry of another kind ("... Image Preview") is offered beside whatever else comes near, not alone
    const floor = top.otherKind ? L.minScore : Math.max(L.minScore, top.quality - L.ambiguousWindow);
    const list = ranked.filter((s) => s.quality >= floor).slice(0, L.candidates);
    return { status: 'ambiguous', match: null, candidates: list.map((s) => engine.candidate(s)) };
  };

  const autocomplete = (query: string, limit: number = L.autocomplete): Candidate[] => {
    const lim = Math.max(0, Math.min(L.autocomplete, Number.isFinite(limit) ? Math.floor(limit) : L.autocomplete));
    if (lim === 0 || ix.n === 0 || isMentionOnly(typeof query === 'string' ? query.slice(0, L.maxQueryLength) : '')) return [];
    const q = prepare(ix, cutQuery(query), true);
    if (q.tokens.length === 0) return popular(lim);
    const ranked = engine.rank(q, L.autocompletePopularityWeight);
    return ranked
      .filter((s) => s.quality >= L.autocompleteMinScore)
      .slice(0, lim)
      .map((s) => engine.candidate(s));
  };

  return { size: ix.n, resolve, autocomplete };
}
