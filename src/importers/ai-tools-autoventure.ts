import { decodeHTML } from 'entities';
import { z } from 'zod';
import { fileError, isoDate, parseRows, type ParseResult } from './validate.js';

export const autoVentureToolSchema = z.looseObject({
  // some rows carry HTML character references ("Meta&#x27;s"): the text is read as the page shows it
  name: z.string().transform((s) => decodeHTML(s)).pipe(z.string().trim().min(1)),
  slug: z.string().min(1),
  category: z.string().min(1),
  category_id: z.string().optional(),
  pricing: z.enum(['Free', 'Free Trial']),
  description: z.string().default('').transform((s) => decodeHTML(s)),
  website: z.url(),
  review_url: z.string().optional(),
});

export type AutoVentureTool = z.output<typeof autoVentureToolSchema>;

const fileSchema = z.looseObject({
  updated: isoDate.optional(),
  tools: z.array(z.unknown()),
});

export interface AutoVentureParsed extends ParseResult<AutoVentureTool> {
  updated: string | null;
}

/** AutoVenture free AI tools dataset (`ai-tools.json`). */
export function parseAutoVenture(raw: unknown): AutoVentureParsed {
  const file = fileSchema.safeParse(raw);
  if (!file.success) return { rows: [], errors: fileError('expected { tools: [...] }', file.error), updated: null };
  return { ...parseRows(file.data.tools, autoVentureToolSchema), updated: file.data.updated ?? null };
}
