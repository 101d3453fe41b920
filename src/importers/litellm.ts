import { z } from 'zod';
import { fileError, issuesToErrors, type ParseResult } from './validate.js';
import type { RowError } from './errors.js';

/** Keys in LiteLLM's cost map that are not model entries. */
export const LITELLM_META_KEYS = new Set(['sample_spec', 'fallback_generalizations', 'last_updated']);

const num = z.number().finite().nonnegative();

export const liteLlmEntrySchema = z.looseObject({
  litellm_provider: z.string().min(1),
  mode: z.string().optional(),
  input_cost_per_token: num.nullish(),
  output_cost_per_token: num.nullish(),
  max_input_tokens: num.nullish(),
  max_output_tokens: num.nullish(),
  max_tokens: num.nullish(),
  supports_function_calling: z.boolean().nullish(),
  supports_vision: z.boolean().nullish(),
  supports_reasoning: z.boolean().nullish(),
  supports_response_schema: z.boolean().nullish(),
  supports_web_search: z.boolean().nullish(),
  supports_audio_input: z.boolean().nullish(),
  supports_audio_output: z.boolean().nullish(),
});

export type LiteLlmEntry = z.output<typeof liteLlmEntrySchema> & { key: string };

export interface LiteLlmParsed extends ParseResult<LiteLlmEntry> {
  /** the mirror's top-level "last_updated", when present */
  lastUpdated: string | null;
}

const fileSchema = z.record(z.string(), z.unknown());

export function parseLiteLlm(raw: unknown): LiteLlmParsed {
  const file = fileSchema.safeParse(raw);
  if (!file.success || Array.isArray(raw)) {
    return { rows: [], errors: fileError('expected an object keyed by model name', file.success ? undefined : file.error), lastUpdated: null };
  }
  const rows: LiteLlmEntry[] = [];
  const errors: RowError[] = [];
  for (const [key, value] of Object.entries(file.data)) {
    if (LITELLM_META_KEYS.has(key)) continue;
    const r = liteLlmEntrySchema.safeParse(value);
    if (r.success) rows.push({ ...r.data, key });
    else errors.push(...issuesToErrors(key, r.error));
  }
  if (rows.length === 0 && errors.length === 0) errors.push(...fileError('no model entries'));
  const lu = file.data.last_updated;
  return { rows, errors, lastUpdated: typeof lu === 'string' ? lu : null };
}
