/**
 * present(view) -> Card: what every platform shows for a command's answer, decided once. A Card
 * is the view (its facts, raw text) plus who sees it, the metric outcome, the actions (buttons)
 * offered under it and the parts every renderer would otherwise recompute: the labelled fields of
 * a comparison's columns and a product's sections (src/chat/fields.ts) and the capability-matrix
 * split. Adapters render a Card natively (Discord embeds, Slack blocks, console text, HTML); they
 * choose the layout, never the facts, their labels or the buttons: a platform that cannot show an
 * action says why in its adapter (ChatAdapter.omits).
 */
import { CAPABILITIES_MAX_PRODUCTS, joinIds } from '../../commands/capabilities.js';
import type { ChatContext } from '../../commands/types.js';
import { COMMAND_LIMITS } from '../../commands/types.js';
import type { AlertsCommandView, AlternativesView, CompareView, ProductView, SearchView, TopView, View } from '../core/views.js';
import { compareAction, type Action, type OptionValue } from './actions.js';
import { compareColumns, itemsOf, productSections, type CardColumn, type CardItem, type CardSection } from './fields.js';
import { outcomeOf, type Outcome } from './outcome.js';
import { visibilityOf, type Visibility } from './visibility.js';

export type CardView = View | AlertsCommandView;

/** The capability matrix of a compare card, split once: shared by all, only in one, in some. */
export interface MatrixSplit {
  shared: string[];
  /** per product, in card order */
  only: Array<{ id: string; name: string; labels: string[] }>;
  /** three or more products: capabilities some of them have, with which */
  some: Array<{ label: string; ids: string[] }>;
}

export interface Card<V extends CardView = CardView> {
  view: V;
  /** the answer's title, plain text, where the card has one (every adapter shows this one) */
  title: string | null;
  /** what to say instead of an empty list (alternatives and top cards with nothing to list; a search's notes say it) */
  empty: string | null;
  visibility: Visibility;
  outcome: Outcome;
  /** buttons under the answer, in order */
  actions: Action[];
  /** compare cards only: one column of the seed's fields per compared item */
  columns: CardColumn[] | null;
  /** compare cards only */
  matrix: MatrixSplit | null;
  /** product cards only: the facts in titled sections */
  sections: CardSection[] | null;
  /** alternatives and search cards only: one entry per alternative or result */
  items: CardItem[] | null;
  /** the card's long form on the web and its rank-history chart (compare and product cards, with PUBLIC_URL) */
  page: CardPage | null;
}

/** A link from a card to its web page: every adapter that can show a link shows this one. */
export interface CardPage {
  label: string;
  url: string;
  /** the PNG rank-history chart at a stable address */
  chart: string;
}

/** The page link of a compare or product view that carries its addresses. */
function pageOf(view: CardView): CardPage | null {
  if (view.kind === 'compare' && view.links) return { label: 'Open full comparison', url: view.links.page, chart: view.links.chart };
  if (view.kind === 'product' && view.links) return { label: 'Open full page', url: view.links.page, chart: view.links.chart };
  return null;
}

/** The command run that produced a view: "did you mean" choices complete it. */
export interface PresentContext {
  invocation?: { command: string; options: Record<string, unknown> };
  chat?: ChatContext | null;
}

/** Limits of what a card offers, whatever the platform. */
export const CARD_LIMITS = {
  /** "Compare with" actions under /alternatives: one per alternative */
  compareActions: COMMAND_LIMITS.alternativesMax,
  /** "did you mean" choices (a platform shows as many as its layout holds) */
  choices: 25,
} as const;

export function splitMatrix(v: CompareView): MatrixSplit | null {
  if (v.capabilityMatrix.length === 0) return null;
  const ids = v.products.map((p) => p.id);
  const shared = v.capabilityMatrix.filter((r) => ids.every((id) => r.has[id])).map((r) => r.label);
  const only = v.products.map((p) => ({
    id: p.id,
    name: p.name,
    labels: v.capabilityMatrix.filter((r) => r.has[p.id] && ids.every((id) => id === p.id || !r.has[id])).map((r) => r.label),
  }));
  const some =
    ids.length > 2
      ? v.capabilityMatrix
          .map((r) => ({ label: r.label, ids: ids.filter((id) => r.has[id]) }))
          .filter((r) => r.ids.length > 1 && r.ids.length < ids.length)
      : [];
  return { shared, only, some };
}

const capabilitiesAction = (ids: string[], label = 'Capabilities', page = 0): Action => ({
  command: 'capabilities',
  options: page ? { ids: joinIds(ids.slice(0, CAPABILITIES_MAX_PRODUCTS)), page } : { ids: joinIds(ids.slice(0, CAPABILITIES_MAX_PRODUCTS)) },
  label,
  style: 'primary',
});
const alternativesAction = (id: string, name: string): Action => ({ command: 'alternatives', options: { product: id }, label: `Alternatives to ${name}`, item: id });
const subscribeAction = (id: string, label: string): Action => ({ command: 'subscribe', options: { target: `product:${id}` }, label, item: id });

/** Scalar options of a run, kept for the choice that completes it. */
function scalarOptions(options: Record<string, unknown> | undefined): Record<string, OptionValue> {
  const out: Record<string, OptionValue> = {};
  for (const [k, v] of Object.entries(options ?? {})) {
    if (typeof v === 'string' && v.trim() !== '') out[k] = v.slice(0, COMMAND_LIMITS.nameLength);
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  }
  return out;
}

/** The buttons of a view, the same on every platform. */
export function actionsOf(view: CardView, ctx: PresentContext = {}): Action[] {
  switch (view.kind) {
    case 'compare': {
      const ids = view.products.map((p) => p.id);
      return [
        capabilitiesAction(ids),
        ...view.products.map((p) => alternativesAction(p.id, p.name)),
        // rank-change alerts for each product, in the channel the card is in
        ...view.products.map((p) => subscribeAction(p.id, `Subscribe to ${p.name}`)),
      ];
    }
    case 'product': {
      const c = view.card;
      return [capabilitiesAction([c.id]), alternativesAction(c.id, c.name), subscribeAction(c.id, 'Subscribe')];
    }
    case 'alternatives':
      return view.alternatives.slice(0, CARD_LIMITS.compareActions).map((a) => ({ ...compareAction(view.product.id, a.id, `Compare with ${a.name}`), item: a.id, short: 'Compare' }));
    case 'search': {
      const [a, b] = view.results;
      const out: Action[] = [];
      if (a && b) out.push({ ...compareAction(a.id, b.id, `Compare ${a.name} and ${b.name}`), style: 'primary' });
      if (a) out.push({ command: 'alternatives', options: { product: a.id }, label: `Alternatives to ${a.name}` });
      // one product's card per result, beside it where the platform can
      for (const r of view.results) out.push({ command: 'product', options: { name: r.id }, label: r.name, item: r.id, short: 'Details' });
      for (const s of view.suggestions) out.push({ command: 'search', options: { query: s.label }, label: `Search ${s.label}` });
      return out;
    }
    case 'capabilities':
      // paging is the adapter's (only a platform that pages long lists knows where a page ends)
      return [];
    case 'resolution': {
      const inv = ctx.invocation;
      if (!inv || view.candidates.length === 0) return [];
      const names = view.candidates.map((c) => c.name.toLowerCase());
      const base = scalarOptions(inv.options);
      delete base[view.field];
      // subscription targets name a product as "product:<id>"
      const value = (id: string) => (inv.command === 'subscribe' || inv.command === 'unsubscribe' ? `product:${id}` : id);
      return view.candidates.slice(0, CARD_LIMITS.choices).map((c, i) => ({
        command: inv.command,
        options: { ...base, [view.field]: value(c.id) },
        label: names.filter((n) => n === c.name.toLowerCase()).length > 1 ? `${c.name} · ${c.id}` : c.name,
        replace: true,
        ...(i === 0 ? { style: 'primary' as const } : {}),
      }));
    }
    case 'top':
    case 'resolve':
    case 'help':
    case 'error':
    case 'subscribed':
    case 'unsubscribed':
    case 'subscriptions':
      return [];
  }
}

/** "Top 10 in Coding (models)". */
export function topTitle(v: TopView): string {
  return `Top ${v.rows.length}${v.category ? ` in ${v.category}` : ''}${v.type ? ` (${v.type}s)` : ''}`;
}

export function titleOf(view: CardView): string | null {
  switch (view.kind) {
    case 'compare':
      return view.title;
    case 'product':
      return view.card.name;
    case 'alternatives':
      return `Alternatives to ${view.product.name}`;
    case 'top':
      return topTitle(view);
    case 'search':
      return `Search: ${view.query}`;
    default:
      return null;
  }
}

/** The words for a list with nothing in it, the same on every platform. */
export const EMPTY_TEXT = {
  alternativesFiltered: 'No alternatives found with these filters. Try again without the cheaper or type filter.',
  alternatives: 'No alternatives found.',
  top: 'No ranked products match these filters. Try another category or type.',
} as const;

export function emptyOf(view: CardView): string | null {
  if (view.kind === 'alternatives' && view.alternatives.length === 0)
    return view.filters.cheaper || view.filters.type ? EMPTY_TEXT.alternativesFiltered : EMPTY_TEXT.alternatives;
  if (view.kind === 'top' && view.rows.length === 0) return EMPTY_TEXT.top;
  return null;
}

export function present<V extends CardView>(view: V, ctx: PresentContext = {}): Card<V> {
  return {
    view,
    title: titleOf(view),
    empty: emptyOf(view),
    visibility: visibilityOf(view),
    outcome: outcomeOf(view),
    actions: actionsOf(view, ctx),
    columns: view.kind === 'compare' ? compareColumns(view as CompareView) : null,
    matrix: view.kind === 'compare' ? splitMatrix(view as CompareView) : null,
    sections: view.kind === 'product' ? productSections(view as ProductView) : null,
    items: view.kind === 'alternatives' || view.kind === 'search' ? itemsOf(view as AlternativesView | SearchView) : null,
    page: pageOf(view),
  };
}

/** The Capabilities action of given products at a page (adapters that page the lists use it). */
export function capabilitiesPageAction(ids: string[], page: number, label: string): Action {
  const a = capabilitiesAction(ids, label, page);
  delete a.style;
  return a;
}
