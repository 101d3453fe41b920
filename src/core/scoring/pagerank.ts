import type { MatchEdge } from '../ports.js';

export interface PageRankOptions {
  /** probability of following an edge rather than jumping to a random node; default 0.85 */
  damping?: number;
  /** default 100 */
  maxIterations?: number;
  /** stop when the L1 change of the rank vector (which sums to 1) falls below this; default 1e-6 */
  tolerance?: number;
}

export interface PageRankResult {
  /** one rank per node, summing to 1 */
  ranks: Float64Array;
  /** power iterations performed */
  iterations: number;
}

export interface IndexedGraph {
  n: number;
  /** node index of each id, in the order of `ids` */
  index: Map<string, number>;
  src: Uint32Array;
  dst: Uint32Array;
  weight: Float64Array;
}

/**
 * Maps string ids to node indices (position in `ids`) and edges to typed arrays.
 * Edges naming an unknown id, self-loops and edges without a positive finite weight are dropped.
 */
export function buildGraph(ids: readonly string[], edges: readonly MatchEdge[]): IndexedGraph {
  const index = new Map<string, number>();
  for (let i = 0; i < ids.length; i++) if (!index.has(ids[i])) index.set(ids[i], i);
  const src = new Uint32Array(edges.length);
  const dst = new Uint32Array(edges.length);
  const weight = new Float64Array(edges.length);
  let m = 0;
  for (const e of edges) {
    const a = index.get(e.a);
    const b = index.get(e.b);
    if (a === undefined || b === undefined || a === b) continue;
    if (!(e.weight > 0) || !Number.isFinite(e.weight)) continue;
    src[m] = a;
    dst[m] = b;
    weight[m] = e.weight;
    m++;
  }
  return { n: ids.length, index, src: src.slice(0, m), dst: dst.slice(0, m), weight: weight.slice(0, m) };
}

/**
 * Weighted PageRank over an undirected graph (every edge counts in both directions, as a
 * comparison of A with B is also one of B with A). Nodes without edges are dangling: their
 * mass is spread evenly over all nodes. Self-loops and edges without a positive finite weight
 * are ignored, as are edges naming a node outside 0..n-1.
 *
 * Adjacency is stored as CSR built with a counting sort; each iteration pulls along the
 * adjacency lists, so the cost is O(iterations * (n + 2m)).
 */
export function pageRank(
  n: number,
  src: Uint32Array,
  dst: Uint32Array,
  weight: Float64Array | Float32Array,
  opts: PageRankOptions = {},
): PageRankResult {
  const damping = opts.damping ?? 0.85;
  const maxIterations = opts.maxIterations ?? 100;
  const tolerance = opts.tolerance ?? 1e-6;
  if (!(damping >= 0 && damping <= 1)) throw new RangeError('damping must be within 0..1');
  if (src.length !== dst.length || src.length !== weight.length) {
    throw new RangeError('src, dst and weight must have the same length');
  }
  if (n === 0) return { ranks: new Float64Array(0), iterations: 0 };

  const m = src.length;
  // degree count per node (both endpoints), then prefix sums into CSR offsets
  const offsets = new Uint32Array(n + 1);
  let kept = 0;
  for (let e = 0; e < m; e++) {
    const a = src[e];
    const b = dst[e];
    const w = weight[e];
    if (a === b || a >= n || b >= n || !(w > 0) || w === Infinity) continue;
    offsets[a + 1]++;
    offsets[b + 1]++;
    kept++;
  }
  for (let i = 0; i < n; i++) offsets[i + 1] += offsets[i];

  const neighbours = new Uint32Array(2 * kept);
  const edgeWeights = new Float64Array(2 * kept);
  const cursor = offsets.slice(0, n);
  const strength = new Float64Array(n);
  for (let e = 0; e < m; e++) {
    const a = src[e];
    const b = dst[e];
    const w = weight[e];
    if (a === b || a >= n || b >= n || !(w > 0) || w === Infinity) continue;
    let p = cursor[a]++;
    neighbours[p] = b;
    edgeWeights[p] = w;
    p = cursor[b]++;
    neighbours[p] = a;
    edgeWeights[p] = w;
    strength[a] += w;
    strength[b] += w;
  }

  let dangling = 0;
  for (let i = 0; i < n; i++) if (strength[i] === 0) dangling++;
  const danglingNodes = new Uint32Array(dangling);
  for (let i = 0, k = 0; i < n; i++) if (strength[i] === 0) danglingNodes[k++] = i;

  let ranks = new Float64Array(n).fill(1 / n);
  let next = new Float64Array(n);
  // rank of a node divided by its total edge weight: what each unit of edge weight carries
  const share = new Float64Array(n);
  const teleport = (1 - damping) / n;
  let iterations = 0;

  while (iterations < maxIterations) {
    iterations++;
    let danglingMass = 0;
    for (let k = 0; k < dangling; k++) danglingMass += ranks[danglingNodes[k]];
    for (let i = 0; i < n; i++) {
      const s = strength[i];
      share[i] = s > 0 ? ranks[i] / s : 0;
    }
    const base = teleport + (damping * danglingMass) / n;
    let delta = 0;
    let start = offsets[0];
    for (let v = 0; v < n; v++) {
      const end = offsets[v + 1];
      let acc = 0;
      for (let p = start; p < end; p++) acc += edgeWeights[p] * share[neighbours[p]];
      start = end;
      const r = base + damping * acc;
      next[v] = r;
      delta += Math.abs(r - ranks[v]);
    }
    const swap = ranks;
    ranks = next;
    next = swap;
    if (delta < tolerance) break;
  }

  return { ranks, iterations };
}
