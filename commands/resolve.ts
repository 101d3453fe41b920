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
    const view: ResolveView = {
      kind: 'resolve',
      query: input.query,
      status: r.status === 'empty' ? 'none' : r.status,
      match: r.match ? { id: r.match.id, name: r.match.name } : null,
      candidates: r.candidates,
    };
    return view;
  },
};
