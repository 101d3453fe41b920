/**
 * Hugging Face downloads and likes for products whose open weights live there (FLUX for Flux,
 * Whisper's checkpoints for Whisper): the curated table in data/curated.json names the
 * repositories, exactly or as a whole organisation for a listing that is a model family.
 */
import type { Evidence, Product } from '../core/domain.js';
import type { CuratedFile } from './curated.js';
import { ImportValidationError, type RowError } from './errors.js';
import type { HfModel } from './huggingface-trending.js';

export interface HfJoin {
  evidence: Evidence[];
  /** product id -> repositories joined */
  joined: Map<string, string[]>;
}

/**
 * Evidence rows (hf_downloads and hf_likes, one pair per repository) for every curated product
 * repository present in the snapshot. A repository the product already has evidence for is not
 * added twice. Unknown product ids fail the build, like every curated reference.
 */
export function joinHuggingFace(
  products: readonly Product[],
  existing: readonly Evidence[],
  rows: readonly HfModel[],
  table: CuratedFile['huggingfaceRepos'],
  date: string,
): HfJoin {
  const ids = new Set(products.map((p) => p.id));
  const errors: RowError[] = [];
  Object.keys(table).forEach((id) => {
    if (!ids.has(id)) errors.push({ row: id, path: "huggingfaceRepos", message: `no product with id "${id}" in the catalog` });
  });
  if (errors.length) throw new ImportValidationError('curated', errors);

  const have = new Set(existing.filter((e) => e.kind === 'hf_downloads' && e.detail).map((e) => `${e.productId}\u0000${e.detail!.toLowerCase()}`));
  const evidence: Evidence[] = [];
  const joined = new Map<string, string[]>();
  for (const [productId, entry] of Object.entries(table)) {
    const exact = new Set(entry.repos.filter((r) => !r.endsWith('/*')).map((r) => r.toLowerCase()));
    const orgs = new Set(entry.repos.filter((r) => r.endsWith('/*')).map((r) => r.slice(0, -2).toLowerCase()));
    const matched = rows
      .filter((h) => exact.has(h.id.toLowerCase()) || orgs.has(h.id.split('/')[0]!.toLowerCase()))
      .filter((h) => !have.has(`${productId}\u0000${h.id.toLowerCase()}`))
      .sort((a, b) => a.id.localeCompare(b.id));
    for (const h of matched) {
      evidence.push({ productId, kind: 'hf_downloads', value: h.downloads, source: 'huggingface', date, detail: h.id });
      evidence.push({ productId, kind: 'hf_likes', value: h.likes, source: 'huggingface', date, detail: h.id });
    }
    if (matched.length) joined.set(productId, matched.map((h) => h.id));
  }
  return { evidence, joined };
}
