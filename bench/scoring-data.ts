/**
 * Deterministic scoring input for the benchmarks: products with evidence and a random match
 * graph with a skewed degree distribution (popular products get compared more).
 */
import type { Evidence, EvidenceKind } from '../src/core/domain.js';
import type { MatchEdge } from '../src/core/ports.js';
import type { ScoringInput, ScoringProduct } from '../src/core/scoring/engine.js';
import { mulberry32 } from '../src/core/random.js';


export interface RandomGraph {
  nodes: number;
  src: Uint32Array;
  dst: Uint32Array;
  weight: Float64Array;
}

/** `edges` distinct undirected edges without self-loops over `nodes` nodes. */
export function randomGraph(nodes: number, edges: number, seed = 42): RandomGraph {
  const rnd = mulberry32(seed);
  const pick = () => Math.floor(nodes * rnd() ** 2);
  const seen = new Set<number>();
  const src = new Uint32Array(edges);
  const dst = new Uint32Array(edges);
  const weight = new Float64Array(edges);
  let m = 0;
  while (m < edges) {
    let a = pick();
    let b = Math.floor(nodes * rnd());
    if (a === b) continue;
    if (a > b) [a, b] = [b, a];
    const key = a * nodes + b;
    if (seen.has(key)) continue;
    seen.add(key);
    src[m] = a;
    dst[m] = b;
    weight[m] = 0.05 + rnd() * 4;
    m++;
  }
  return { nodes, src, dst, weight };
}

/** Products with evidence of every kind (some with several benchmark series) over `graph`. */
export function scoringInput(graph: RandomGraph, seed = 7): ScoringInput {
  const rnd = mulberry32(seed);
  const kinds: Array<[EvidenceKind, number, () => number]> = [
    ['hf_downloads', 0.3, () => Math.floor(10 ** (rnd() * 7))],
    ['hf_likes', 0.3, () => Math.floor(10 ** (rnd() * 4))],
    ['github_stars', 0.2, () => Math.floor(10 ** (rnd() * 5))],
    ['list_mentions', 0.4, () => 1 + Math.floor(rnd() * 5)],
    ['arena_rating', 0.05, () => 1000 + rnd() * 450],
    ['benchmark', 0.1, () => rnd() * 100],
    ['providers', 0.5, () => 1 + Math.floor(rnd() * 30)],
    ['integrations', 0.3, () => 1 + Math.floor(rnd() * 100)],
  ];
  const products: ScoringProduct[] = [];
  const evidence: Evidence[] = [];
  const categories = ['Text models', 'Image models', 'Chatbots', 'Coding', 'Writing', 'Video', 'Audio', 'Search'];
  for (let i = 0; i < graph.nodes; i++) {
    const id = `vendor-${i % 997}/product-${i}`;
    products.push({ id, type: rnd() < 0.5 ? 'model' : 'product', category: categories[Math.floor(rnd() * categories.length)] });
    for (const [kind, p, value] of kinds) {
      if (rnd() >= p) continue;
      const series = kind === 'benchmark' ? 1 + Math.floor(rnd() * 4) : 1;
      for (let s = 0; s < series; s++) {
        evidence.push({
          productId: id,
          kind,
          value: value(),
          source: 'bench',
          date: '2026-05-04',
          detail: kind === 'benchmark' ? `bench-${s}` : kind === 'arena_rating' ? 'LMArena text' : undefined,
        });
      }
    }
  }
  const edges: MatchEdge[] = new Array(graph.src.length);
  for (let e = 0; e < edges.length; e++) edges[e] = { a: products[graph.src[e]].id, b: products[graph.dst[e]].id, weight: graph.weight[e] };
  return { products, evidence, edges, at: new Date('2026-11-20T00:00:00Z') };
}
