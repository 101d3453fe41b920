/** Longest token compared by edit distance; longer tokens only match exactly or by prefix. */
export const MAX_DISTANCE_TOKEN = 48;

const rowPrevPrev = new Int32Array(MAX_DISTANCE_TOKEN + 2);
const rowPrev = new Int32Array(MAX_DISTANCE_TOKEN + 2);
const rowCur = new Int32Array(MAX_DISTANCE_TOKEN + 2);

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), giving up
 * early: returns max + 1 as soon as the distance must exceed max.
 */
export function boundedDistance(a: string, b: string, max: number): number {
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  if (la > MAX_DISTANCE_TOKEN || lb > MAX_DISTANCE_TOKEN) return a === b ? 0 : max + 1;
  if (la === 0) return lb;
  if (lb === 0) return la;
  let pp = rowPrevPrev;
  let p = rowPrev;
  let c = rowCur;
  for (let j = 0; j <= lb; j++) p[j] = j;
  for (let i = 1; i <= la; i++) {
    c[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const bj = b.charCodeAt(j - 1);
      const cost = ai === bj ? 0 : 1;
      let v = p[j - 1] + cost;
      const del = p[j] + 1;
      if (del < v) v = del;
      const ins = c[j - 1] + 1;
      if (ins < v) v = ins;
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) {
        const tr = pp[j - 2] + 1;
        if (tr < v) v = tr;
      }
      c[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = pp;
    pp = p;
    p = c;
    c = t;
  }
  return p[lb] <= max ? p[lb] : max + 1;
}
