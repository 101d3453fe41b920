/**
 * The facts a card shows, as neutral labelled fields decided once for every adapter: the seed's rows of
 * a comparison (one column per compared item) and the fact sections of a product card. Values are plain
 * text; each adapter escapes them and lays them out (embed fields, Slack section fields, a console
 * table, HTML table rows), but no adapter chooses which facts a card holds, their order or their labels.
 */
import { SIGNALS, type SignalName } from '../core/domain.js';
import {
  briefUnit,
  capabilitiesCountLabel,
  cardSignalLabel,
  categoryPositionLabel,
  NONE,
  overallPositionLabel,
  perMTokLabel,
  perMTokValue,
  pricingLabel,
  rankLabel,
  SIGNAL_LABELS,
  startingPriceLabel,
  tokensLabel,
  typeLabel,
} from '../core/format.js';
import type { AlternativesView, CompareView, PricingView, ProductCardView, ProductView, SearchView } from '../core/views.js';

export type FieldKey =
  | 'type'
  | 'rank'
  | 'position'
  | 'overall'
  | SignalName
  | 'pricing'
  | 'startingPrice'
  | 'perMTok'
  | 'capabilities'
  | 'timesMatched'
  | 'vendor'
  | 'category'
  | 'context'
  | 'input'
  | 'output'
  | 'providers'
  | 'price';

export interface CardField {
  key: FieldKey;
  label: string;
  /** plain text, not escaped */
  value: string;
}

/** One compared item's column of a comparison card. */
export interface CardColumn {
  id: string;
  name: string;
  fields: CardField[];
}

/** A titled group of fields (a product card's facts). */
export interface CardSection {
  key: 'rank' | 'pricing' | 'context' | 'about';
  title: string;
  fields: CardField[];
}

const f = (key: FieldKey, label: string, value: string): CardField => ({ key, label, value: value.trim() === '' ? NONE : value });

function rankFields(c: ProductCardView): CardField[] {
  return [
    f('rank', 'UnfragileRank', rankLabel(c.rank)),
    f('position', 'Rank', categoryPositionLabel(c.position, c.category)),
    f('overall', 'Overall', overallPositionLabel(c.position)),
  ];
}

function pricingFields(c: ProductCardView): CardField[] {
  return [
    f('pricing', 'Pricing', pricingLabel(c.pricing.model)),
    f('startingPrice', 'Starting Price', startingPriceLabel(c.pricing.startingPrice)),
    f('perMTok', 'Per 1M tokens', perMTokValue(c.pricing)),
  ];
}

/** The seed page's rows for one compared item, in the seed's order. */
export function compareFields(c: ProductCardView, timesMatched: number): CardField[] {
  const [rank, position, overall] = rankFields(c);
  return [
    f('type', 'Type', typeLabel(c.type)),
    rank!,
    position!,
    overall!,
    ...SIGNALS.map((s) => f(s, SIGNAL_LABELS[s], cardSignalLabel(c, s))),
    ...pricingFields(c),
    f('capabilities', 'Capabilities', capabilitiesCountLabel(c.capabilities.length)),
    f('timesMatched', 'Times Matched', String(timesMatched)),
  ];
}

export function compareColumns(v: CompareView): CardColumn[] {
  return v.products.map((c) => ({ id: c.id, name: c.name, fields: compareFields(c, v.timesMatched) }));
}

/** A product card's facts in up to four sections: its score and rank, its price, its context and modalities (when known), what it is. */
export function productSections(v: ProductView): CardSection[] {
  const c = v.card;
  const sections: CardSection[] = [
    { key: 'rank', title: 'Score', fields: rankFields(c) },
    { key: 'pricing', title: 'Price', fields: pricingFields(c) },
    {
      key: 'context',
      title: 'Context',
      fields: [
        f('context', 'Context length', tokensLabel(v.contextLength)),
        f('input', 'Input', v.modalities.input.join(', ') || NONE),
        f('output', 'Output', v.modalities.output.join(', ') || NONE),
      ],
    },
    {
      key: 'about',
      title: 'About',
      fields: [
        f('type', 'Type', typeLabel(c.type)),
        f('vendor', 'Vendor', c.vendor ?? NONE),
        f('category', 'Category', c.category),
        f('capabilities', 'Capabilities', capabilitiesCountLabel(c.capabilities.length)),
        // serving providers are a model's; a product shows none rather than "0"
        ...(c.type === 'product' ? [] : [f('providers', 'Providers', String(v.providers.length))]),
      ],
    },
  ];
  // a section with nothing known in it (a product's context window and modalities) is left out
  return sections.filter((sec) => sec.key !== 'context' || sec.fields.some((x) => x.value !== NONE));
}

/** One entry of a list card (an alternative, a search result): what it is, its rank and price, and why it is listed. */
export interface CardItem {
  id: string;
  name: string;
  /** Type, UnfragileRank, Price, in that order */
  fields: CardField[];
  /** plain text: the reasons it is listed */
  why: string;
}

/**
 * "Freemium · from $20 per month · $0.15 in / $0.60 out per 1M tokens": the pricing model and whatever prices are known.
 * `brief`, for one line of a list, leaves out a plan's remarks ("(Standard; $6.99 first month)") and a per-token
 * starting price the per-1M prices already say ("from $1.00e-7 per prompt token").
 */
export function priceSummary(p: PricingView, opts: { brief?: boolean } = {}): string {
  const parts = [pricingLabel(p.model)];
  const sp = p.startingPrice;
  const perTokenShown = opts.brief && (p.promptPerMTok !== null || p.completionPerMTok !== null) && /^per (prompt|completion) token$/.test(sp?.unit ?? '');
  if (sp && !perTokenShown) parts.push(`from ${startingPriceLabel(opts.brief ? { ...sp, unit: briefUnit(sp.unit) } : sp)}`);
  const perM = perMTokLabel(p);
  if (perM !== NONE) parts.push(perM);
  return parts.join(' · ');
}

interface Listed {
  id: string;
  name: string;
  type: ProductCardView['type'];
  rank: number;
  pricing: PricingView;
}

function itemOf(r: Listed, why: string): CardItem {
  return {
    id: r.id,
    name: r.name,
    fields: [f('type', 'Type', typeLabel(r.type)), f('rank', 'UnfragileRank', rankLabel(r.rank)), f('price', 'Price', priceSummary(r.pricing, { brief: true }))],
    why: why || 'related',
  };
}

/** The entries of an alternatives or search card, in the view's order; null for other cards. */
export function itemsOf(v: AlternativesView | SearchView): CardItem[] {
  return v.kind === 'alternatives'
    ? v.alternatives.map((a) => itemOf(a, a.reasons.join(', ')))
    : v.results.map((r) => itemOf(r, r.matched.join('; ')));
}

/** The score breakdown's parts with their labels ("Prior" for the prior). */
export function breakdownParts(v: ProductView): Array<{ label: string; points: number; note: string }> {
  return v.breakdown.map((b) => ({ label: b.part === 'prior' ? 'Prior' : SIGNAL_LABELS[b.part], points: b.points, note: b.note }));
}
