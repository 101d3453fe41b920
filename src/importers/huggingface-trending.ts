import { z } from 'zod';
import { fileError, parseRows, type ParseResult } from './validate.js';

export const hfModelSchema = z.looseObject({
  rank: z.number().int().positive(),
  id: z.string().regex(/^[^/\s]+\/[^/\s]+$/, 'expected "owner/name"'),
  author: z.string().optional(),
  url: z.string().optional(),
  downloads: z.number().int().nonnegative(),
  likes: z.number().int().nonnegative(),
  trendingScore: z.number().optional(),
  pipelineTag: z.string().nullable().optional(),
  tags: z.array(z.string()).default([]),
});

export type HfModel = z.output<typeof hfModelSchema>;

const fileSchema = z.looseObject({ fetchedAt: z.string().optional(), models: z.array(z.unknown()) });

export interface HfParsed extends ParseResult<HfModel> {
  fetchedAt: string | null;
}

/** Hugging Face trending models snapshot (`huggingface-trending.json`). */
export function parseHuggingFaceTrending(raw: unknown): HfParsed {
  const file = fileSchema.safeParse(raw);
  if (!file.success) return { rows: [], errors: fileError('expected { models: [...] }', file.error), fetchedAt: null };
  return { ...parseRows(file.data.models, hfModelSchema), fetchedAt: file.data.fetchedAt ?? null };
}
