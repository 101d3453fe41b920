import { z } from 'zod';
import { fileError, numericString, parseRows, type ParseResult } from './validate.js';

/** One element of OpenRouter's GET /api/v1/models `data` array (only the fields we use are strict). */
export const openRouterModelSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().min(1),
  hugging_face_id: z.string().nullish(),
  created: z.number().int().nonnegative().optional(),
  description: z.string().default(''),
  context_length: z.number().int().positive().nullable(),
  architecture: z.looseObject({
    modality: z.string().optional(),
    input_modalities: z.array(z.string()),
    output_modalities: z.array(z.string()),
  }),
  pricing: z.looseObject({
    prompt: numericString,
    completion: numericString,
  }),
  supported_parameters: z.array(z.string()).default([]),
  knowledge_cutoff: z.string().nullish(),
});

export type OpenRouterModel = z.output<typeof openRouterModelSchema>;

const fileSchema = z.looseObject({ data: z.array(z.unknown()) });

export function parseOpenRouter(raw: unknown): ParseResult<OpenRouterModel> {
  const file = fileSchema.safeParse(raw);
  if (!file.success) return { rows: [], errors: fileError('expected { data: [...] }', file.error) };
  const result = parseRows(file.data.data, openRouterModelSchema);
  const seen = new Set<string>();
  result.rows.forEach((row, i) => {
    if (seen.has(row.id)) result.errors.push({ row: i, path: 'id', message: `duplicate id "${row.id}"` });
    seen.add(row.id);
  });
  return result;
}

/** Price in USD per token, or null when OpenRouter marks it variable (negative, used by routers). */
export function tokenPrice(value: number): number | null {
  return value < 0 ? null : value;
}
