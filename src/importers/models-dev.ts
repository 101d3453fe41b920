import { z } from 'zod';
import type { RowError } from './errors.js';
import { fileError, issuesToErrors, type ParseResult } from './validate.js';

export const benchmarkSchema = z.looseObject({
  name: z.string().min(1),
  score: z.number().finite(),
  metric: z.string().optional(),
  source: z.string().optional(),
  date: z.string().optional(),
});

export const modelsDevModelSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().min(1),
  family: z.string().nullish(),
  release_date: z.string().optional(),
  attachment: z.boolean().optional(),
  reasoning: z.boolean().optional(),
  tool_call: z.boolean().optional(),
  structured_output: z.boolean().optional(),
  open_weights: z.boolean(),
  limit: z.looseObject({ context: z.number().nonnegative().optional(), output: z.number().nonnegative().optional() }),
  modalities: z.looseObject({ input: z.array(z.string()).default([]), output: z.array(z.string()).default([]) }).default({ input: [], output: [] }),
  cost: z.looseObject({ input: z.number().optional(), output: z.number().optional() }).optional(),
  benchmarks: z.array(benchmarkSchema).optional(),
  base_model: z.string().optional(),
});

export type ModelsDevModel = z.output<typeof modelsDevModelSchema>;

export interface ModelsDevProviderModel extends ModelsDevModel {
  provider: string;
  providerName: string;
}

const providerSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().min(1),
  models: z.record(z.string(), z.unknown()),
});

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** models.dev `providers.json`: `{ <provider>: { id, name, models: { <model id>: {...} } } }`, flattened to provider-models. */
export function parseModelsDevProviders(raw: unknown): ParseResult<ModelsDevProviderModel> {
  if (!isPlainObject(raw)) return { rows: [], errors: fileError('expected an object keyed by provider id') };
  const rows: ModelsDevProviderModel[] = [];
  const errors: RowError[] = [];
  for (const [pid, p] of Object.entries(raw)) {
    const prov = providerSchema.safeParse(p);
    if (!prov.success) {
      errors.push(...issuesToErrors(pid, prov.error));
      continue;
    }
    for (const [mid, m] of Object.entries(prov.data.models)) {
      const r = modelsDevModelSchema.safeParse(m);
      if (!r.success) errors.push(...issuesToErrors(`${pid}/${mid}`, r.error));
      else rows.push({ ...r.data, provider: prov.data.id, providerName: prov.data.name });
    }
  }
  if (rows.length === 0 && errors.length === 0) errors.push(...fileError('no providers'));
  return { rows, errors };
}

export interface ModelsDevLabModel extends ModelsDevModel {
  /** "<lab>/<model>" key of models.json */
  key: string;
}

/** models.dev `models.json`: provider-agnostic model records keyed by "<lab>/<model>". */
export function parseModelsDevModels(raw: unknown): ParseResult<ModelsDevLabModel> {
  if (!isPlainObject(raw)) return { rows: [], errors: fileError('expected an object keyed by "<lab>/<model>"') };
  const rows: ModelsDevLabModel[] = [];
  const errors: RowError[] = [];
  for (const [key, m] of Object.entries(raw)) {
    const r = modelsDevModelSchema.safeParse(m);
    if (!r.success) errors.push(...issuesToErrors(key, r.error));
    else rows.push({ ...r.data, key });
  }
  if (rows.length === 0 && errors.length === 0) errors.push(...fileError('no models'));
  return { rows, errors };
}
