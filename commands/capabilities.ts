import { z } from 'zod';
import type { CapabilitiesView, ErrorView } from '../src/core/views.js';
import type { CommandDef } from './types.js';

export interface CapabilitiesInput {
  ids: string[];
  page: number;
}

/** Products a Capabilities button may show at once (a compare card holds at most three). */
export const CAPABILITIES_MAX_PRODUCTS = 3;

/** Product ids in one option: each URI-encoded, joined with "," (so an id may hold any character). */
export function joinIds(ids: readonly string[]): string {
  return ids.map(encodeURIComponent).join(',');
}

function splitIds(s: string): string[] | null {
  try {
    return s.split(',').map((x) => decodeURIComponent(x)).filter((x) => x !== '');
  } catch {
    return null;
  }
}

/**
 * The full capability lists of up to three products: what the "Capabilities" button runs. It is
 * not a slash command (nobody types product ids); its options come from the button.
 */
export const capabilities: CommandDef<CapabilitiesInput, CapabilitiesView | ErrorView> = {
  name: 'capabilities',
  description: 'The full capability lists of the products on a card',
  usage: 'the Capabilities button of a card',
  options: [
    { name: 'ids', description: 'Product ids, URI-encoded and joined with ","', type: 'string', required: true, maxLength: 1000 },
    { name: 'page', description: 'Page of the lists, from 0', type: 'integer', min: 0, max: 100 },
  ],
  schema: z
    .object({ ids: z.string().min(1).max(1000), page: z.coerce.number().int().min(0).max(100).optional() })
    .transform((o, ctx): CapabilitiesInput => {
      const ids = splitIds(o.ids);
      if (!ids || ids.length === 0 || ids.length > CAPABILITIES_MAX_PRODUCTS) {
        ctx.addIssue({ code: 'custom', path: ['ids'], message: `between 1 and ${CAPABILITIES_MAX_PRODUCTS} product ids` });
        return z.NEVER;
      }
      return { ids, page: o.page ?? 0 };
    }),
  async execute(input, core): Promise<CapabilitiesView | ErrorView> {
    const found = await core.catalog.getMany(input.ids);
    const byId = new Map(found.map((p) => [p.id, p]));
    const products = input.ids.map((id) => byId.get(id)).filter((p) => p !== undefined);
    if (products.length === 0) return { kind: 'error', code: 'bad_input', message: 'Those products are no longer in the catalog. Run the command again.' };
    return { kind: 'capabilities', products: products.map((p) => ({ id: p.id, name: p.name, capabilities: p.capabilities })), page: input.page };
  },
};
