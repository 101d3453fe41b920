import { z } from 'zod';
import { fileError, parseRows, type ParseResult } from './validate.js';

/**
 * A nested markdown link that the list conversion kept whole ("[https://a/](https://b/...") is read as
 * its first URL; the description then starts with the leftover ") - ", which is dropped.
 */
const listUrl = z.preprocess((v) => {
  if (typeof v !== 'string') return v;
  const m = /^\[(https?:\/\/[^\]\s]+)\]\(/.exec(v.trim());
  return m ? m[1] : v.trim();
}, z.url());

const listDescription = z
  .string()
  .default('')
  .transform((s) => s.replace(/^\)\s*-\s*/, '').trim());

/** A product line of an awesome list, as derived into `products.json` (same shape for both lists). */
export const awesomeProductSchema = z.looseObject({
  name: z.string().trim().min(1),
  url: listUrl,
  description: listDescription,
  category: z.string().min(1),
  subcategory: z.string().nullable(),
  open_source: z.boolean(),
  source_code_url: z.url().optional(),
  source_file: z.string().optional(),
});

export type AwesomeProduct = z.output<typeof awesomeProductSchema>;

export function parseAwesomeList(raw: unknown): ParseResult<AwesomeProduct> {
  if (!Array.isArray(raw)) return { rows: [], errors: fileError('expected an array of products') };
  return parseRows(raw, awesomeProductSchema);
}
