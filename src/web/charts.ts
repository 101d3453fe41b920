/**
 * The rank-history chart of a view, for the chart URLs and for chat attachments: the history
 * comes from the product command (as on the pages), never from the store directly.
 */
import { product } from '../../commands/index.js';
import { runCommand, type CommandErrorLogger } from '../../commands/run.js';
import type { Core } from '../core/app.js';
import type { ProductView, View } from '../core/views.js';
import { historySvg, svgToPng, type ChartSeries } from './chart.js';

/** The product views of these ids, or null when one of them is not exactly a product id. */
export async function productViews(core: Core, ids: readonly string[], logError?: CommandErrorLogger): Promise<ProductView[] | null> {
  const views = await Promise.all(ids.map((id) => runCommand(product, { name: id }, core, { logError })));
  return views.every((v, i): v is ProductView => v.kind === 'product' && v.card.id === ids[i]) ? (views as ProductView[]) : null;
}

export function seriesOf(views: readonly ProductView[]): ChartSeries[] {
  return views.map((v) => ({ name: v.card.name, points: v.history }));
}

/** The PNG chart of a product or comparison view; null for any other view. */
export async function viewChartPng(core: Core, view: View): Promise<Buffer | null> {
  if (view.kind === 'product') return svgToPng(historySvg(seriesOf([view])));
  if (view.kind !== 'compare') return null;
  const views = await productViews(core, view.products.map((p) => p.id));
  return views ? svgToPng(historySvg(seriesOf(views))) : null;
}
