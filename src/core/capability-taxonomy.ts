/**
 * The capability taxonomy, read from data/capabilities.json and validated at load: one record per
 * tag with its label, the sentence a product's capability starts with, the words /search reads
 * as it, and the patterns that tag a product listing with it.
 */
import { z } from 'zod';
import TAXONOMY_FILE from '../../data/capabilities.json' with { type: 'json' };

const recordSchema = z.object({
  tag: z.string().regex(/^[a-z][a-z-]*$/),
  label: z.string().min(1).max(60),
  description: z.string().min(10).max(200),
  search: z.array(z.string().min(1).max(60)).min(1),
  patterns: z.array(
    z.string().refine((s) => {
      try {
        new RegExp(s);
        return true;
      } catch {
        return false;
      }
    }, 'not a valid regular expression'),
  ),
  /**
   * Search phrases that ask for this capability but are too broad to tag a listing by ("voice",
   * "business"), with the reason; every other search phrase is also matched by the patterns.
   */
  queryOnly: z.object({ phrases: z.array(z.string().min(1)).min(1), reason: z.string().min(10) }).optional(),
}).refine((r) => (r.queryOnly?.phrases ?? []).every((p) => r.search.includes(p)), 'every queryOnly phrase must be one of the search phrases');

const fileSchema = z
  .object({ tags: z.array(recordSchema).min(1) })
  .refine((f) => new Set(f.tags.map((t) => t.tag)).size === f.tags.length, 'a tag appears twice');

function load(raw: unknown = TAXONOMY_FILE): z.infer<typeof fileSchema>['tags'] {
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`data/capabilities.json: ${issue.path.join('.') || 'file'}: ${issue.message}`);
  }
  return parsed.data.tags;
}

const RECORDS = load();

/** Validates a taxonomy file as the shipped one is validated at load; returns its number of tags, throws on the first problem. */
export function parseCapabilityTaxonomy(raw: unknown): number {
  return load(raw).length;
}

/** A tag of the taxonomy ("speech-to-text"). */
export type CapabilityTag = string;

/** Tags in taxonomy order, with their labels. */
export const CAPABILITY_TAGS: ReadonlyArray<{ tag: CapabilityTag; label: string }> = RECORDS.map((r) => ({ tag: r.tag, label: r.label }));

export const TAG_INDEX: ReadonlyMap<string, number> = new Map(RECORDS.map((r, i) => [r.tag, i]));

export function isCapabilityTag(tag: string): tag is CapabilityTag {
  return TAG_INDEX.has(tag);
}

export function capabilityLabel(tag: string): string {
  const i = TAG_INDEX.get(tag);
  return i === undefined ? tag : RECORDS[i]!.label;
}

/**
 * Words and phrases people use for each capability, read by /search. Matching runs on
 * lower-cased words with diacritics folded and punctuation as spaces ("text-to-speech" is
 * "text to speech"); a word ending in "*" matches any word starting with it ("transcri*"
 * matches "transcribe", "transcription"). The longest phrase wins.
 */
export const CAPABILITY_SYNONYMS: Readonly<Record<CapabilityTag, readonly string[]>> = Object.fromEntries(RECORDS.map((r) => [r.tag, r.search]));

/** The patterns that tag a listing's lower-cased text with a capability (tags without patterns come from data fields). */
export const TAGGING_PATTERNS: ReadonlyArray<[CapabilityTag, RegExp]> = RECORDS.filter((r) => r.patterns.length > 0).map((r) => [
  r.tag,
  new RegExp(r.patterns.map((p) => `(?:${p})`).join('|')),
]);

/** The sentence a product's capability description starts with. */
export const CAPABILITY_SENTENCE: Readonly<Record<CapabilityTag, string>> = Object.fromEntries(RECORDS.map((r) => [r.tag, r.description]));

/** Tags the code names (category defaults, orderings) must exist in the taxonomy: checked at load. */
export function requireTags<T extends readonly string[]>(where: string, tags: T): T {
  const missing = tags.filter((t) => !TAG_INDEX.has(t));
  if (missing.length) throw new Error(`${where} names tags missing from data/capabilities.json: ${missing.join(', ')}`);
  return tags;
}
