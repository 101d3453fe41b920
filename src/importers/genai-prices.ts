import { z } from 'zod';
import type { RowError } from './errors.js';
import { fileError, issuesToErrors, type ParseResult } from './validate.js';

const price = z.union([
  z.number().finite(),
  z.looseObject({ base: z.number().finite(), tiers: z.array(z.looseObject({ start: z.number(), price: z.number() })) }),
]);
const priceSet = z.looseObject({ input_mtok: price.optional(), output_mtok: price.optional() });

export const genAiModelSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().optional(),
  description: z.string().optional(),
  context_window: z.number().int().positive().optional(),
  prices: z.union([priceSet, z.array(z.looseObject({ prices: priceSet }))]),
  deprecated: z.boolean().optional(),
});

const providerSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().min(1),
  models: z.array(z.unknown()),
});

export interface GenAiModel {
  provider: string;
  providerName: string;
  id: string;
  name: string | null;
  description: string | null;
  contextWindow: number | null;
  /** USD per million input tokens (base price of the current period), when given */
  inputMTok: number | null;
  deprecated: boolean;
}

function basePrice(p: z.output<typeof price> | undefined): number | null {
  if (p === undefined) return null;
  return typeof p === 'number' ? p : p.base;
}

/** Pydantic genai-prices `data.json`: an array of providers, each with its models. Rows are flattened models. */
export function parseGenAiPrices(raw: unknown): ParseResult<GenAiModel> {
  if (!Array.isArray(raw)) return { rows: [], errors: fileError('expected an array of providers') };
  const rows: GenAiModel[] = [];
  const errors: RowError[] = [];
  raw.forEach((p, pi) => {
    const prov = providerSchema.safeParse(p);
    if (!prov.success) {
      errors.push(...issuesToErrors(pi, prov.error));
      return;
    }
    prov.data.models.forEach((m, mi) => {
      const r = genAiModelSchema.safeParse(m);
      const rowId = `${prov.data.id}/${mi}`;
      if (!r.success) {
        errors.push(...issuesToErrors(rowId, r.error));
        return;
      }
      const current = Array.isArray(r.data.prices) ? r.data.prices[r.data.prices.length - 1]?.prices : r.data.prices;
      rows.push({
        provider: prov.data.id,
        providerName: prov.data.name,
        id: r.data.id,
        name: r.data.name ?? null,
        description: r.data.description?.trim() || null,
        contextWindow: r.data.context_window ?? null,
        inputMTok: basePrice(current?.input_mtok),
        deprecated: r.data.deprecated ?? false,
      });
    });
  });
  return { rows, errors };
}
