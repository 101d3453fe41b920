/**
 * Addresses of the web pages, from ids: the one place that turns ids into paths and paths back
 * into ids, used by the web adapter and by every view that links to a page.
 *
 * An id is written into the path as it is where it can be (letters, digits, `-._~:` and `/`, so
 * `meta-llama/llama-3.2-1b-instruct` stays readable); every other character is percent-encoded,
 * and so is the `v` of any `-vs-` inside an id, so that in `/compare/<a>-vs-<b>` the literal
 * `-vs-` separates ids and nothing else. An id with an empty, `.` or `..` part (which browsers
 * would fold) has its `/` encoded as well. Paths are split on the raw text, then decoded.
 */

/** The characters kept as they are in a path (the rest is percent-encoded). */
const PLAIN = /[A-Za-z0-9\-._~:/]/;
/** What separates the ids of a comparison in its path. */
export const VS = '-vs-';

function encodeChar(c: string): string {
  return PLAIN.test(c) ? c : encodeURIComponent(c).replace(/[!'()*]/g, (x) => `%${x.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** One id as a path part: readable, reversible by decodeIdPath, never holding `-vs-`. */
export function encodeIdPath(id: string): string {
  const foldable = id.split('/').some((s) => s === '' || s === '.' || s === '..');
  let out = '';
  for (const c of id) out += c === '/' && foldable ? '%2F' : encodeChar(c);
  // "-vs-" (also overlapping, "-vs-vs-") cannot appear: its "v" is written %76
  return out.replace(/-v(?=s-)/g, '-%76');
}

/** The id of a path part made by encodeIdPath, or null when it is not valid percent-encoding. */
export function decodeIdPath(part: string): string | null {
  if (part === '') return null;
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

export function productPath(id: string): string {
  return `/product/${encodeIdPath(id)}`;
}

export function comparePath(ids: readonly string[]): string {
  return `/compare/${ids.map(encodeIdPath).join(VS)}`;
}

/** The ids of `/compare/<a>-vs-<b>[-vs-<c>]`'s tail (`<a>-vs-<b>`), or null when it does not name 2 or 3. */
export function parseComparePath(tail: string): string[] | null {
  const parts = tail.split(VS);
  if (parts.length < 2 || parts.length > 3) return null;
  const ids = parts.map(decodeIdPath);
  return ids.every((x): x is string => x !== null) ? ids : null;
}

/** PNG chart of one product's history, or of the compared products' histories. */
export function chartPath(ids: readonly string[]): string {
  return `/chart/${ids.map(encodeIdPath).join(VS)}.png`;
}

/** The ids of a `/chart/` tail (`<id>.png` or `<a>-vs-<b>.png`), or null. */
export function parseChartPath(tail: string): string[] | null {
  if (!tail.endsWith('.png')) return null;
  const body = tail.slice(0, -'.png'.length);
  const parts = body.split(VS);
  if (parts.length > 3) return null;
  const ids = parts.map(decodeIdPath);
  return ids.every((x): x is string => x !== null) ? ids : null;
}

/** Links from a view to its page and its chart; absent when no public address is configured. */
export interface ViewLinks {
  /** the full page */
  page: string;
  /** the PNG chart of the rank history */
  chart: string;
}

/** PUBLIC_URL without a trailing slash. */
function base(publicUrl: string): string {
  return publicUrl.replace(/\/+$/, '');
}

/** Page and chart addresses for one product (one id) or a comparison (two or three), under publicUrl. */
export function viewLinks(publicUrl: string | null | undefined, ids: readonly string[]): ViewLinks | null {
  if (!publicUrl || ids.length === 0) return null;
  const page = ids.length === 1 ? productPath(ids[0]!) : comparePath(ids);
  return { page: base(publicUrl) + page, chart: base(publicUrl) + chartPath(ids) };
}
