import type { Evidence, Product } from '../core/domain.js';
import type { ArenaModelInfo, ArenaRating } from './lmarena.js';
import { datelessKey, modelKey, productNameKey, stripDateSuffix } from './normalize.js';

export type ArenaBoard = 'text' | 'vision' | 'image';

export const ARENA_DETAIL: Record<ArenaBoard, string> = {
  text: 'LMArena text (style control)',
  vision: 'LMArena vision',
  image: 'LMArena text-to-image',
};

export interface ArenaMatchStats {
  board: ArenaBoard;
  /** arena models in the "full" category */
  models: number;
  /** arena models attached to at least one catalog product (an alias attaches every entry it names) */
  matchedModels: number;
  /** catalog products that received a rating */
  matchedProducts: number;
  /** arena models attached to no product, best rated first (for `catalog report`) */
  unmatched: Array<{ key: string; rating: number }>;
}

export interface ArenaMatchResult {
  evidence: Evidence[];
  stats: ArenaMatchStats[];
  /** product id -> arena names (display names and keys) that matched it, for aliases */
  names: Map<string, string[]>;
}

interface Candidate {
  arenaKey: string;
  /** 0 = exact key, higher = looser normalisation */
  level: number;
}

/** Keys an arena model can be known by, loosest last: exact, without date, without reasoning-budget suffix, display name. */
function arenaCandidateKeys(key: string, info: ArenaModelInfo | undefined): Array<{ key: string; level: number }> {
  const base = key.replace(/\s*\(.*?\)\s*/g, ' ').trim();
  const k0 = modelKey(base);
  const out = [{ key: k0, level: 0 }];
  out.push({ key: stripDateSuffix(k0), level: 1 });
  out.push({ key: datelessKey(k0), level: 2 });
  const stripped = k0
    .replace(/-(no-)?thinking(-\d+-?k)?$/, '')
    .replace(/-(high|low|medium|chat|reasoning|bf-16|fp-8)$/, '')
    .replace(/-(instruct|it)$/, '');
  if (stripped !== k0) {
    out.push({ key: stripped, level: 3 });
    out.push({ key: datelessKey(stripped), level: 3 });
  }
  if (info) {
    const n = modelKey(info.name.replace(/\(.*?\)/g, ' '));
    out.push({ key: n, level: 4 });
    out.push({ key: datelessKey(n), level: 4 });
  }
  return out;
}

function productKeys(p: Product, modelKeys: Map<string, string[]>): string[] {
  const keys = modelKeys.get(p.id) ?? [];
  const out: string[] = [];
  for (const k of keys) {
    out.push(k);
    const d = datelessKey(k);
    if (d !== k && !/\d{4}/.test(k.slice(d.length))) out.push(d);
  }
  return [...new Set(out)];
}

/**
 * Attaches LMArena "full" ratings to catalog products. Each product takes the closest arena model
 * (exact key before looser forms; among equals the latest key). Aliases map arena keys to products the
 * normalisation cannot find (e.g. image models to the product that serves them); a product several aliased
 * entries name takes the best rated of them. Each rating row names its board entry in `note`.
 */
export function matchArena(
  boards: Record<ArenaBoard, ArenaRating[]>,
  info: ArenaModelInfo[],
  products: Product[],
  modelKeys: Map<string, string[]>,
  aliases: Record<string, string>,
  date: string,
): ArenaMatchResult {
  const infoByKey = new Map(info.map((i) => [i.model_api_name, i]));
  const byId = new Map(products.map((p) => [p.id, p]));
  const byNameKey = new Map<string, Product>();
  for (const p of products) {
    const k = productNameKey(p.name);
    if (!byNameKey.has(k)) byNameKey.set(k, p);
  }
  // targets: priced model routes, not free duplicates or router aliases
  const targets = products.filter((p) => p.type === 'model' && !p.id.endsWith(':free') && !p.id.startsWith('~') && !p.id.startsWith('openrouter/'));

  const evidence: Evidence[] = [];
  const stats: ArenaMatchStats[] = [];
  const names = new Map<string, string[]>();
  const addName = (id: string, n: string) => {
    const list = names.get(id) ?? [];
    if (!list.includes(n)) list.push(n);
    names.set(id, list);
  };

  for (const board of ['text', 'vision', 'image'] as ArenaBoard[]) {
    const full = boards[board].filter((r) => r.category === 'full');
    const ratingByKey = new Map(full.map((r) => [r.key, r]));
    const index = new Map<string, Candidate[]>();
    for (const r of full) {
      for (const c of arenaCandidateKeys(r.key, infoByKey.get(r.key))) {
        const list = index.get(c.key) ?? [];
        if (!list.some((x) => x.arenaKey === r.key && x.level <= c.level)) list.push({ arenaKey: r.key, level: c.level });
        index.set(c.key, list);
      }
    }
    const chosen = new Map<string, string>();
    const levelOf = new Map<string, number>();
    for (const p of targets) {
      let best: Candidate | null = null;
      for (const k of productKeys(p, modelKeys)) {
        for (const c of index.get(k) ?? []) {
          if (!best || c.level < best.level || (c.level === best.level && c.arenaKey > best.arenaKey)) best = c;
        }
      }
      if (best) chosen.set(p.id, best.arenaKey), levelOf.set(p.id, best.level);
    }
    // a board entry rates the entries it names most closely: "gemini-2.5-pro" is Gemini 2.5 Pro, not also the
    // "Gemini 2.5 Pro Preview 06-05" route that reaches it only by a looser form
    // (a looser form, or the same form through a looser id: an entry whose own id is the board's key wins)
    const tail = (id: string) => id.slice(id.indexOf('/') + 1).toLowerCase();
    const rank = (id: string, key: string) => levelOf.get(id)! * 2 + (tail(id) === key.toLowerCase() ? 0 : 1);
    const closest = new Map<string, number>();
    for (const [id, key] of chosen) closest.set(key, Math.min(closest.get(key) ?? Infinity, rank(id, key)));
    for (const [id, key] of [...chosen]) if (rank(id, key) > closest.get(key)!) chosen.delete(id);
    // curated aliases win over the normalisation; a product several entries are aliased to is rated
    // by its best entry (its best model on the board), the others stay attached to it
    const aliased = new Map<string, string[]>();
    for (const [arenaKey, target] of Object.entries(aliases)) {
      if (!ratingByKey.has(arenaKey)) continue;
      const p = byId.get(target) ?? byNameKey.get(productNameKey(target));
      if (p) aliased.set(p.id, [...(aliased.get(p.id) ?? []), arenaKey]);
    }
    const matchedKeys = new Set<string>();
    const entriesOf = new Map<string, number>();
    for (const [productId, keys] of aliased) {
      const best = keys.reduce((a, b) => {
        const ra = ratingByKey.get(a)!.rating;
        const rb = ratingByKey.get(b)!.rating;
        return rb > ra || (rb === ra && b > a) ? b : a;
      });
      chosen.set(productId, best);
      entriesOf.set(productId, keys.length);
      for (const k of keys) matchedKeys.add(k);
    }
    for (const [productId, arenaKey] of [...chosen].sort((a, b) => a[0].localeCompare(b[0]))) {
      const r = ratingByKey.get(arenaKey)!;
      matchedKeys.add(arenaKey);
      const display = infoByKey.get(arenaKey)?.name;
      const entry = arenaKey.replace(/\s*\(.*?\)\s*/g, '').trim();
      const entries = entriesOf.get(productId) ?? 1;
      evidence.push({
        productId,
        kind: 'arena_rating',
        value: Math.round(r.rating * 10) / 10,
        source: 'lmarena',
        date,
        detail: ARENA_DETAIL[board],
        note: entries > 1 ? `${entry}, best of ${entries} entries` : entry,
      });
      if (r.low !== null && r.high !== null && r.high > r.low) {
        // the width of the 95% interval shrinks with the number of votes a model received
        evidence.push({
          productId,
          kind: 'arena_interval',
          value: Math.round(((r.high - r.low) / 2) * 100) / 100,
          source: 'lmarena',
          date,
          detail: ARENA_DETAIL[board],
        });
      }
      if (display) addName(productId, display);
      addName(productId, entry);
    }
    const unmatched = full.filter((r) => !matchedKeys.has(r.key)).sort((a, b) => b.rating - a.rating || a.key.localeCompare(b.key));
    stats.push({ board, models: full.length, matchedModels: matchedKeys.size, matchedProducts: chosen.size, unmatched: unmatched.map((r) => ({ key: r.key, rating: r.rating })) });
  }
  return { evidence, stats, names };
}
