import { describe, expect, it } from 'vitest';
import { SIGNALS, type Evidence, type EvidenceKind, type SignalName } from '../src/core/domain.js';
import type { MatchEdge } from '../src/core/ports.js';
import { SCORING_CONFIG } from '../src/core/scoring/config.js';
import {
  normaliseGroup,
  packEdges,
  runScoring,
  runScoringPacked,
  type ScoringInput,
  type ScoringProduct,
  withTies,
} from '../src/core/scoring/engine.js';
import { buildGraph, pageRank } from '../src/core/scoring/pagerank.js';
import type { ProductScore, ScoringRunResult, SignalResult } from '../src/core/scoring/types.js';
import { leaders, verdict } from '../src/core/scoring/verdict.js';
import { runScoringInWorker, runScoringOffLoop } from '../src/core/scoring/worker.js';
import { mulberry32 } from '../src/core/random.js';

const AT = new Date('2026-11-20T00:00:00Z');


function shuffle<T>(items: readonly T[], rnd: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const ADOPTION_KINDS: EvidenceKind[] = ['hf_downloads', 'hf_likes', 'github_stars', 'list_mentions', 'stated_users', 'stated_customers'];
const ALL_KINDS: EvidenceKind[] = [...ADOPTION_KINDS, 'arena_rating', 'benchmark', 'providers', 'integrations'];

function randomValue(kind: EvidenceKind, rnd: () => number): number {
  switch (kind) {
    case 'arena_rating':
      return Math.round(1000 + rnd() * 450);
    case 'benchmark':
      return Math.round(rnd() * 1000) / 10;
    case 'providers':
    case 'integrations':
    case 'list_mentions':
      return 1 + Math.floor(rnd() * 40);
    default:
      return Math.floor(10 ** (rnd() * 7));
  }
}

function randomInput(seed: number, productCount = 40): ScoringInput {
  const rnd = mulberry32(seed);
  const products: ScoringProduct[] = [];
  for (let i = 0; i < productCount; i++) {
    products.push({
      id: `p${String(i).padStart(3, '0')}`,
      type: rnd() < 0.6 ? 'model' : 'product',
      category: ['Text models', 'Chatbots', 'Coding'][Math.floor(rnd() * 3)],
    });
  }
  const evidence: Evidence[] = [];
  for (const p of products) {
    for (const kind of ALL_KINDS) {
      if (rnd() < 0.45) continue;
      const series = kind === 'benchmark' ? 1 + Math.floor(rnd() * 3) : 1;
      for (let s = 0; s < series; s++) {
        evidence.push({
          productId: p.id,
          kind,
          value: randomValue(kind, rnd),
          source: kind === 'arena_rating' ? 'lmarena' : 'src',
          date: `2026-0${1 + Math.floor(rnd() * 9)}-15`,
          detail: kind === 'benchmark' ? ['MMLU', 'GPQA', 'SWE-Bench Verified'][s] : kind === 'arena_rating' ? SCORING_CONFIG.qualityScale.reference : undefined,
        });
      }
    }
  }
  const edges: MatchEdge[] = [];
  const edgeCount = productCount * 2;
  for (let e = 0; e < edgeCount; e++) {
    const a = products[Math.floor(rnd() * productCount)].id;
    const b = products[Math.floor(rnd() * productCount)].id;
    edges.push({ a, b, weight: Math.round(rnd() * 500) / 100 });
  }
  return { products, evidence, edges, at: AT };
}

function byId(run: ScoringRunResult): Map<string, ProductScore> {
  return new Map(run.scores.map((s) => [s.productId, s]));
}

function withoutTimings(run: ScoringRunResult): Omit<ScoringRunResult, 'timings'> {
  const { timings: _timings, ...rest } = run;
  return rest;
}

describe('runScoring: bounds and breakdown', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`keeps every signal, confidence and score within bounds (seed ${seed})`, () => {
      const run = runScoring(randomInput(seed));
      expect(run.scores).toHaveLength(40);
      expect(run.configVersion).toBe(SCORING_CONFIG.version);
      expect(run.at).toBe(AT.toISOString());
      for (const s of run.scores) {
        expect(s.score).toBeGreaterThanOrEqual(0);
        expect(s.score).toBeLessThanOrEqual(100);
        for (const name of SIGNALS) {
          const sig = s.signals[name];
          // null is "no data": only with zero confidence
          expect(sig.value === null ? sig.confidence === 0 : sig.value >= 0 && sig.value <= 100).toBe(true);
          expect(sig.confidence).toBeGreaterThanOrEqual(0);
          expect(sig.confidence).toBeLessThanOrEqual(1);
        }
      }
    });

    it(`breakdown parts add up exactly to the score (seed ${seed})`, () => {
      const run = runScoring(randomInput(seed));
      for (const s of run.scores) {
        expect(s.breakdown.map((b) => b.part)).toEqual([...SIGNALS, 'prior']);
        const tenths = s.breakdown.reduce((acc, b) => acc + Math.round(b.points * 10), 0);
        expect(tenths).toBe(Math.round(s.score * 10));
        const sum = s.breakdown.reduce((acc, b) => acc + b.points, 0);
        expect(Math.abs(sum - s.score)).toBeLessThan(1e-9);
        for (const b of s.breakdown) expect(Math.abs(b.points * 10 - Math.round(b.points * 10))).toBeLessThan(1e-9);
        expect(s.score).toBe(Math.round(s.score * 10) / 10);
      }
    });
  }

  it('a product without evidence or edges gets "no data" signals and the prior as its score', () => {
    const run = runScoring({
      products: [
        { id: 'meta-llama/llama-3.2-1b-instruct', type: 'model', category: 'Text models' },
        { id: 'gemini', type: 'product', category: 'Chatbots' },
      ],
      evidence: [],
      edges: [],
      at: AT,
    });
    for (const s of run.scores) {
      for (const name of SIGNALS) expect(s.signals[name]).toEqual({ value: null, confidence: 0, evidence: [], kinds: [] });
      expect(s.score).toBe(SCORING_CONFIG.prior.value);
      expect(s.breakdown.find((b) => b.part === 'prior')!.points).toBe(SCORING_CONFIG.prior.value);
    }
  });
});

describe('runScoring: determinism', () => {
  for (const seed of [11, 12, 13]) {
    it(`gives identical output for shuffled input (seed ${seed})`, () => {
      const input = randomInput(seed, 60);
      const rnd = mulberry32(seed * 7);
      // duplicate some edges so merging order matters too
      const edges = [...input.edges, ...input.edges.slice(0, 20).map((e) => ({ a: e.b, b: e.a, weight: e.weight / 3 }))];
      const first = runScoring({ ...input, edges });
      const second = runScoring({
        products: shuffle(input.products, rnd),
        evidence: shuffle(input.evidence, rnd),
        edges: shuffle(edges, rnd),
        at: AT,
      });
      expect(JSON.stringify(withoutTimings(second))).toBe(JSON.stringify(withoutTimings(first)));
      const again = runScoring({ ...input, edges });
      expect(JSON.stringify(withoutTimings(again))).toBe(JSON.stringify(withoutTimings(first)));
    });
  }
});

describe('runScoring: normalisation', () => {
  it('normaliseGroup is a blend of percentile and position, ties share a value', () => {
    const out = normaliseGroup([1, 2, 2, 5]);
    const share = SCORING_CONFIG.normalisation.percentileShare;
    expect(out[0]).toBeCloseTo(0, 10);
    expect(out[3]).toBeCloseTo(100, 10);
    expect(out[1]).toBe(out[2]);
    expect(out[1]).toBeCloseTo(share * 50 + (1 - share) * 25, 10);
    expect(normaliseGroup([7])).toEqual([SCORING_CONFIG.normalisation.singletonValue]);
    expect(normaliseGroup([3, 3])).toEqual([50, 50]);
  });

  it('normalises within the product type only', () => {
    const ev = (productId: string, value: number): Evidence => ({
      productId,
      kind: 'hf_downloads',
      value,
      source: 'huggingface',
      date: '2026-05-04',
    });
    const run = byId(
      runScoring({
        products: [
          { id: 'm1', type: 'model', category: 'a' },
          { id: 'm2', type: 'model', category: 'a' },
          { id: 'x1', type: 'product', category: 'a' },
          { id: 'x2', type: 'product', category: 'a' },
        ],
        // products' downloads are all far below the models', yet x1 tops its own type
        evidence: [ev('m1', 1_000_000), ev('m2', 2_000_000), ev('x1', 50), ev('x2', 10)],
        edges: [],
        at: AT,
      }),
    );
    expect(run.get('x1')!.signals.adoption.value).toBe(100);
    expect(run.get('x2')!.signals.adoption.value).toBe(0);
    expect(run.get('m2')!.signals.adoption.value).toBe(100);
    expect(run.get('m1')!.signals.adoption.value).toBe(0);
  });

  it('counts only the newest observation of a series and writes plain evidence lines', () => {
    const run = byId(
      runScoring({
        products: [
          { id: 'a', type: 'model', category: 'c' },
          { id: 'b', type: 'model', category: 'c' },
        ],
        evidence: [
          { productId: 'a', kind: 'hf_downloads', value: 12_345, source: 'huggingface', date: '2026-05-04' },
          { productId: 'a', kind: 'hf_downloads', value: 99_999_999, source: 'huggingface', date: '2025-01-01' },
          { productId: 'b', kind: 'hf_downloads', value: 20_000, source: 'huggingface', date: '2026-05-04' },
          {
            productId: 'a',
            kind: 'arena_rating',
            value: 1342,
            source: 'lmarena',
            date: '2025-12-11',
            detail: SCORING_CONFIG.qualityScale.reference,
          },
        ],
        edges: [],
        at: AT,
      }),
    );
    const a = run.get('a')!;
    expect(a.signals.adoption.evidence).toEqual(['12,345 Hugging Face downloads (30 days to 2026-05-04)']);
    expect(a.signals.adoption.kinds).toEqual(['hf_downloads']);
    expect(a.signals.adoption.value).toBe(0);
    expect(run.get('b')!.signals.adoption.value).toBe(100);
    expect(a.signals.quality.evidence).toEqual(['quality 1342 on the LMArena text scale from LMArena text (style control) 1342 (2025-12-11)']);
    expect(a.signals.quality.kinds).toEqual(['quality_index']);
  });
});

describe('runScoring: monotonic adoption', () => {
  it('raising an adoption value or adding a series to an existing adoption kind never lowers adoption', () => {
    const rnd = mulberry32(2026);
    let checked = 0;
    for (let c = 0; c < 150; c++) {
      const input = randomInput(1000 + c, 25);
      const candidates = input.evidence.filter((e) => ADOPTION_KINDS.includes(e.kind));
      if (candidates.length === 0) continue;
      const target = candidates[Math.floor(rnd() * candidates.length)];
      const before = byId(runScoring(input)).get(target.productId)!.signals.adoption;

      const factor = 1 + rnd() * (rnd() < 0.5 ? 0.2 : 50);
      const raised = input.evidence.map((e) => (e === target ? { ...e, value: e.value * factor } : e));
      const afterRaise = byId(runScoring({ ...input, evidence: raised })).get(target.productId)!.signals.adoption;
      expect(afterRaise.value!).toBeGreaterThanOrEqual(before.value!);

      const added: Evidence = { ...target, source: 'another-source', value: 1 + Math.floor(rnd() * 1e6) };
      const afterAdd = byId(runScoring({ ...input, evidence: [...input.evidence, added] })).get(target.productId)!
        .signals.adoption;
      expect(afterAdd.value!).toBeGreaterThanOrEqual(before.value!);
      expect(afterAdd.confidence).toBeGreaterThanOrEqual(before.confidence);
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
  });
});

describe('runScoring: shrinkage toward the prior', () => {
  it('one huge number does not outrank solid evidence across signals', () => {
    const rnd = mulberry32(77);
    const products: ScoringProduct[] = [];
    const evidence: Evidence[] = [];
    const edges: MatchEdge[] = [];
    for (let i = 0; i < 20; i++) {
      const id = `m${String(i).padStart(2, '0')}`;
      products.push({ id, type: 'model', category: 'Text models' });
      for (const kind of ALL_KINDS) {
        evidence.push({ productId: id, kind, value: randomValue(kind, rnd), source: 's', date: '2026-05-01', detail: kind === 'benchmark' ? 'MMLU' : undefined });
      }
      if (i > 0) edges.push({ a: id, b: `m${String(i - 1).padStart(2, '0')}`, weight: 1 });
    }
    products.push({ id: 'lucky', type: 'model', category: 'Text models' });
    evidence.push({ productId: 'lucky', kind: 'hf_downloads', value: 1e10, source: 's', date: '2026-05-01' });
    products.push({ id: 'solid', type: 'model', category: 'Text models' });
    // at about the 80th percentile of every kind
    const solidValues: Record<EvidenceKind, number> = {
      hf_downloads: 0,
      hf_likes: 0,
      github_stars: 0,
      list_mentions: 0,
      arena_rating: 0,
      benchmark: 0,
      providers: 0,
      integrations: 0,
      arena_interval: 0,
      quality_index: 0,
      model_quality: 0,
      arena_votes: 0,
      list_presence: 0,
      stated_users: 0,
      stated_customers: 0,
    };
    for (const kind of ALL_KINDS) {
      const values = evidence.filter((e) => e.kind === kind && e.productId.startsWith('m')).map((e) => e.value).sort((x, y) => x - y);
      solidValues[kind] = values[Math.floor(values.length * 0.8)];
      evidence.push({ productId: 'solid', kind, value: solidValues[kind], source: 's', date: '2026-05-01', detail: kind === 'benchmark' ? 'MMLU' : undefined });
    }
    edges.push({ a: 'solid', b: 'm00', weight: 2 }, { a: 'solid', b: 'm10', weight: 2 }, { a: 'solid', b: 'm19', weight: 2 });

    const run = byId(runScoring({ products, evidence, edges, at: AT }));
    const lucky = run.get('lucky')!;
    const solid = run.get('solid')!;
    expect(lucky.signals.adoption.value).toBe(100);
    expect(lucky.signals.adoption.value!).toBeGreaterThan(solid.signals.adoption.value!);
    expect(lucky.signals.adoption.confidence).toBeLessThan(solid.signals.adoption.confidence);
    expect(solid.score).toBeGreaterThan(lucky.score);
    expect(lucky.position.overall).toBeGreaterThan(solid.position.overall);
    // the lucky product stays close to the prior, exactly as docs/scoring.md computes it: one item of one kind
    // (downloads, 30% of Adoption) gives confidence 0.3 × 1 / (1 + 0.5), shown to two decimals; every other
    // signal has no evidence; UnfragileRank = Σ weight × (confidence × value + (1 − confidence) × prior), to one
    // decimal, where the prior is the peers' average shrunk toward 30 that the breakdown names
    const { signalWeights: w, prior } = SCORING_CONFIG;
    const confidence = Math.round(100 * SCORING_CONFIG.evidence.adoption.hf_downloads!.weight * (1 / (1 + prior.strength))) / 100;
    expect(confidence).toBe(0.2);
    expect(lucky.signals.adoption.confidence).toBe(confidence);
    for (const s of ['quality', 'ecosystem', 'matchGraph'] as const) expect(lucky.signals[s], s).toMatchObject({ value: null, confidence: 0 });
    const priorNote = lucky.breakdown.find((b) => b.part === 'prior')!.note;
    const priorUsed = Number(/^prior ([\d.]+)\/100 \(its peers' average, shrunk toward 30\)/.exec(priorNote)![1]);
    const expected = w.adoption * (confidence * 100 + (1 - confidence) * priorUsed) + (w.quality + w.ecosystem + w.matchGraph) * priorUsed;
    // the note shows the prior to four significant digits: the score agrees to its one decimal
    expect(Math.abs(lucky.score - Math.round(expected * 10) / 10)).toBeLessThanOrEqual(0.1);
    expect(lucky.score).toBeLessThan(solid.score);
  });
});

describe('runScoring: positions', () => {
  it('orders by score, lists ties by id, equal scores share a position, and counts per category', () => {
    const products: ScoringProduct[] = [
      { id: 'delta', type: 'product', category: 'Chatbots' },
      { id: 'alpha', type: 'product', category: 'Coding' },
      { id: 'charlie', type: 'product', category: 'Chatbots' },
      { id: 'bravo', type: 'product', category: 'Chatbots' },
      { id: 'echo', type: 'product', category: 'Coding' },
    ];
    // echo has the only evidence and tops the list; the rest tie on the prior
    const evidence: Evidence[] = [
      { productId: 'echo', kind: 'integrations', value: 50, source: 's', date: '2026-01-01' },
      { productId: 'echo', kind: 'providers', value: 50, source: 's', date: '2026-01-01' },
    ];
    const run = runScoring({ products, evidence, edges: [], at: AT });
    expect(run.scores.map((s) => s.productId)).toEqual(['echo', 'alpha', 'bravo', 'charlie', 'delta']);
    // alpha's peers (Coding) include echo, so its prior is a little higher; the three Chatbots tie
    const score = (id: string) => run.scores.find((s) => s.productId === id)!.score;
    expect(score('alpha')).toBeGreaterThan(score('bravo'));
    for (const id of ['charlie', 'delta']) expect(score(id)).toBe(score('bravo'));
    const pos = Object.fromEntries(run.scores.map((s) => [s.productId, s.position]));
    expect(pos.echo).toEqual({ overall: 1, ofOverall: 5, category: 1, ofCategory: 2 });
    expect(pos.alpha).toEqual({ overall: 2, ofOverall: 5, category: 2, ofCategory: 2 });
    // three products on the same score share #3 overall and #1 in Chatbots
    expect(pos.bravo).toEqual({ overall: 3, ofOverall: 5, category: 1, ofCategory: 3 });
    expect(pos.charlie).toEqual({ overall: 3, ofOverall: 5, category: 1, ofCategory: 3 });
    expect(pos.delta).toEqual({ overall: 3, ofOverall: 5, category: 1, ofCategory: 3 });
    // withTies counts the others on each shared position
    const scores = withTies(new Map(run.scores.map((s) => [s.productId, s])));
    expect(scores.get('echo')!.position).toMatchObject({ tiedOverall: 0, tiedCategory: 0 });
    expect(scores.get('alpha')!.position).toMatchObject({ tiedOverall: 0, tiedCategory: 0 });
    expect(scores.get('delta')!.position).toMatchObject({ tiedOverall: 2, tiedCategory: 2 });
  });

  for (const seed of [21, 22]) {
    it(`positions are consistent with scores on random input (seed ${seed})`, () => {
      const run = runScoring(randomInput(seed, 80));
      const sorted = [...run.scores].sort((x, y) => y.score - x.score || (x.productId < y.productId ? -1 : 1));
      // competition ranking: a position is 1 + the number of strictly higher scores
      sorted.forEach((s) => expect(s.position.overall).toBe(1 + sorted.filter((o) => o.score > s.score).length));
      const perCategory = new Map<string, ProductScore[]>();
      for (const s of sorted) perCategory.set(s.category, [...(perCategory.get(s.category) ?? []), s]);
      for (const list of perCategory.values()) {
        list.forEach((s) => {
          expect(s.position.category).toBe(1 + list.filter((o) => o.score > s.score).length);
          expect(s.position.ofCategory).toBe(list.length);
        });
      }
      expect(new Set(sorted.map((s) => s.score)).size, 'the random input has ties to check').toBeLessThan(sorted.length);
    });
  }
});

describe('runScoring: match graph', () => {
  const star = (): ScoringInput => ({
    products: ['hub', 'a', 'b', 'c', 'd', 'lonely'].map((id) => ({ id, type: 'model' as const, category: 'x' })),
    evidence: [],
    edges: ['a', 'b', 'c', 'd'].map((leaf) => ({ a: 'hub', b: leaf, weight: 1 })),
    at: AT,
  });

  it('the hub of a star leads the match-graph signal; a product without edges gets 0', () => {
    const run = byId(runScoring(star()));
    const hub = run.get('hub')!.signals.matchGraph;
    expect(hub.value).toBe(100);
    expect(hub.confidence).toBeGreaterThan(0);
    expect(hub.evidence[0]).toMatch(/^compared with 4 other products/);
    // the four leaves tie below the hub: mid-rank percentile 37.5, position 0
    const leafValue = Math.round(SCORING_CONFIG.normalisation.percentileShare * 37.5 * 10) / 10;
    for (const leaf of ['a', 'b', 'c', 'd']) expect(run.get(leaf)!.signals.matchGraph.value).toBe(leafValue);
    expect(leafValue).toBeLessThan(hub.value!);
    expect(run.get('lonely')!.signals.matchGraph).toEqual({ value: null, confidence: 0, evidence: [], kinds: [] });
  });

  it('ignores edges naming unknown products, self-loops and non-positive weights', () => {
    const base = runScoring(star());
    const input = star();
    input.edges.push(
      { a: 'hub', b: 'ghost', weight: 50 },
      { a: 'ghost', b: 'lonely', weight: 50 },
      { a: 'lonely', b: 'lonely', weight: 50 },
      { a: 'lonely', b: 'a', weight: 0 },
      { a: 'lonely', b: 'b', weight: -3 },
      { a: 'lonely', b: 'c', weight: Number.NaN },
    );
    expect(JSON.stringify(withoutTimings(runScoring(input)))).toBe(JSON.stringify(withoutTimings(base)));
  });
});

describe('pageRank', () => {
  const sum = (xs: Float64Array) => xs.reduce((a, b) => a + b, 0);

  it('matches the hand-computed ranks of a star graph', () => {
    // hub 0 with leaves 1..4, d = 0.85: c = 0.03 + 3.4 l, l = 0.03 + 0.2125 c
    const { ranks } = pageRank(5, Uint32Array.of(0, 0, 0, 0), Uint32Array.of(1, 2, 3, 4), Float64Array.of(1, 1, 1, 1), {
      tolerance: 1e-12,
      maxIterations: 1000,
    });
    const c = 0.132 / 0.2775;
    const l = (1 - c) / 4;
    expect(ranks[0]).toBeCloseTo(c, 9);
    for (let i = 1; i < 5; i++) expect(ranks[i]).toBeCloseTo(l, 9);
    expect(sum(ranks)).toBeCloseTo(1, 12);
  });

  it('gives equal ranks on a symmetric graph (cycle)', () => {
    const n = 7;
    const src = new Uint32Array(n);
    const dst = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      src[i] = i;
      dst[i] = (i + 1) % n;
    }
    const { ranks } = pageRank(n, src, dst, new Float64Array(n).fill(2));
    for (let i = 0; i < n; i++) expect(ranks[i]).toBeCloseTo(1 / n, 12);
  });

  it('spreads dangling mass evenly (hand-computed)', () => {
    // edge 0-1, node 2 isolated: r2 = (1-d)/3 / (1 - d/3), r0 = r1 = (1 - r2) / 2
    const { ranks } = pageRank(3, Uint32Array.of(0), Uint32Array.of(1), Float64Array.of(1), { tolerance: 1e-13, maxIterations: 1000 });
    const r2 = 0.05 / (1 - 0.85 / 3);
    expect(ranks[2]).toBeCloseTo(r2, 9);
    expect(ranks[0]).toBeCloseTo((1 - r2) / 2, 9);
    expect(ranks[1]).toBeCloseTo(ranks[0], 12);
    expect(sum(ranks)).toBeCloseTo(1, 12);
  });

  it('follows edge weights and accepts Float32 weights', () => {
    // path 0-1-2 with weights 1 and 3: node 1 sends three quarters of its rank to 2
    const { ranks } = pageRank(3, Uint32Array.of(0, 1), Uint32Array.of(1, 2), Float32Array.of(1, 3), { tolerance: 1e-12 });
    expect(ranks[1]).toBeGreaterThan(ranks[2]);
    expect(ranks[2]).toBeGreaterThan(ranks[0]);
    expect(sum(ranks)).toBeCloseTo(1, 12);
  });

  it('treats duplicate edges as one edge with the summed weight, in either direction', () => {
    const one = pageRank(4, Uint32Array.of(0, 1, 2), Uint32Array.of(1, 2, 3), Float64Array.of(3, 1, 1), { tolerance: 1e-13 });
    const split = pageRank(4, Uint32Array.of(0, 1, 1, 2), Uint32Array.of(1, 0, 2, 3), Float64Array.of(1, 2, 1, 1), {
      tolerance: 1e-13,
    });
    for (let i = 0; i < 4; i++) expect(split.ranks[i]).toBeCloseTo(one.ranks[i], 12);
  });

  it('handles an empty graph and a graph without edges', () => {
    expect(pageRank(0, new Uint32Array(0), new Uint32Array(0), new Float64Array(0)).ranks).toHaveLength(0);
    const { ranks } = pageRank(4, new Uint32Array(0), new Uint32Array(0), new Float64Array(0));
    for (let i = 0; i < 4; i++) expect(ranks[i]).toBeCloseTo(0.25, 12);
  });

  it('buildGraph maps ids to indices and drops edges with unknown ids', () => {
    const g = buildGraph(
      ['a', 'b', 'c'],
      [
        { a: 'a', b: 'b', weight: 1 },
        { a: 'a', b: 'zzz', weight: 5 },
        { a: 'c', b: 'b', weight: 2 },
        { a: 'c', b: 'c', weight: 2 },
      ],
    );
    expect(g.n).toBe(3);
    expect(g.index.get('c')).toBe(2);
    expect([...g.src]).toEqual([0, 2]);
    expect([...g.dst]).toEqual([1, 1]);
    expect([...g.weight]).toEqual([1, 2]);
  });
});

function signal(value: number, confidence: number): SignalResult {
  return { value, confidence, evidence: [], kinds: [] };
}

function scoreOf(id: string, score: number, values: Record<SignalName, [number, number]>): ProductScore {
  return {
    productId: id,
    type: 'model',
    category: 'x',
    score,
    priorShare: 0,
    signals: {
      adoption: signal(...values.adoption),
      quality: signal(...values.quality),
      ecosystem: signal(...values.ecosystem),
      matchGraph: signal(...values.matchGraph),
    },
    breakdown: [],
    position: { overall: 1, ofOverall: 2, category: 1, ofCategory: 2 },
  };
}

describe('verdict and leaders', () => {
  const LLAMA = 'Meta: Llama 3.2 1B Instruct';
  const llama = (score: number) =>
    scoreOf('meta-llama/llama-3.2-1b-instruct', score, {
      adoption: [20, 0.5],
      quality: [64, 0.6],
      ecosystem: [10, 0.5],
      matchGraph: [0, 0],
    });
  const gemini = (score: number) =>
    scoreOf('gemini', score, { adoption: [22, 0.5], quality: [30, 0.4], ecosystem: [80, 0.8], matchGraph: [0, 0] });

  it('phrases the seed comparison like the seed page', () => {
    const v = verdict([
      { id: 'meta-llama/llama-3.2-1b-instruct', name: LLAMA, score: llama(22.3) },
      { id: 'gemini', name: 'gemini', score: gemini(44.6) },
    ]);
    expect(v.tooClose).toBe(false);
    expect(v.call).toBe('clear');
    expect(v.summary).toBe('gemini ranks higher at 45/100 vs Meta: Llama 3.2 1B Instruct at 22/100.');
    expect(v.verdict).toBe(
      'gemini scores higher at 45/100 vs Meta: Llama 3.2 1B Instruct at 22/100. Meta: Llama 3.2 1B Instruct leads on quality, while gemini is stronger on ecosystem.',
    );
    expect(leaders([llama(22.3), gemini(44.6)])).toEqual({
      adoption: null,
      quality: 'meta-llama/llama-3.2-1b-instruct',
      ecosystem: 'gemini',
      matchGraph: null,
    });
  });

  it('says "too close to call" inside the margin and still names the leaders', () => {
    const v = verdict([
      { id: 'meta-llama/llama-3.2-1b-instruct', name: LLAMA, score: llama(43.4) },
      { id: 'gemini', name: 'gemini', score: gemini(44.6) },
    ]);
    expect(v.tooClose).toBe(true);
    expect(v.call).toBe('too-close');
    expect(v.summary).toBe('gemini and Meta: Llama 3.2 1B Instruct are too close to call at 45/100 vs 43/100.');
    expect(v.verdict).toBe(
      'Too close to call: gemini at 45/100 vs Meta: Llama 3.2 1B Instruct at 43/100. Meta: Llama 3.2 1B Instruct leads on quality, while gemini is stronger on ecosystem.',
    );
  });

  it('makes no clear call on a wide gap that no signal backs, and says why', () => {
    const thin = (id: string, score: number, q: number) =>
      scoreOf(id, score, { adoption: [0, 0], quality: [q, 0.1], ecosystem: [0, 0], matchGraph: [0, 0] });
    const v = verdict([
      { id: 'a', name: 'Alpha', score: thin('a', 40, 90) },
      { id: 'b', name: 'Beta', score: thin('b', 30, 10) },
    ]);
    expect(leaders([thin('a', 40, 90), thin('b', 30, 10)]).quality).toBeNull();
    expect(v.tooClose).toBe(true);
    expect(v.call).toBe('no-clear-call');
    // a 10-point gap is not "too close": the header says there is no call, and why, once
    expect(v.verdict).toBe('No clear call: Alpha scores higher at 40/100 vs Beta at 30/100, but no signal backs the gap with evidence on both sides.');
    expect(v.summary).toBe('Alpha scores higher at 40/100 vs Beta at 30/100, but no signal backs the gap with evidence on both sides.');
    // the same with a third product further down
    const three = verdict([
      { id: 'a', name: 'Alpha', score: thin('a', 40, 90) },
      { id: 'b', name: 'Beta', score: thin('b', 30, 10) },
      { id: 'c', name: 'Gamma', score: thin('c', 20, 10) },
    ]);
    expect(three.summary).toBe('Alpha scores higher at 40/100 vs Beta at 30/100, but no signal backs the gap with evidence on both sides, ahead of Gamma at 20/100.');
    expect(three.verdict).toBe('No clear call between Alpha at 40/100 and Beta at 30/100, but no signal backs the gap with evidence on both sides; then Gamma at 20/100.');
  });

  it('says plainly when one product leads on every signal', () => {
    const strong = scoreOf('s', 80, { adoption: [90, 1], quality: [90, 1], ecosystem: [90, 1], matchGraph: [90, 1] });
    const weak = scoreOf('w', 40, { adoption: [10, 1], quality: [10, 1], ecosystem: [10, 1], matchGraph: [10, 1] });
    const v = verdict([
      { id: 'w', name: 'Weak', score: weak },
      { id: 's', name: 'Strong', score: strong },
    ]);
    expect(v.verdict).toBe('Strong scores higher at 80/100 vs Weak at 40/100. Strong leads on every signal.');
  });

  it('needs more than the signal margin to lead', () => {
    const margin = SCORING_CONFIG.verdict.signalMargins.quality;
    const a = scoreOf('a', 50, { adoption: [0, 0], quality: [60 + margin, 1], ecosystem: [0, 0], matchGraph: [0, 0] });
    const b = scoreOf('b', 50, { adoption: [0, 0], quality: [60, 1], ecosystem: [0, 0], matchGraph: [0, 0] });
    expect(leaders([a, b]).quality).toBeNull();
    a.signals.quality.value! += 0.1;
    expect(leaders([a, b]).quality).toBe('a');
  });

  it('ranks three products in one sentence', () => {
    const c = scoreOf('claude', 60, { adoption: [50, 1], quality: [95, 1], ecosystem: [50, 1], matchGraph: [30, 1] });
    const v = verdict([
      { id: 'meta-llama/llama-3.2-1b-instruct', name: LLAMA, score: llama(22) },
      { id: 'gemini', name: 'gemini', score: gemini(45) },
      { id: 'claude', name: 'Claude', score: c },
    ]);
    expect(v.tooClose).toBe(false);
    expect(v.summary).toBe('Claude ranks highest at 60/100, ahead of gemini at 45/100 and Meta: Llama 3.2 1B Instruct at 22/100.');
    expect(v.verdict).toBe(
      'Claude scores highest at 60/100, then gemini at 45/100 and Meta: Llama 3.2 1B Instruct at 22/100. Claude leads on adoption, quality and match graph; gemini leads on ecosystem.',
    );
  });
});

describe('verdict of three within the margin', () => {
  it('puts every product within the margin of the first in the tie', () => {
    const flat = (id: string, score: number) =>
      scoreOf(id, score, { adoption: [50, 1], quality: [50, 1], ecosystem: [50, 1], matchGraph: [50, 1] });
    const v = verdict([
      { id: 'a', name: 'Alpha', score: flat('a', 32.4) },
      { id: 'b', name: 'Beta', score: flat('b', 32.2) },
      { id: 'c', name: 'Gamma', score: flat('c', 31.9) },
    ]);
    expect(v.tooClose).toBe(true);
    expect(v.summary).toBe('Alpha, Beta and Gamma are too close to call at 32/100 vs 32/100 vs 32/100.');
    expect(v.verdict).toBe('Too close to call between Alpha at 32/100, Beta at 32/100 and Gamma at 32/100. No signal separates them clearly.');
    const apart = verdict([
      { id: 'a', name: 'Alpha', score: flat('a', 32.4) },
      { id: 'b', name: 'Beta', score: flat('b', 32.2) },
      { id: 'c', name: 'Gamma', score: flat('c', 20) },
    ]);
    expect(apart.summary).toBe('Alpha and Beta are too close to call at 32/100 vs 32/100, ahead of Gamma at 20/100.');
  });
});

describe('runScoringPacked', () => {
  it('gives the same result as runScoring, with unknown ids and repeated products', () => {
    const input = randomInput(31, 50);
    const rnd = mulberry32(31);
    const products = shuffle([...input.products, { ...input.products[3] }], rnd);
    const edges = [...input.edges, { a: 'ghost', b: input.products[0].id, weight: 4 }];
    const plain = runScoring({ ...input, products, edges });
    const packed = runScoringPacked({ products, evidence: input.evidence, edges: packEdges(products, edges), at: AT });
    expect(plain.scores).toHaveLength(50);
    expect(JSON.stringify(withoutTimings(packed))).toBe(JSON.stringify(withoutTimings(plain)));
  });
});

/**
 * Input with the awkward cases: repeated ids with different type or category, evidence naming
 * unknown products or kinds, non-finite values, details missing, empty or several per product,
 * several sources and dates per series, and edges with unknown ends, self-loops, bad weights
 * and repeats in both directions.
 */
function awkwardInput(seed: number, productCount: number): ScoringInput {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const products: ScoringProduct[] = [];
  for (let i = 0; i < productCount; i++) {
    products.push({ id: `p${Math.floor(rnd() * productCount * 0.9)}`, type: pick(['model', 'product'] as const), category: pick(['Coding', 'Chatbots', 'Text models']) });
  }
  const kinds = [...ALL_KINDS, 'not_a_kind' as EvidenceKind];
  const evidence: Evidence[] = [];
  for (let k = 0; k < productCount * 6; k++) {
    const kind = pick(kinds);
    evidence.push({
      productId: rnd() < 0.03 ? 'ghost' : pick(products).id,
      kind,
      value: rnd() < 0.02 ? Number.NaN : rnd() < 0.01 ? Number.POSITIVE_INFINITY : rnd() < 0.3 ? Math.floor(rnd() * 5) : rnd() * 10 ** Math.floor(rnd() * 7),
      source: pick(['huggingface', 'lmarena', 'src']),
      date: pick(['2026-01-01', '2026-02-01', '2025-12-31']),
      detail: rnd() < 0.2 ? undefined : rnd() < 0.05 ? '' : pick(['MMLU', 'GPQA', 'SWE-Bench Verified', 'HLE', 'text']),
    });
  }
  const edges: MatchEdge[] = [];
  for (let k = 0; k < productCount * 4; k++) {
    const w = rnd();
    edges.push({ a: rnd() < 0.02 ? 'ghost' : pick(products).id, b: pick(products).id, weight: w < 0.02 ? -1 : w < 0.03 ? Number.NaN : w < 0.05 ? 0 : Math.round(rnd() * 500) / 100 });
  }
  return { products, evidence, edges, at: AT };
}

describe('runScoringInWorker', () => {
  it('returns the same scores as runScoring', async () => {
    const input = randomInput(5, 30);
    const inWorker = await runScoringInWorker(input);
    expect(JSON.stringify(withoutTimings(inWorker))).toBe(JSON.stringify(withoutTimings(runScoring(input))));
  });

  it('returns the same scores as runScoring on awkward input, in a worker and sliced on this thread', async () => {
    const input = awkwardInput(17, 400);
    const expected = JSON.stringify(withoutTimings(runScoring(input)));
    const inWorker = await runScoringOffLoop(input, SCORING_CONFIG, { workerFrom: { products: 0, edges: 0 } });
    const sliced = await runScoringOffLoop(input, SCORING_CONFIG, { workerFrom: { products: Infinity, edges: Infinity }, sliceMs: 0 });
    expect(JSON.parse(expected).scores.length).toBeGreaterThan(150);
    expect(JSON.stringify(withoutTimings(inWorker))).toBe(expected);
    expect(JSON.stringify(withoutTimings(sliced))).toBe(expected);
  });
});

describe('runScoring: awkward input', () => {
  for (const seed of [21, 22, 23]) {
    it(`gives identical output for shuffled awkward input (seed ${seed})`, () => {
      const input = awkwardInput(seed, 150);
      const rnd = mulberry32(seed);
      const shuffled = { ...input, products: shuffle(input.products, rnd), evidence: shuffle(input.evidence, rnd), edges: shuffle(input.edges, rnd) };
      expect(JSON.stringify(withoutTimings(runScoring(shuffled)))).toBe(JSON.stringify(withoutTimings(runScoring(input))));
    });
  }
});
