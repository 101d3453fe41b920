import { z } from 'zod';
import type { RowError } from './errors.js';
import { fileError, issuesToErrors, parseRows, type ParseResult } from './validate.js';

export const arenaRatingSchema = z.looseObject({
  rating: z.number().finite(),
  rating_q025: z.number().finite().optional(),
  rating_q975: z.number().finite().optional(),
});

export interface ArenaRating {
  category: string;
  /** LMArena's internal model key, e.g. "claude-opus-4-5-20251101" */
  key: string;
  rating: number;
  low: number | null;
  high: number | null;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `leaderboard-*.json`: `{ <category>: { <model key>: { rating, rating_q025, rating_q975 } } }`. Rows are "category/key". */
export function parseArenaLeaderboard(raw: unknown): ParseResult<ArenaRating> {
  if (!isPlainObject(raw)) return { rows: [], errors: fileError('expected { <category>: { <model>: { rating } } }') };
  const rows: ArenaRating[] = [];
  const errors: RowError[] = [];
  for (const [category, models] of Object.entries(raw)) {
    if (!isPlainObject(models)) {
      errors.push({ row: category, path: '', message: 'expected an object keyed by model' });
      continue;
    }
    for (const [key, value] of Object.entries(models)) {
      const r = arenaRatingSchema.safeParse(value);
      if (!r.success) errors.push(...issuesToErrors(`${category}/${key}`, r.error));
      else rows.push({ category, key, rating: r.data.rating, low: r.data.rating_q025 ?? null, high: r.data.rating_q975 ?? null });
    }
  }
  if (!errors.length && !rows.some((r) => r.category === 'full')) errors.push(...fileError('no "full" category'));
  return { rows, errors };
}

export const arenaModelInfoSchema = z.looseObject({
  name: z.string().min(1),
  model_api_name: z.string().min(1),
  organization: z.string().default(''),
  license: z.string().optional(),
  input_token_price: z.union([z.number(), z.string(), z.null()]).optional(),
  output_token_price: z.union([z.number(), z.string(), z.null()]).optional(),
  hidden: z.boolean().optional(),
});

export type ArenaModelInfo = z.output<typeof arenaModelInfoSchema>;

/** `scatterplot-data.json`: display name and organization per arena model key. */
export function parseArenaScatterplot(raw: unknown): ParseResult<ArenaModelInfo> {
  if (!Array.isArray(raw)) return { rows: [], errors: fileError('expected an array of models') };
  return parseRows(raw, arenaModelInfoSchema);
}
