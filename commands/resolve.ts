import { z } from 'zod';
import type { ResolveView, View } from '../src/core/views.js';
import { nameSchema } from './shared.js';
import type { CommandDef } from './types.js';

export const resolve: CommandDef<{ query: string }> = {
  name: 'resolve',
  description: 'Show how a name is matched to the catalog',
  usage: 'resolve <query>',
  options: [{ name: 'query', description: 'Name to look up', type: 'string', required: true, autocomplete: true }],
  schema: z.object({ query: nameSchema }),
  async execute(input, core): Promise<View> {
    const r = (await core.resolver()).resolve(input.query);
    // an exact id is taken as it is, as every other command does (core.resolveName)
    const byId = input.query ? await core.catalog.get(input.query) : null;
    const match = byId ? { id: byId.id, name: byId.name } : r.match ? { id: r.match.id, name: r.match.name } : null;
    const candidates = byId
      ? [{ id: byId.id, name: byId.name, score: 1 }, ...r.candidates.filter((c) => c.id !== byId.id)].slice(0, r.candidates.length || 1)
      : r.candidates;
    const view: ResolveView = {
      kind: 'resolve',
      query: input.query,
      status: byId ? 'match' : r.status === 'empty' ? 'none' : r.status,
      match,
      candidates,
    };
    return view;
  },
};
