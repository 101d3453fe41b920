/**
 * Capability tagging and derivation (the taxonomy itself is data/capabilities.json, read by
 * capability-taxonomy.ts). Pure: products in, products with capabilities out.
 * Every "unique" and "vs alternatives" line is computed from the catalog it is given, so the
 * same catalog always yields the same text (ties are broken by id).
 */
import type { Product } from './domain.js';
import {
  CAPABILITY_SYNONYMS,
  CAPABILITY_TAGS,
  capabilityLabel,
  isCapabilityTag,
  type CapabilityTag,
} from './capability-taxonomy.js';
import { Catalog } from './capability-peers.js';
import { chooseTags } from './capability-tags.js';
import { capabilityFor } from './capability-text.js';
import { formatCount } from './scoring/format.js';

export { formatCount };
export { CAPABILITY_SYNONYMS, CAPABILITY_TAGS, capabilityLabel, isCapabilityTag, type CapabilityTag };
export { CAPABILITY_SATISFIED_BY, LONG_CONTEXT_TOKENS, tagsFor, textTags } from './capability-tags.js';
export { formatTokens } from './format.js';

export function hasCuratedCapabilities(p: Product): boolean {
  return p.capabilities.length > 0;
}

/**
 * Fills `capabilities` for every product except those with hand-written ones. Returns new product
 * objects in the same order; the input is not modified.
 */
export function deriveCapabilities(products: Product[]): Product[] {
  const cat = new Catalog(products);
  return cat.items.map((it) => {
    if (hasCuratedCapabilities(it.p)) return { ...it.p };
    const alts = cat.alternatives(it, 2);
    const capabilities = chooseTags(it.p, it.tagSet).map((tag) => capabilityFor(cat, it, tag, alts));
    return { ...it.p, capabilities };
  });
}
