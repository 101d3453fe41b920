import { z } from 'zod';
import { SIGNALS } from '../src/core/domain.js';
import { viewLinks } from '../src/core/links.js';
import { SCORING_CONFIG } from '../src/core/scoring/config.js';
import { priorNote, signalNote } from '../src/core/scoring/format.js';
import type { ProductView, View } from '../src/core/views.js';
import { cardView, nameSchema, notReady, sourcesLine } from './shared.js';
import { COMMAND_LIMITS, type CommandDef } from './types.js';

export interface ProductInput {
  name: string;
}

export const product: CommandDef<ProductInput> = {
  name: 'product',
  description: 'One model or product: score breakdown, rank, pricing and capabilities',
  usage: '/product <name>',
  options: [{ name: 'name', description: 'Model or product', type: 'string', required: true, autocomplete: true, maxLength: 100 }],
  schema: z.object({ name: nameSchema }),
  async execute(input, core): Promise<View> {
    const r = await core.resolveName('name', input.name);
    if (!r.ok) return r.view;
    const p = r.product;
    const scores = await core.latestScores();
    const score = scores.get(p.id);
    if (!score) return notReady();
    const history = await core.scores.history(p.id, COMMAND_LIMITS.historyPoints);
    const { asOf, sources } = await sourcesLine(core, [p]);
    const view: ProductView = {
      kind: 'product',
      card: cardView(p, score),
      description: p.description,
      // signal notes are written now from the stored numbers; the prior's note is the stored one (its peers'
      // average is not stored as a number)
      breakdown: score.breakdown.map((b) =>
        b.part === 'prior'
          ? { part: b.part, points: b.points, note: b.prior ? priorNote(b.prior, SCORING_CONFIG) : b.note }
          : { ...b, note: signalNote(b.part, score.signals[b.part], SCORING_CONFIG) },
      ),
      signals: SIGNALS.map((s) => ({
        signal: s,
        value: score.signals[s].value === null ? null : Math.round(score.signals[s].value),
        confidence: score.signals[s].confidence,
        evidence: score.signals[s].evidence,
      })),
      contextLength: p.contextLength,
      modalities: { input: p.inputModalities, output: p.outputModalities },
      providers: p.providers,
      history: history.map((h) => ({ at: h.at, score: h.score, overall: h.overall })),
      facts: p.facts,
      asOf,
      sources,
      links: viewLinks(core.publicUrl, [p.id]),
    };
    return view;
  },
};
