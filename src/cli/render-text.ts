/**
 * Renders neutral views as plain text for the terminal.
 */
import {
  cardSignalLabel,
  factLabel,
  footerLabel,
  NONE,
  offerLabel,
  offersHeading,
  rankLabel,
  typeLabel,
  SIGNAL_LABELS,
  truncate,
  understandingLabel,
  signalDetailLabel,
  thinNotes,
} from '../core/format.js';
import { present, type Card } from '../chat/card.js';
import { breakdownParts, type CardColumn, type CardItem } from '../chat/fields.js';
import { SIGNALS } from '../core/domain.js';
import { sanitizeText } from '../core/text.js';
import type {
  AlternativesView,
  CapabilitiesView,
  CompareView,
  HelpView,
  ProductCardView,
  ProductView,
  ResolutionView,
  ResolveView,
  SearchView,
  TopView,
  View,
} from '../core/views.js';

/** Widest column the card table uses, so long names do not wrap the terminal. */
export const TEXT_LIMITS = { column: 40, label: 16, evidenceLines: 4, offers: 8 } as const;

/** Terminal-safe: sanitised (bidi controls, zero-width characters, lone surrogates), control characters (escape sequences) dropped. */
function clean(s: string): string {
  // eslint-disable-next-line no-control-regex
  return sanitizeText(s).replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}

function table(rows: string[][]): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

function col(s: string): string {
  return truncate(clean(s), TEXT_LIMITS.column);
}

/** The seed's fields as a table, one column per compared item; an Offers count row when any has offers. */
function cardRows(columns: readonly CardColumn[], cards: readonly ProductCardView[]): string[][] {
  const rows: string[][] = [['', ...columns.map((c) => col(c.name))]];
  columns[0]?.fields.forEach((f, i) => rows.push([f.label, ...columns.map((c) => col(c.fields[i]!.value))]));
  if (cards.some((c) => c.offers.length)) rows.splice(rows.length - 1, 0, ['Offers', ...cards.map((c) => String(c.offers.length))]);
  return rows;
}

/** "Offers (2, USD per 1M tokens)" and one line per offer, at most TEXT_LIMITS.offers; none when there are no offers. */
function offersText(card: ProductCardView, title = ''): string[] {
  if (card.offers.length === 0) return [];
  const lines = [`${title}${offersHeading(card.offers.length)}`];
  for (const o of card.offers.slice(0, TEXT_LIMITS.offers)) lines.push(`  - ${clean(offerLabel(o))}`);
  if (card.offers.length > TEXT_LIMITS.offers) lines.push(`  …and ${card.offers.length - TEXT_LIMITS.offers} more`);
  return lines;
}

function capabilitiesText(card: Pick<ProductCardView, 'name' | 'capabilities'>): string {
  const lines = [`${clean(card.name)} Capabilities`];
  card.capabilities.forEach((c, i) => {
    lines.push(`${i + 1}. ${clean(c.title)}`);
    lines.push(`   ${clean(c.description)}`);
    lines.push(`   Unique: ${clean(c.unique)}`);
    lines.push(`   vs alternatives: ${clean(c.vsAlternatives)}`);
  });
  return lines.join('\n');
}

function renderCompare(v: CompareView, card: Card): string {
  const m = card.matrix;
  const parts = [clean(v.title), clean(v.summary), '', table(cardRows(card.columns ?? [], v.products))];
  parts.push(...thinNotes(v.products));
  parts.push('');
  for (const c of v.products) {
    const offers = offersText(c, `${clean(c.name)} · `);
    if (offers.length) parts.push(...offers, '');
  }
  for (const c of v.products) parts.push(capabilitiesText(c), '');
  if (m) {
    parts.push('Capability matrix');
    parts.push(`  Shared: ${m.shared.length ? m.shared.join(', ') : NONE}`);
    for (const o of m.only) parts.push(`  Only ${clean(o.name)}: ${o.labels.length ? o.labels.join(', ') : NONE}`);
    if (m.some.length) {
      const names = new Map(v.products.map((p) => [p.id, clean(p.name)]));
      parts.push(`  In some: ${m.some.map((r) => `${r.label} (${r.ids.map((id) => names.get(id)).join(', ')})`).join('; ')}`);
    }
    parts.push('');
  }
  parts.push('Verdict', clean(v.verdict), '', footerLabel(v.asOf, v.sources));
  if (v.links) parts.push(`Full comparison: ${clean(v.links.page)}`);
  return parts.join('\n');
}

/** "Name · Model · 45/100 · Freemium · from $20 per month". */
function itemLine(item: CardItem): string {
  return [col(item.name), ...item.fields.map((f) => clean(f.value))].join(' · ');
}

function renderAlternatives(v: AlternativesView, card: Card): string {
  const filters = [v.filters.cheaper ? 'cheaper only' : '', v.filters.type ? `${v.filters.type}s only` : ''].filter(Boolean);
  const job = v.product.job ? `${clean(v.product.job)} · ` : '';
  const head = `${clean(card.title ?? '')} (${job}${rankLabel(v.product.rank)})${filters.length ? ` · ${filters.join(', ')}` : ''}`;
  if (card.empty) return `${head}\n${card.empty}\n\n${footerLabel(v.asOf, v.sources)}`;
  const lines = (card.items ?? []).map((item, i) => `${i + 1}. ${itemLine(item)}\n   why: ${clean(item.why)}`);
  return [head, ...lines, '', footerLabel(v.asOf, v.sources)].join('\n');
}

function renderProduct(v: ProductView, card: Card): string {
  const c = v.card;
  const sections = card.sections ?? [];
  const lines = [
    `${clean(card.title ?? c.name)} · ${typeLabel(c.type)}${c.vendor ? ` by ${clean(c.vendor)}` : ''}`,
    clean(truncate(v.description, 600)),
    '',
    ...sections.map((sec) => sec.fields.map((f) => `${f.label}: ${clean(f.value)}`).join(' · ')),
    'Breakdown: ' + breakdownParts(v).map((b) => `${b.label} ${b.points}`).join(' + ') + ` = ${c.rank}`,
  ];
  for (const s of v.signals) {
    lines.push(`  ${SIGNAL_LABELS[s.signal]}: ${signalDetailLabel(s.value, s.confidence)}`);
    for (const e of s.evidence.slice(0, TEXT_LIMITS.evidenceLines)) lines.push(`    - ${clean(e)}`);
    if (s.evidence.length > TEXT_LIMITS.evidenceLines) lines.push(`    …and ${s.evidence.length - TEXT_LIMITS.evidenceLines} more`);
  }
  lines.push(
    '',
    ...offersText(c),
  );
  if (v.providers.length) lines.push(`Providers: ${v.providers.slice(0, 10).map(clean).join(', ')}${v.providers.length > 10 ? ` +${v.providers.length - 10} more` : ''}`);
  if (v.history.length > 1) lines.push(`History: ${v.history.map((h) => Math.round(h.score)).join(' → ')}`);
  if (v.facts.length) {
    lines.push('', 'Sources');
    for (const f of v.facts) lines.push(`  ${factLabel(f.field)}: ${clean(f.value)} — ${clean(f.source)} (checked ${f.date})`);
  }
  lines.push('', capabilitiesText(c), '', footerLabel(v.asOf, v.sources));
  if (v.links) lines.push(`Full page: ${clean(v.links.page)}`);
  return lines.join('\n');
}

function renderTop(v: TopView, card: Card): string {
  const head = `${clean(card.title ?? '')} of ${v.total}`;
  if (card.empty) return [head, card.empty, '', footerLabel(v.asOf, v.sources)].join('\n');
  const rows = [['#', 'Name', 'Rank', 'Adopt', 'Qual', 'Eco', 'Graph', 'Category']];
  for (const r of v.rows)
    rows.push([
      String(r.position),
      col(r.name),
      String(r.rank),
      ...SIGNALS.map((s) => cardSignalLabel(r, s)),
      col(r.category),
    ]);
  return [head, table(rows), ...v.notes.map((n) => clean(n)), ...thinNotes(v.rows), '', footerLabel(v.asOf, v.sources)].join('\n');
}

function renderSearch(v: SearchView, card: Card): string {
  const head = `${clean(truncate(card.title ?? '', 130))}${v.results.length ? ` · ${v.results.length} of ${v.total}` : ''}`;
  const read = understandingLabel(v.understood);
  const lines = [head];
  if (read) lines.push(`Read as: ${clean(read)}`);
  (card.items ?? []).forEach((item, i) => lines.push(`${String(i + 1).padStart(2)}. ${itemLine(item)}`, `    why: ${clean(item.why)}`));
  for (const n of v.notes) lines.push(clean(n));
  if (v.suggestions.length) lines.push(`Try: ${v.suggestions.map((s) => `/search ${s.label.toLowerCase()}`).join(' · ')}`);
  lines.push('', footerLabel(v.asOf, v.sources));
  return lines.join('\n');
}

function renderResolution(v: ResolutionView): string {
  const lines = [clean(v.message)];
  v.candidates.forEach((c, i) => lines.push(`  ${i + 1}. ${clean(c.name)}  (${c.id})`));
  return lines.join('\n');
}

function renderResolve(v: ResolveView): string {
  const lines = [`${v.status}${v.match ? `: ${clean(v.match.name)} (${v.match.id})` : ''}`];
  for (const c of v.candidates) lines.push(`  ${c.score.toFixed(2)}  ${clean(c.name)}  (${c.id})`);
  return lines.join('\n');
}

function renderHelp(v: HelpView): string {
  const width = Math.max(...v.commands.map((c) => c.usage.length));
  return ['Commands:', ...v.commands.map((c) => `  ${c.usage.padEnd(width)}  ${c.description}`), ...(v.notes.length ? ['', ...v.notes] : [])].join(
    '\n',
  );
}

/** The full capability lists (the Capabilities action, run as a command). */
function renderCapabilityLists(v: CapabilitiesView): string {
  return v.products.map((p) => capabilitiesText(p)).join('\n\n');
}

/** A view as terminal text: renderTextCard(present(view)). */
export function renderText(view: View): string {
  return renderTextCard(present(view));
}

/**
 * A Card as terminal text. A terminal has nothing to click, so the Card's actions are not shown:
 * each one is a command the user can type (the help lists them).
 */
export function renderTextCard(card: Card): string {
  const view = card.view;
  switch (view.kind) {
    case 'subscribed':
    case 'unsubscribed':
    case 'subscriptions':
      return clean(view.message);
    case 'capabilities':
      return renderCapabilityLists(view);
    case 'compare':
      return renderCompare(view, card);
    case 'alternatives':
      return renderAlternatives(view, card);
    case 'product':
      return renderProduct(view, card);
    case 'top':
      return renderTop(view, card);
    case 'search':
      return renderSearch(view, card);
    case 'resolution':
      return renderResolution(view);
    case 'resolve':
      return renderResolve(view);
    case 'help':
      return renderHelp(view);
    case 'error':
      return `Error: ${clean(view.message)}`;
  }
}
