/**
 * Block Kit rendering of the neutral views. Every Slack limit lives in SLACK_LIMITS; the
 * renderer cuts to them visibly ("…", "…and 3 more") and fitsSlackLimits() checks the result.
 * Catalog text is escaped (&, <, >), mrkdwn control characters in it are replaced by
 * look-alikes, and broadcast words cannot ping.
 */
import type { types } from '@slack/bolt';
import { SIGNALS } from '../../core/domain.js';
import {
  callLabel,
  capabilitiesCountLabel,
  cardSignalLabel,
  factLabel,
  footerLabel,
  NONE,
  offerLabel,
  offersHeading,
  rankLabel,
  SIGNAL_LABELS,
  truncate,
  typeLabel,
  understandingLabel,
  signalDetailLabel,
  thinNotes,
} from '../../core/format.js';
import { sanitizeText } from '../../core/text.js';
import type {
  AlternativesView,
  CompareView,
  ErrorView,
  HelpView,
  ProductCardView,
  ProductView,
  ResolutionView,
  ResolveView,
  SearchView,
  TopView,
  View,
} from '../../core/views.js';
import type { Capability } from '../../core/domain.js';
import { encodeAction, type Action, type ActionStateStore } from '../../chat/actions.js';
import { present, type Card, type CardPage, type MatrixSplit } from '../../chat/card.js';
import { breakdownParts, type CardColumn, type CardField, type CardItem, type CardSection } from '../../chat/fields.js';
import { SLACK_ACTIONS } from './actions.js';
import { renderSlackSubscriptionView } from './subscriptions.js';

export type SlackBlock = types.KnownBlock;
type Button = types.Button;
type PlainText = types.PlainTextElement;
type Mrkdwn = types.MrkdwnElement;

export interface SlackMessage {
  /** plain fallback for notifications and clients without Block Kit */
  text: string;
  blocks: SlackBlock[];
}

/** Slack's Block Kit limits, and the share of them this renderer allows itself. */
export const SLACK_LIMITS = {
  /** blocks in one message */
  blocks: 50,
  /** blocks in a Home tab or modal view */
  viewBlocks: 100,
  /** text of a section block */
  sectionText: 3000,
  /** fields in a section block */
  fields: 10,
  /** text of one section field */
  fieldText: 2000,
  /** text of a header block (plain_text) */
  headerText: 150,
  /** text of a button (plain_text) */
  buttonText: 75,
  actionId: 255,
  blockId: 255,
  /** value of a button */
  buttonValue: 2000,
  /** a button's url and an image block's image_url */
  url: 3000,
  /** an image block's alt_text */
  altText: 2000,
  /** elements in an actions block */
  actionsElements: 25,
  /** elements in a context block */
  contextElements: 10,
  /** text of a context element */
  contextText: 2000,
  /** placeholder of a select */
  placeholderText: 150,
  /** options in a select menu */
  selectOptions: 100,
  optionText: 75,
  optionValue: 150,
  /** Slack truncates message text beyond this; every message must stay well under it */
  messageChars: 12_000,
  /** what this renderer allows a whole message (all text objects plus the fallback) */
  messageBudget: 10_000,
  /** the plain fallback text */
  fallbackText: 500,
  /** what this renderer allows a whole Home tab view (views have no message text limit) */
  viewBudget: 24_000,
} as const;

/** Presentation choices of this renderer (not Slack limits). */
export const SLACK_RENDER = {
  /** each of a capability's description, unique and vs-alternatives lines */
  capabilityPart: 500,
  /** did-you-mean buttons */
  candidates: 5,
  /** evidence lines per signal on the product card */
  evidenceLines: 3,
  /** providers listed by name on the product card */
  providers: 12,
  /** curated facts linked to their pages on the product card's "Sources" line */
  sources: 8,
  /** capability labels per line of the capability matrix */
  matrixLabels: 15,
  /** product name inside a field or a line */
  name: 150,
  /** description on the product card */
  description: 900,
  /** the "why" line of one search result */
  searchWhy: 400,
  /** offer lines on the product card, and per product on the compare card */
  offers: 8,
  offersInCard: 4,
  /** buttons under a search that found nothing, one per suggested capability */
  suggestionButtons: 3,
} as const;

// ---------------------------------------------------------------------------------------------
// escaping

const MRKDWN_LOOKALIKES: Record<string, string> = {
  '*': '\u2217', // ∗ asterisk operator
  _: '\u02cd', // ˍ modifier letter low macron
  '~': '\u223c', // ∼ tilde operator
  '`': '\u02cb', // ˋ modifier letter grave accent
};
const WORD_JOINER = '\u2060';
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const BROADCAST = /@(channel|here|everyone)\b/gi;

/** Sanitised (bidi controls, zero-width characters, lone surrogates); &, < and > as Slack entities; "@here"-style words broken so they cannot notify. */
export function escapeText(s: string): string {
  return sanitizeText(s)
    .replace(CONTROL, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(BROADCAST, `@${WORD_JOINER}$1`);
}

/** an underscore inside a word ("tool_choice") cannot open or close italics, so it stays */
const FORMATTING = /[*~`]|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu;

/** Catalog text for mrkdwn: escaped, and *, _, ~, ` replaced so names cannot format the message. */
export function escapeMrkdwn(s: string): string {
  return escapeText(s).replace(FORMATTING, (c) => MRKDWN_LOOKALIKES[c]!);
}

/** "[label](url)" from Markdown sources reduced to its label. */
function markdownLinksToText(s: string): string {
  return s.replace(/\[([^\]\n]{1,200})\]\([^)\s]{0,500}\)/g, '$1');
}

/** Text for plain_text objects (headers, buttons, options): no markup applies, but no mention forms either. */
export function plainSafe(s: string): string {
  return sanitizeText(s)
    .replace(CONTROL, '')
    .replace(/<(?=[!@#]|[a-z][a-z0-9+.-]*:)/gi, '\u2039')
    .replace(BROADCAST, `@${WORD_JOINER}$1`);
}

// ---------------------------------------------------------------------------------------------
// block helpers

export function plain(text: string, max: number): PlainText {
  return { type: 'plain_text', text: truncate(plainSafe(text), max) || NONE };
}

function mrkdwn(text: string, max: number): Mrkdwn {
  return { type: 'mrkdwn', text: truncate(text, max) || NONE };
}

function header(text: string): SlackBlock {
  return { type: 'header', text: plain(text, SLACK_LIMITS.headerText) };
}

function section(text: string): SlackBlock {
  return { type: 'section', text: mrkdwn(text, SLACK_LIMITS.sectionText) };
}

function fieldsSection(fields: string[]): SlackBlock {
  const shown = fields.slice(0, SLACK_LIMITS.fields);
  return { type: 'section', fields: shown.map((f) => mrkdwn(f, SLACK_LIMITS.fieldText)) };
}

function context(texts: string[]): SlackBlock {
  return {
    type: 'context',
    elements: texts.slice(0, SLACK_LIMITS.contextElements).map((t) => mrkdwn(t, SLACK_LIMITS.contextText)),
  };
}

const divider: SlackBlock = { type: 'divider' };

/**
 * A Card's action as a button: the action in the one codec as its value (Slack carries up to
 * 2,000 characters back, so no store is needed for any action of ours; one that still does not fit
 * is left out). Every button of a message gets its own action_id suffix.
 */
function actionButton(a: Action, index: number, ctx: RenderContext, text = a.label): Button | null {
  const value = encodeAction(a, SLACK_LIMITS.buttonValue, ctx.actions ?? null);
  if (value === null) return null;
  return {
    type: 'button',
    text: plain(text, SLACK_LIMITS.buttonText),
    action_id: `${SLACK_ACTIONS.act}:${index}`.slice(0, SLACK_LIMITS.actionId),
    value,
    ...(a.style ? { style: a.style } : {}),
  };
}

/** A link button to the card's web page, when PUBLIC_URL gave it one. */
function pageButton(page: CardPage | null): Button[] {
  const url = page?.url;
  return page && url && /^https?:\/\/\S+$/.test(url) && url.length <= SLACK_LIMITS.url
    ? [{ type: 'button', text: plain(page.label, SLACK_LIMITS.buttonText), action_id: SLACK_ACTIONS.page, url }]
    : [];
}

/** The rank-history chart at its public address, when PUBLIC_URL gave it one. */
function chartImage(page: CardPage | null, alt: string): SlackBlock[] {
  const url = page?.chart;
  return url && /^https?:\/\/\S+$/.test(url) && url.length <= SLACK_LIMITS.url
    ? [{ type: 'image', image_url: url, alt_text: truncate(alt, SLACK_LIMITS.altText) }]
    : [];
}

/** The Card's actions that belong to no list entry, as one actions block (null when none). */
function actionsBlock(card: Card, ctx: RenderContext, skip: (a: Action) => boolean = (a) => a.item !== undefined && itemPlaced(card, a)): SlackBlock | null {
  const buttons = card.actions
    .map((a, i) => (skip(a) ? null : actionButton(a, i, ctx)))
    .filter((b): b is Button => b !== null);
  return actions([...buttons, ...pageButton(card.page)]);
}

/** Slack shows a control beside a list entry (a section accessory): alternatives and search results. */
function itemPlaced(card: Card, a: Action): boolean {
  return (card.view.kind === 'alternatives' || card.view.kind === 'search') && a.item !== undefined;
}

/** The accessory of a list entry: its action, under the short label. */
function itemButton(card: Card, item: string, ctx: RenderContext): Button | undefined {
  const i = card.actions.findIndex((a) => a.item === item);
  if (i < 0) return undefined;
  const a = card.actions[i]!;
  return actionButton(a, i, ctx, a.short ?? a.label) ?? undefined;
}

function actions(elements: types.ActionsBlockElement[]): SlackBlock | null {
  if (elements.length === 0) return null;
  return { type: 'actions', elements: elements.slice(0, SLACK_LIMITS.actionsElements) };
}

function footer(asOf: string | null, sources: string[]): SlackBlock {
  return context([escapeMrkdwn(footerLabel(asOf, sources))]);
}

function moreNote(n: number, what: string, hint = ''): string {
  return `…and ${n} more ${what}${hint ? ` ${hint}` : ''}`;
}

/** Joins labels with ", ", showing at most `max` and saying how many were left out. */
function labelList(labels: string[], max: number): string {
  if (labels.length === 0) return NONE;
  const shown = labels.slice(0, max).map(escapeMrkdwn).join(', ');
  return labels.length > max ? `${shown} ${moreNote(labels.length - max, '')}`.trimEnd() : shown;
}

const name = (s: string) => escapeMrkdwn(truncate(s, SLACK_RENDER.name));

function fallback(...parts: string[]): string {
  return truncate(escapeMrkdwn(parts.filter(Boolean).join(' · ')), SLACK_LIMITS.fallbackText);
}

// ---------------------------------------------------------------------------------------------
// measuring

/** Characters of visible text in a block tree: every text object, header and option label. */
export function textLength(node: unknown): number {
  if (Array.isArray(node)) return node.reduce((n: number, x) => n + textLength(x), 0);
  if (node === null || typeof node !== 'object') return 0;
  const o = node as Record<string, unknown>;
  if ((o.type === 'plain_text' || o.type === 'mrkdwn') && typeof o.text === 'string') return o.text.length;
  let n = 0;
  for (const [k, v] of Object.entries(o)) if (k !== 'value' && k !== 'action_id' && k !== 'block_id') n += textLength(v);
  return n;
}

export function messageLength(message: SlackMessage): number {
  return message.text.length + textLength(message.blocks);
}

/** Fills blocks into what is left of a message's block and character budget. */
class Budget {
  constructor(
    public blocks: number,
    public chars: number,
  ) {}
  fits(block: SlackBlock, reserveBlocks = 0, reserveChars = 0): boolean {
    return this.blocks - reserveBlocks >= 1 && this.chars - reserveChars >= textLength(block);
  }
  take(block: SlackBlock): SlackBlock {
    this.blocks -= 1;
    this.chars -= textLength(block);
    return block;
  }
}

// ---------------------------------------------------------------------------------------------
// capabilities

function capabilityText(c: Capability, i: number): string {
  const part = (s: string) => escapeMrkdwn(truncate(s, SLACK_RENDER.capabilityPart));
  const lines = [`*${i + 1}. ${part(c.title)}*`];
  if (c.description) lines.push(part(c.description));
  if (c.unique) lines.push(`*Unique:* ${part(c.unique)}`);
  if (c.vsAlternatives) lines.push(`*vs alternatives:* ${part(c.vsAlternatives)}`);
  return lines.join('\n');
}

/**
 * One product's capability sections, as many as the budget allows, then a visible note
 * saying how many were left out (reserving room for that note up front).
 */
function capabilityBlocks(productName: string, caps: Capability[], budget: Budget, hint: string): SlackBlock[] {
  const out: SlackBlock[] = [];
  const head = section(`*${name(productName)} Capabilities* (${capabilitiesCountLabel(caps.length)})`);
  const noteSize = moreNote(caps.length, 'capabilities', hint).length + 10;
  if (!budget.fits(head, 1, noteSize)) return out;
  out.push(budget.take(head));
  if (caps.length === 0) {
    out.push(budget.take(context(['No capabilities recorded.'])));
    return out;
  }
  let shown = 0;
  for (const [i, c] of caps.entries()) {
    const block = section(capabilityText(c, i));
    const last = i === caps.length - 1;
    if (!budget.fits(block, last ? 0 : 1, last ? 0 : noteSize)) break;
    out.push(budget.take(block));
    shown++;
  }
  if (shown < caps.length) out.push(budget.take(context([moreNote(caps.length - shown, 'capabilities', hint)])));
  return out;
}

/** Full capability lists of one or more products (the "Capabilities" button). */
export function renderCapabilities(products: Array<{ name: string; capabilities: Capability[] }>): SlackMessage {
  const title = `Capabilities: ${products.map((p) => p.name).join(' vs ')}`;
  const blocks: SlackBlock[] = [header(title)];
  const text = fallback(title);
  const budget = new Budget(SLACK_LIMITS.blocks - blocks.length, SLACK_LIMITS.messageBudget - text.length - textLength(blocks));
  products.forEach((p, i) => {
    const share = new Budget(
      Math.floor(budget.blocks / (products.length - i)),
      Math.floor(budget.chars / (products.length - i)),
    );
    const before = { ...share };
    const out = capabilityBlocks(p.name, p.capabilities, share, '');
    budget.blocks -= before.blocks - share.blocks;
    budget.chars -= before.chars - share.chars;
    blocks.push(...out);
  });
  return { text, blocks };
}

// ---------------------------------------------------------------------------------------------
// views

export interface RenderContext {
  /** the command and raw options that produced the view; did-you-mean buttons re-run it */
  command?: string;
  options?: Record<string, unknown>;
  /** where actions too long for a button value wait (none needed for ours) */
  actions?: ActionStateStore | null;
}

/** "*Offers (2, USD per 1M tokens)*" and one line per offer, at most `max`; empty when there are none. */
function offerLines(c: ProductCardView, max: number): string[] {
  if (c.offers.length === 0) return [];
  const lines = [`*${offersHeading(c.offers.length)}*`, ...c.offers.slice(0, max).map((o) => `• ${escapeMrkdwn(offerLabel(o))}`)];
  if (c.offers.length > max) lines.push(`• ${moreNote(c.offers.length - max, 'offers')}`);
  return lines;
}

/** Labelled fields as "*Label:* value" lines. */
function fieldLines(fields: readonly CardField[]): string[] {
  return fields.map((f) => `*${f.label}:* ${escapeMrkdwn(f.value)}`);
}

/** One compared item's column: its name, the seed's fields and its offers. */
function columnText(col: CardColumn, c: ProductCardView): string {
  return [`*${name(col.name)}*`, ...fieldLines(col.fields), ...offerLines(c, SLACK_RENDER.offersInCard)].join('\n');
}

function matrixText(v: CompareView, m: MatrixSplit): string {
  const lines = ['*Capability matrix*', `*Shared:* ${labelList(m.shared, SLACK_RENDER.matrixLabels)}`];
  for (const o of m.only) lines.push(`*Only in ${name(o.name)}:* ${labelList(o.labels, SLACK_RENDER.matrixLabels)}`);
  if (m.some.length) {
    const names = new Map(v.products.map((p) => [p.id, truncate(p.name, 30)]));
    lines.push(`*In some:* ${labelList(m.some.map((r) => `${r.label} (${r.ids.map((id) => names.get(id)).join(', ')})`), SLACK_RENDER.matrixLabels)}`);
  }
  return lines.join('\n');
}

function renderCompare(v: CompareView, card: Card, ctx: RenderContext): SlackMessage {
  const text = fallback(v.title, v.summary);
  const top: SlackBlock[] = [header(card.title ?? v.title), section(escapeMrkdwn(v.summary)), fieldsSection((card.columns ?? []).map((col, i) => columnText(col, v.products[i]!)))];
  const call = callLabel(v.call);
  top.push(section(`*Verdict*${call ? ` (${call})` : ''}\n${escapeMrkdwn(v.verdict)}`));
  if (card.matrix) top.push(section(matrixText(v, card.matrix)));
  top.push(divider);
  const buttons = actionsBlock(card, ctx);
  const tail = [...chartImage(card.page, `Rank history: ${v.title}`), ...(buttons ? [buttons] : []), footer(v.asOf, v.sources)];
  const budget = new Budget(
    SLACK_LIMITS.blocks - top.length - tail.length,
    SLACK_LIMITS.messageBudget - text.length - textLength(top) - textLength(tail),
  );
  const middle: SlackBlock[] = [];
  v.products.forEach((p, i) => {
    const left = v.products.length - i;
    const share = new Budget(Math.floor(budget.blocks / left), Math.floor(budget.chars / left));
    const start = { blocks: share.blocks, chars: share.chars };
    middle.push(...capabilityBlocks(p.name, p.capabilities, share, '(press Capabilities)'));
    budget.blocks -= start.blocks - share.blocks;
    budget.chars -= start.chars - share.chars;
  });
  return { text, blocks: [...top, ...middle, ...tail] };
}

/** "*1. Name* · Model · 45/100 · Freemium" and the reasons under it. */
function itemText(item: CardItem, i: number, whyMax: number): string {
  return `*${i + 1}. ${name(item.name)}* · ${item.fields.map((f) => escapeMrkdwn(f.value)).join(' · ')}\n_why:_ ${escapeMrkdwn(truncate(item.why, whyMax))}`;
}

function renderAlternatives(v: AlternativesView, card: Card, ctx: RenderContext): SlackMessage {
  const filters = [v.filters.cheaper ? 'cheaper only' : '', v.filters.type ? `${v.filters.type}s only` : ''].filter(Boolean);
  const title = card.title ?? '';
  const text = fallback(title, v.alternatives.map((a) => a.name).join(', '));
  const blocks: SlackBlock[] = [
    header(title),
    context([`${name(v.product.name)}${v.product.job ? ` (${escapeMrkdwn(v.product.job)})` : ''} is at ${rankLabel(v.product.rank)}${filters.length ? ` · ${filters.join(', ')}` : ''}`]),
  ];
  if (card.empty) blocks.push(section(escapeMrkdwn(card.empty)));
  (card.items ?? []).forEach((item, i) => {
    blocks.push({
      type: 'section',
      text: mrkdwn(itemText(item, i, SLACK_LIMITS.sectionText), SLACK_LIMITS.sectionText),
      ...(itemButton(card, item.id, ctx) ? { accessory: itemButton(card, item.id, ctx)! } : {}),
    });
  });
  blocks.push(footer(v.asOf, v.sources));
  return { text, blocks };
}

/** A product card's sections as one block of section fields: each its title over "Label: value" lines. */
function sectionBlocks(sections: readonly CardSection[]): SlackBlock[] {
  if (sections.length === 0) return [];
  return [fieldsSection(sections.map((sec) => [`*${escapeMrkdwn(sec.title)}*`, ...sec.fields.map((f) => `${escapeMrkdwn(f.label)}: ${escapeMrkdwn(f.value)}`)].join('\n')))];
}

function renderProduct(v: ProductView, card: Card, ctx: RenderContext): SlackMessage {
  const c = v.card;
  const text = fallback(c.name, `${typeLabel(c.type)} · UnfragileRank ${rankLabel(c.rank)}`);
  const top: SlackBlock[] = [header(card.title ?? c.name)];
  if (v.description) top.push(section(escapeMrkdwn(truncate(markdownLinksToText(v.description), SLACK_RENDER.description))));
  top.push(...sectionBlocks(card.sections ?? []));
  const breakdown = breakdownParts(v)
    .map((b) => `${b.label} ${b.points}`)
    .join(' + ');
  const signalLines = [`*Score breakdown:* ${breakdown || NONE} = ${c.rank}`];
  for (const s of v.signals) {
    signalLines.push(`*${SIGNAL_LABELS[s.signal]}* ${signalDetailLabel(s.value, s.confidence)}`);
    for (const e of s.evidence.slice(0, SLACK_RENDER.evidenceLines)) signalLines.push(`• ${escapeMrkdwn(e)}`);
    if (s.evidence.length > SLACK_RENDER.evidenceLines) signalLines.push(`• ${moreNote(s.evidence.length - SLACK_RENDER.evidenceLines, 'evidence items')}`);
  }
  top.push(section(signalLines.join('\n')));
  const extra: string[] = [...offerLines(c, SLACK_RENDER.offers)];
  if (v.providers.length) extra.push(`*Providers:* ${labelList(v.providers, SLACK_RENDER.providers)}`);
  if (v.history.length > 1) extra.push(`*History:* ${v.history.map((h) => Math.round(h.score)).join(' → ')}`);
  if (v.facts.length) {
    const links = v.facts.slice(0, SLACK_RENDER.sources).map((f) => {
      const ok = /^https?:\/\/[^\s<>|]+$/.test(f.source) && f.source.length <= 1000;
      return ok ? `<${f.source}|${factLabel(f.field)}>` : factLabel(f.field);
    });
    const more = v.facts.length - links.length;
    extra.push(`*Sources:* ${links.join(' · ')}${more > 0 ? ` · ${moreNote(more, 'sources')}` : ''}`);
  }
  if (extra.length) top.push(section(extra.join('\n')));
  top.push(divider);
  const buttons = actionsBlock(card, ctx);
  const tail = [...chartImage(card.page, `Rank history: ${c.name}`), ...(buttons ? [buttons] : []), footer(v.asOf, v.sources)];
  const budget = new Budget(
    SLACK_LIMITS.blocks - top.length - tail.length,
    SLACK_LIMITS.messageBudget - text.length - textLength(top) - textLength(tail),
  );
  return { text, blocks: [...top, ...capabilityBlocks(c.name, c.capabilities, budget, ''), ...tail] };
}

function topLine(r: TopView['rows'][number]): string {
  const signals = SIGNALS.map((s) => `${SIGNAL_LABELS[s]} ${cardSignalLabel(r, s)}`).join(' · ');
  return `*${r.position}.* ${name(r.name)} · *${rankLabel(r.rank)}* · ${typeLabel(r.type)} · ${escapeMrkdwn(r.category)}\n      ${signals}`;
}

/** Lines packed into as few sections as their text limit allows. */
function packLines(lines: string[], max: number): SlackBlock[] {
  const out: SlackBlock[] = [];
  let cur = '';
  for (const line of lines) {
    const l = truncate(line, max);
    if (cur && cur.length + 1 + l.length > max) {
      out.push(section(cur));
      cur = '';
    }
    cur = cur ? `${cur}\n${l}` : l;
  }
  if (cur) out.push(section(cur));
  return out;
}

/** A static menu opening one product's card (the Top list and the Home tab use it). */
export function productMenu(rows: Array<{ id: string; name: string }>, actionId: string): types.StaticSelect | null {
  const options = rows
    .filter((r) => r.id.length <= SLACK_LIMITS.optionValue)
    .slice(0, SLACK_LIMITS.selectOptions)
    .map((r) => ({ text: plain(r.name, SLACK_LIMITS.optionText), value: r.id }));
  if (options.length === 0) return null;
  return { type: 'static_select', action_id: actionId, placeholder: plain('Open a product…', SLACK_LIMITS.placeholderText), options };
}

function renderTop(v: TopView, card: Card): SlackMessage {
  const title = card.title ?? '';
  const text = fallback(title, v.rows.slice(0, 3).map((r) => r.name).join(', '));
  const blocks: SlackBlock[] = [header(title), context([`${v.rows.length} of ${v.total} by UnfragileRank`])];
  if (card.empty) blocks.push(section(escapeMrkdwn(card.empty)));
  blocks.push(...packLines(v.rows.map(topLine), SLACK_LIMITS.sectionText));
  const notes = [...v.notes, ...thinNotes(v.rows)];
  if (notes.length) blocks.push(context(notes.map((n) => escapeMrkdwn(n))));
  const menu = productMenu(v.rows, `${SLACK_ACTIONS.open}:0`);
  if (menu) blocks.push(actions([menu])!);
  blocks.push(footer(v.asOf, v.sources));
  return { text, blocks };
}

function renderSearch(v: SearchView, card: Card, ctx: RenderContext): SlackMessage {
  const title = card.title ?? '';
  const text = fallback(title, v.results.slice(0, 3).map((r) => r.name).join(', '));
  const top: SlackBlock[] = [header(title)];
  const read = understandingLabel(v.understood);
  const about = [read ? `Read as: ${escapeMrkdwn(read)}` : '', v.results.length ? `${v.results.length} of ${v.total} found` : ''].filter(Boolean);
  if (about.length) top.push(context(about));
  if (v.notes.length) top.push(section(v.notes.map((n) => `:mag: ${escapeMrkdwn(n)}`).join('\n')));
  const tail: SlackBlock[] = [];
  // the card's other actions (compare the first two, alternatives, at most SLACK_RENDER.suggestionButtons suggestions) in one row
  let suggestions = 0;
  const row = actionsBlock(card, ctx, (a) => itemPlaced(card, a) || (a.command === 'search' && ++suggestions > SLACK_RENDER.suggestionButtons));
  if (row) tail.push(row);
  tail.push(footer(v.asOf, v.sources));
  const budget = new Budget(
    SLACK_LIMITS.blocks - top.length - tail.length,
    SLACK_LIMITS.messageBudget - text.length - textLength(top) - textLength(tail),
  );
  const middle: SlackBlock[] = [];
  const noteSize = moreNote(v.results.length, 'results').length + 10;
  for (const [i, r] of v.results.entries()) {
    const block: SlackBlock = {
      type: 'section',
      text: mrkdwn(itemText(card.items![i]!, i, SLACK_RENDER.searchWhy), SLACK_LIMITS.sectionText),
      ...(itemButton(card, r.id, ctx) ? { accessory: itemButton(card, r.id, ctx)! } : {}),
    };
    const last = i === v.results.length - 1;
    if (!budget.fits(block, last ? 0 : 1, last ? 0 : noteSize)) {
      middle.push(budget.take(context([moreNote(v.results.length - i, 'results')])));
      break;
    }
    middle.push(budget.take(block));
  }
  return { text, blocks: [...top, ...middle, ...tail] };
}

/** "Did you mean": the first SLACK_RENDER.candidates choices fit one actions block beside the question. */
function renderResolution(v: ResolutionView, card: Card, ctx: RenderContext): SlackMessage {
  const text = fallback(v.message);
  const blocks: SlackBlock[] = [section(`:mag: ${escapeMrkdwn(v.message)}`)];
  const candidates = v.candidates.slice(0, SLACK_RENDER.candidates);
  const buttons = card.actions
    .slice(0, SLACK_RENDER.candidates)
    .map((a, i) => actionButton(a, i, ctx))
    .filter((b): b is Button => b !== null);
  if (buttons.length) blocks.push(actions(buttons)!);
  else if (candidates.length) {
    blocks.push(section(candidates.map((c, i) => `${i + 1}. ${name(c.name)}`).join('\n')));
  }
  if (v.candidates.length > candidates.length) blocks.push(context([moreNote(v.candidates.length - candidates.length, 'matches')]));
  return { text, blocks };
}

function renderResolve(v: ResolveView): SlackMessage {
  const lines = [`*${v.status}*${v.match ? `: ${name(v.match.name)}` : ''}`];
  for (const c of v.candidates) lines.push(`${c.score.toFixed(2)} · ${name(c.name)}`);
  return { text: fallback(`${v.status} ${v.match?.name ?? ''}`), blocks: [section(lines.join('\n'))] };
}

function renderHelp(v: HelpView): SlackMessage {
  const lines = v.commands.map((c) => `\`${escapeText(c.usage)}\` ${escapeText(c.description)}`);
  const blocks: SlackBlock[] = [section(`*Matchgraph* compares AI models and products.\n${lines.join('\n')}`)];
  if (v.notes.length) blocks.push(context(v.notes.map(escapeText)));
  return { text: fallback('Matchgraph help'), blocks };
}

function renderError(v: ErrorView): SlackMessage {
  const icon = v.code === 'internal' ? ':x:' : ':warning:';
  return { text: fallback(v.message), blocks: [section(`${icon} ${escapeMrkdwn(v.message)}`)] };
}

/** A view as a Slack message: renderSlackCard(present(view)), with the run behind it for did-you-mean choices. */
export function renderSlack(view: View, ctx: RenderContext = {}): SlackMessage {
  return renderSlackCard(present(view, { invocation: ctx.command ? { command: ctx.command, options: ctx.options ?? {} } : undefined }), ctx);
}

export function renderSlackCard(card: Card, ctx: RenderContext = {}): SlackMessage {
  const view = card.view;
  switch (view.kind) {
    case 'compare':
      return renderCompare(view, card, ctx);
    case 'alternatives':
      return renderAlternatives(view, card, ctx);
    case 'product':
      return renderProduct(view, card, ctx);
    case 'top':
      return renderTop(view, card);
    case 'search':
      return renderSearch(view, card, ctx);
    case 'capabilities':
      return renderCapabilities(view.products);
    case 'resolution':
      return renderResolution(view, card, ctx);
    case 'resolve':
      return renderResolve(view);
    case 'help':
      return renderHelp(view);
    case 'error':
      return renderError(view);
    case 'subscribed':
    case 'unsubscribed':
    case 'subscriptions':
      return renderSlackSubscriptionView(view, ctx);
  }
}

// ---------------------------------------------------------------------------------------------
// limit check

export interface LimitOptions {
  /** 50 for messages, 100 for Home tabs and modals */
  maxBlocks?: number;
  /** total text allowed (defaults to the renderer's message budget) */
  maxChars?: number;
}

function textOf(o: unknown): string | null {
  return o && typeof o === 'object' && typeof (o as { text?: unknown }).text === 'string' ? (o as { text: string }).text : null;
}

/** Every way a message breaks a Slack limit, as readable strings (empty when it fits). */
export function slackLimitProblems(message: { text?: string; blocks: unknown[] }, opts: LimitOptions = {}): string[] {
  const maxBlocks = opts.maxBlocks ?? SLACK_LIMITS.blocks;
  const maxChars = opts.maxChars ?? SLACK_LIMITS.messageBudget;
  const problems: string[] = [];
  const L = SLACK_LIMITS;
  if (message.blocks.length > maxBlocks) problems.push(`${message.blocks.length} blocks > ${maxBlocks}`);
  if (message.text !== undefined && message.text.length > L.fallbackText) problems.push(`fallback text ${message.text.length} > ${L.fallbackText}`);
  const actionIds = new Set<string>();
  const checkText = (where: string, t: unknown, max: number) => {
    const s = textOf(t);
    if (s === null) problems.push(`${where}: missing text`);
    else if (s.length === 0) problems.push(`${where}: empty text`);
    else if (s.length > max) problems.push(`${where}: ${s.length} characters > ${max}`);
  };
  const checkElement = (where: string, e: Record<string, unknown>) => {
    if (typeof e.action_id === 'string') {
      if (e.action_id.length > L.actionId) problems.push(`${where}: action_id longer than ${L.actionId}`);
      if (actionIds.has(e.action_id)) problems.push(`${where}: duplicate action_id ${e.action_id}`);
      actionIds.add(e.action_id);
    }
    if (e.type === 'button') {
      checkText(`${where} button`, e.text, L.buttonText);
      if (typeof e.url === 'string' && e.url.length > L.url) problems.push(`${where}: button url ${e.url.length} > ${L.url}`);
      if (typeof e.value === 'string' && e.value.length > L.buttonValue) problems.push(`${where}: button value ${e.value.length} > ${L.buttonValue}`);
    }
    if (e.type === 'static_select' || e.type === 'external_select') {
      if (e.placeholder) checkText(`${where} placeholder`, e.placeholder, L.placeholderText);
      const options = (e.options as Array<{ text: unknown; value: string }> | undefined) ?? [];
      if (options.length > L.selectOptions) problems.push(`${where}: ${options.length} options > ${L.selectOptions}`);
      options.forEach((o, i) => {
        checkText(`${where} option ${i}`, o.text, L.optionText);
        if (o.value.length > L.optionValue) problems.push(`${where} option ${i}: value ${o.value.length} > ${L.optionValue}`);
      });
    }
  };
  message.blocks.forEach((raw, i) => {
    const b = raw as Record<string, unknown>;
    const where = `block ${i} (${String(b.type)})`;
    if (typeof b.block_id === 'string' && b.block_id.length > L.blockId) problems.push(`${where}: block_id too long`);
    switch (b.type) {
      case 'header':
        checkText(where, b.text, L.headerText);
        break;
      case 'section': {
        const fields = b.fields as unknown[] | undefined;
        if (!b.text && !fields?.length) problems.push(`${where}: neither text nor fields`);
        if (b.text) checkText(where, b.text, L.sectionText);
        if (fields) {
          if (fields.length > L.fields) problems.push(`${where}: ${fields.length} fields > ${L.fields}`);
          fields.forEach((f, j) => checkText(`${where} field ${j}`, f, L.fieldText));
        }
        if (b.accessory) checkElement(`${where} accessory`, b.accessory as Record<string, unknown>);
        break;
      }
      case 'context': {
        const els = (b.elements as unknown[]) ?? [];
        if (els.length === 0 || els.length > L.contextElements) problems.push(`${where}: ${els.length} elements (1-${L.contextElements})`);
        els.forEach((e, j) => checkText(`${where} element ${j}`, e, L.contextText));
        break;
      }
      case 'actions': {
        const els = (b.elements as Array<Record<string, unknown>>) ?? [];
        if (els.length === 0 || els.length > L.actionsElements) problems.push(`${where}: ${els.length} elements (1-${L.actionsElements})`);
        els.forEach((e, j) => checkElement(`${where} element ${j}`, e));
        break;
      }
      case 'divider':
        break;
      case 'image':
        if (typeof b.image_url !== 'string' || b.image_url.length > L.url) problems.push(`${where}: image_url missing or longer than ${L.url}`);
        if (typeof b.alt_text !== 'string' || b.alt_text.length === 0 || b.alt_text.length > L.altText) problems.push(`${where}: alt_text missing or longer than ${L.altText}`);
        break;
      default:
        problems.push(`${where}: block type not expected from this renderer`);
    }
  });
  const total = (message.text?.length ?? 0) + textLength(message.blocks);
  if (total > maxChars) problems.push(`${total} characters of text > ${maxChars}`);
  return problems;
}

export function fitsSlackLimits(message: { text?: string; blocks: unknown[] }, opts: LimitOptions = {}): boolean {
  return slackLimitProblems(message, opts).length === 0;
}
