/**
 * Neutral views -> Discord messages (raw API shape: embeds, button rows, allowed_mentions, flags).
 * Every piece of catalog or user text is escaped (markdown) and neutralised (mentions), and every
 * message is built within DISCORD_LIMITS, truncating visibly ("…and 3 more", "…").
 */
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  EmbedBuilder,
  MessageFlags,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  type APIEmbedField,
} from 'discord.js';
import {
  callLabel,
  capabilitiesCountLabel,
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
} from '../../core/format.js';
import { sanitizeText } from '../../core/text.js';
import type {
  AlternativesView,
  CapabilitiesView,
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
import { capabilitiesPageAction, present, type Card, type CardPage, type MatrixSplit } from '../../chat/card.js';
import { breakdownParts, type CardField, type CardItem } from '../../chat/fields.js';
import { DISCORD_LIMITS, embedsSize } from './limits.js';
import { renderSubscribed, renderSubscriptions, renderUnsubscribed } from './subscriptions.js';

export { DISCORD_LIMITS, discordLimitProblems, embedsSize, fitsDiscordLimits } from './limits.js';

const L = DISCORD_LIMITS;

export { RENDER_LAYOUT } from './layout.js';
import { RENDER_LAYOUT } from './layout.js';

export type ButtonRow = APIActionRowComponent<APIButtonComponent>;

/** A message in the raw API shape, ready for an interaction response or a webhook edit. */
export interface DiscordMessage {
  content?: string;
  embeds: APIEmbed[];
  components: ButtonRow[];
  allowed_mentions: { parse: [] };
  flags?: number;
}

export interface RenderContext {
  /** where actions too long for a custom_id wait for their click (none: such buttons are left out) */
  actions: ActionStateStore | null;
  /** renderView only: the run behind the view, which did-you-mean choices complete */
  invocation?: { command: string; options: Record<string, unknown> };
}

// ---------------------------------------------------------------- text safety

export { escapeText, neutraliseMentions } from './text.js';
import { escapeText, neutraliseMentions, ZWSP } from './text.js';

const cut = truncate;

/** Escaped catalog text within max characters (after escaping), cut visibly with "…". */
export function safe(raw: string, max: number): string {
  // escaping only ever lengthens text, so never escape more than max characters of it
  let out = raw.length <= max ? escapeText(raw) : '';
  if (raw.length <= max && out.length <= max) return out;
  let budget = Math.min(raw.length, max);
  for (let guard = 0; guard < 64; guard++) {
    out = escapeText(cut(raw, budget));
    // a cut may leave an escaping backslash in front of the ellipsis
    if (out.endsWith('\\…')) out = `${out.slice(0, -2)}…`;
    if (out.length <= max || budget <= 1) break;
    budget -= Math.max(1, out.length - max);
  }
  return out.length > max ? cut(out, max) : out;
}

/** Button labels are plain text: no markdown, but still no mentions, within 80 characters. */
function label(raw: string): string {
  // eslint-disable-next-line no-control-regex
  const s = neutraliseMentions(sanitizeText(raw).replace(/[\u0000-\u001f\u007f]/g, ' ').trim());
  return cut(s || '?', L.buttonLabel);
}

/** Joins as many lines as fit in max, then "…and N more". */
export function fitLines(lines: string[], max: number, sep = '\n'): string {
  if (lines.length === 0) return NONE;
  const all = lines.join(sep);
  if (all.length <= max) return all;
  const out: string[] = [];
  let len = 0;
  for (let i = 0; i < lines.length; i++) {
    const rest = lines.length - i;
    const more = `…and ${rest} more`;
    const add = (out.length ? sep.length : 0) + lines[i]!.length;
    const moreAfter = rest - 1 > 0 ? sep.length + `…and ${rest - 1} more`.length : 0;
    if (len + add + moreAfter > max) {
      out.push(more);
      break;
    }
    out.push(lines[i]!);
    len += add;
  }
  const text = out.join(sep);
  return text.length <= max ? text : cut(text, max);
}

function field(name: string, value: string, inline = false): APIEmbedField {
  return { name: cut(name || NONE, L.fieldName), value: cut(value.trim() === '' ? NONE : value, L.fieldValue), inline };
}

function footer(asOf: string | null, sources: string[], prefix?: string): { text: string } {
  const text = footerLabel(asOf, sources);
  return { text: safe(prefix ? `${prefix} · ${text}` : text, L.footer) };
}

function httpUrl(u: string | null): string | undefined {
  if (!u || u.length > 2048) return undefined;
  try {
    const p = new URL(u);
    return p.protocol === 'https:' || p.protocol === 'http:' ? p.toString() : undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------- limits enforcement

/**
 * Last line of defence for the 6,000-character budget: while the message is over, the longest
 * field value (or description) is cut at a line boundary and marked with "…".
 */
function shrinkToFit(embeds: APIEmbed[]): void {
  for (let guard = 0; guard < 200; guard++) {
    const excess = embedsSize({ embeds }) - L.embedsTotal;
    if (excess <= 0) return;
    let target: { e: APIEmbed; f: APIEmbedField | null; len: number } | null = null;
    for (const e of embeds) {
      const d = e.description?.length ?? 0;
      if (d > RENDER_LAYOUT.minShrunkField && (!target || d > target.len)) target = { e, f: null, len: d };
      for (const f of e.fields ?? [])
        if (f.value.length > RENDER_LAYOUT.minShrunkField && (!target || f.value.length > target.len)) target = { e, f, len: f.value.length };
    }
    if (!target) {
      // nothing long left to cut: drop trailing fields, saying so
      const e = [...embeds].reverse().find((x) => (x.fields ?? []).length > 1);
      if (!e) return;
      const dropped = e.fields!.pop()!;
      const last = e.fields![e.fields!.length - 1]!;
      last.value = cut(`${last.value}\n…and more (${cut(dropped.name, 40)})`, L.fieldValue);
      continue;
    }
    const goal = Math.max(RENDER_LAYOUT.minShrunkField, target.len - excess - 2);
    const text = target.f ? target.f.value : target.e.description!;
    const nl = text.lastIndexOf('\n', goal - 1);
    const next = nl > goal / 2 ? `${text.slice(0, nl)}\n…` : cut(text, goal);
    if (target.f) target.f.value = next;
    else target.e.description = next;
  }
}

function message(parts: { content?: string; embeds?: EmbedBuilder[]; rows?: ButtonRow[]; ephemeral?: boolean }): DiscordMessage {
  const embeds = (parts.embeds ?? []).slice(0, L.embeds).map((b) => b.toJSON());
  shrinkToFit(embeds);
  const msg: DiscordMessage = {
    embeds,
    components: (parts.rows ?? []).slice(0, L.rows),
    allowed_mentions: { parse: [] },
  };
  if (parts.content !== undefined) msg.content = cut(parts.content, L.content);
  if (parts.ephemeral) msg.flags = MessageFlags.Ephemeral;
  return msg;
}

function rowsOf(buttons: ButtonBuilder[]): ButtonRow[] {
  const rows: ButtonRow[] = [];
  for (let i = 0; i < buttons.length && rows.length < L.rows; i += L.buttonsPerRow) {
    rows.push(new ActionRowBuilder<ButtonBuilder>().addComponents(buttons.slice(i, i + L.buttonsPerRow)).toJSON() as ButtonRow);
  }
  return rows;
}

function button(customId: string, text: string, style: ButtonStyle = ButtonStyle.Secondary): ButtonBuilder {
  return new ButtonBuilder().setCustomId(customId).setLabel(label(text)).setStyle(style);
}

/** A link button to the card's web page (style Link: a url, no custom_id), when PUBLIC_URL gave it one. */
function pageButton(page: CardPage | null): ButtonBuilder[] {
  const url = page ? httpUrl(page.url) : undefined;
  return page && url && url.length <= L.buttonUrl ? [new ButtonBuilder().setURL(url).setLabel(label(page.label)).setStyle(ButtonStyle.Link)] : [];
}

/** A Card's action as a button; null when its id fits neither a custom_id nor the action store. */
function actionButton(a: Action, ctx: RenderContext): ButtonBuilder | null {
  const id = encodeAction(a, L.customId, ctx.actions);
  return id === null ? null : button(id, a.label, a.style === 'primary' ? ButtonStyle.Primary : ButtonStyle.Secondary);
}

/**
 * A Card's actions as button rows, in order. Discord shows no control beside an embed field, so
 * actions that belong to a list entry sit in the rows too, under their full label; rank-change
 * subscriptions start a row of their own.
 */
function actionRows(actions: readonly Action[], ctx: RenderContext, page: CardPage | null = null): ButtonRow[] {
  const groups: ButtonBuilder[][] = [[]];
  actions.forEach((a, i) => {
    if (i > 0 && a.command === 'subscribe' && actions[i - 1]!.command !== 'subscribe') groups.push([]);
    const b = actionButton(a, ctx);
    if (b) groups[groups.length - 1]!.push(b);
  });
  // the page link closes the first group, before the subscriptions' row
  groups[0]!.push(...pageButton(page));
  return groups.flatMap(rowsOf).slice(0, L.rows);
}

// ---------------------------------------------------------------- compare

/** Labelled fields as "**Label:** value" lines within max characters. */
function fieldLines(fields: readonly CardField[], max: number): string {
  return fitLines(
    fields.map((f) => `**${f.label}:** ${safe(f.value, 300)}`),
    max,
  );
}

/** One line per offer, at most RENDER_LAYOUT.offerLines, within max characters. */
function offerLines(p: ProductCardView, max: number): string {
  const lines = p.offers.slice(0, RENDER_LAYOUT.offerLines).map((o) => safe(offerLabel(o), 200));
  if (p.offers.length > RENDER_LAYOUT.offerLines) lines.push(`…and ${p.offers.length - RENDER_LAYOUT.offerLines} more`);
  return fitLines(lines, max);
}

function capabilityTitles(caps: Capability[], max: number): string {
  return fitLines(
    caps.map((c, i) => `${i + 1}. ${safe(c.title, 120)}`),
    max,
  );
}

function matrixFields(v: CompareView, m: MatrixSplit | null): APIEmbedField[] {
  if (!m) return [];
  const list = (labels: string[]) => fitLines(labels.map((l) => safe(l, 100)), RENDER_LAYOUT.compareListField, ', ');
  const out = [field('Shared capabilities', list(m.shared), true)];
  for (const o of m.only) out.push(field(`Only in ${safe(o.name, 200)}`, list(o.labels), true));
  if (m.some.length) {
    const names = new Map(v.products.map((p) => [p.id, p.name]));
    out.push(field('In some', list(m.some.map((r) => `${r.label} (${r.ids.map((id) => cut(names.get(id)!, 30)).join(', ')})`)), true));
  }
  return out;
}

const SPACER: APIEmbedField = { name: ZWSP, value: ZWSP, inline: true };

function renderCompare(v: CompareView, card: Card, ctx: RenderContext): DiscordMessage {
  const embed = new EmbedBuilder()
    .setColor(RENDER_LAYOUT.color)
    .setTitle(safe(card.title ?? v.title, L.title))
    .setDescription(safe(v.summary, L.description))
    .setFooter(footer(v.asOf, v.sources));
  // Discord lays inline fields out three to a row: with two products a spacer keeps each group on its own row
  const spacer = v.products.length === 2 ? [SPACER] : [];
  const fields: APIEmbedField[] = (card.columns ?? []).map((c) => field(safe(c.name, L.fieldName), fieldLines(c.fields, L.fieldValue), true));
  fields.push(...spacer);
  for (const p of v.products)
    fields.push(
      field(`${safe(cut(p.name, 200), 220)} capabilities`, capabilityTitles(p.capabilities, RENDER_LAYOUT.compareListField), true),
    );
  fields.push(...spacer);
  for (const p of v.products)
    if (p.offers.length) fields.push(field(`${safe(cut(p.name, 150), 170)} · ${offersHeading(p.offers.length)}`, offerLines(p, RENDER_LAYOUT.compareListField), true));
  fields.push(...matrixFields(v, card.matrix));
  const call = callLabel(v.call);
  fields.push(field(call ? `Verdict: ${call}` : 'Verdict', safe(v.verdict, L.fieldValue)));
  embed.addFields(fields.slice(0, L.fields));
  return message({ embeds: [embed], rows: actionRows(card.actions, ctx, card.page) });
}

// ---------------------------------------------------------------- capabilities (button)

export interface CapabilityOwner {
  id: string;
  name: string;
  capabilities: Capability[];
}

/** Cuts the longest parts first until they fit the budget together. */
function fitParts(parts: string[], budget: number): string[] {
  const out = [...parts];
  for (let guard = 0; guard < 50; guard++) {
    const total = out.reduce((n, s) => n + s.length, 0);
    if (total <= budget) break;
    let iMax = 0;
    out.forEach((s, i) => (s.length > out[iMax]!.length ? (iMax = i) : 0));
    const next = Math.max(RENDER_LAYOUT.capabilityPartMin, out[iMax]!.length - (total - budget));
    if (next >= out[iMax]!.length) break;
    out[iMax] = cut(out[iMax]!, next);
  }
  return out;
}

const capabilityFields = new WeakMap<Capability, APIEmbedField>();

function capabilityField(c: Capability, i: number): APIEmbedField {
  const cached = capabilityFields.get(c);
  if (cached && cached.name.startsWith(`${i + 1}. `)) return cached;
  const f = buildCapabilityField(c, i);
  capabilityFields.set(c, f);
  return f;
}

function buildCapabilityField(c: Capability, i: number): APIEmbedField {
  const labels = ['', '\n**Unique:** ', '\n**vs alternatives:** '];
  const raw = [c.description, c.unique, c.vsAlternatives].map((s) => cut(s.trim(), L.fieldValue));
  const escaped = raw.map((s) => escapeText(s));
  const budget = L.fieldValue - labels.reduce((n, s) => n + s.length, 0);
  const fitted = fitParts(escaped, budget).map((s, k) => (s.length < escaped[k]!.length ? safe(raw[k]!, s.length) : s));
  const value = fitted
    .map((s, k) => (s ? `${labels[k]}${s}` : ''))
    .join('')
    .trim();
  return field(`${i + 1}. ${safe(c.title, L.fieldName - 6)}`, value || NONE);
}

interface CapsPageEntry {
  owner: number;
  index: number;
  field: APIEmbedField;
}

/** Greedy, deterministic pagination: the same products give the same pages. */
export function capabilityPages(owners: CapabilityOwner[]): CapsPageEntry[][] {
  const titleReserve = L.title + 50;
  const pages: CapsPageEntry[][] = [[]];
  let size = 0;
  let owner = -1;
  let embeds = 0;
  let fieldsInEmbed = 0;
  owners.forEach((o, oi) => {
    o.capabilities.forEach((c, ci) => {
      const f = capabilityField(c, ci);
      const fsize = f.name.length + f.value.length;
      const newEmbed = owner !== oi;
      const page = pages[pages.length - 1]!;
      const wouldSize = size + fsize + (newEmbed ? titleReserve : 0);
      const overflow =
        page.length > 0 &&
        (wouldSize > L.embedsTotal - L.footer / 8 || (newEmbed ? embeds + 1 > L.embeds : fieldsInEmbed + 1 > L.fields));
      if (overflow) {
        pages.push([]);
        size = 0;
        embeds = 0;
        fieldsInEmbed = 0;
        owner = -1;
      }
      if (owner !== oi) {
        owner = oi;
        embeds++;
        fieldsInEmbed = 0;
        size += titleReserve;
      }
      pages[pages.length - 1]!.push({ owner: oi, index: ci, field: f });
      size += fsize;
      fieldsInEmbed++;
    });
  });
  return pages;
}

/** The capability lists, paged: Discord's 6,000 characters per message seldom hold them all, so each page has Previous / Next. */
export function renderCapabilities(v: CapabilitiesView, ctx: RenderContext): DiscordMessage {
  const owners: CapabilityOwner[] = v.products;
  const page = v.page;
  const pages = capabilityPages(owners);
  const total = pages.length;
  const p = Math.min(Math.max(0, page), total - 1);
  const entries = pages[p]!;
  const embeds: EmbedBuilder[] = [];
  let current: { owner: number; e: EmbedBuilder; fields: APIEmbedField[] } | null = null;
  const flush = () => {
    if (current) current.e.addFields(current.fields);
  };
  for (const en of entries) {
    if (!current || current.owner !== en.owner) {
      flush();
      const o = owners[en.owner]!;
      const e = new EmbedBuilder()
        .setColor(RENDER_LAYOUT.color)
        .setTitle(safe(`${o.name} capabilities (${capabilitiesCountLabel(o.capabilities.length)})`, L.title));
      current = { owner: en.owner, e, fields: [] };
      embeds.push(e);
    }
    current.fields.push(en.field);
  }
  flush();
  const empty = owners.every((o) => o.capabilities.length === 0);
  if (empty) {
    embeds.push(
      new EmbedBuilder()
        .setColor(RENDER_LAYOUT.color)
        .setTitle(safe(`${owners.map((o) => o.name).join(', ')}: no capabilities listed`, L.title))
        .setDescription('The catalog lists no decomposed capabilities for this yet.'),
    );
  }
  const ids = owners.map((o) => o.id);
  const paging: Action[] = [];
  if (p > 0) paging.push(capabilitiesPageAction(ids, p - 1, '‹ Previous'));
  if (p < total - 1) paging.push(capabilitiesPageAction(ids, p + 1, 'Next ›'));
  return message({
    content: total > 1 ? `Capabilities · page ${p + 1} of ${total}` : undefined,
    embeds,
    rows: actionRows(paging, ctx),
    ephemeral: true,
  });
}

// ---------------------------------------------------------------- alternatives

/** "Model · 45/100 · Freemium · from $20 per month": an item's fields on one line. */
function itemLine(item: CardItem, max: number): string {
  return safe(item.fields.map((f) => f.value).join(' · '), max);
}

function renderAlternatives(v: AlternativesView, card: Card, ctx: RenderContext): DiscordMessage {
  const filters = [v.filters.cheaper ? 'cheaper only' : '', v.filters.type ? `${v.filters.type}s only` : ''].filter(Boolean);
  const lines = [`${safe(v.product.name, 300)}${v.product.job ? ` (${safe(v.product.job, 100)})` : ''} is at ${rankLabel(v.product.rank)}.`];
  if (filters.length) lines.push(`Filters: ${filters.join(', ')}.`);
  if (card.empty) lines.push(safe(card.empty, 200));
  const embed = new EmbedBuilder()
    .setColor(RENDER_LAYOUT.color)
    .setTitle(safe(card.title ?? '', L.title))
    .setDescription(lines.join('\n'))
    .setFooter(footer(v.asOf, v.sources));
  embed.addFields(
    (card.items ?? []).slice(0, L.fields).map((item, i) =>
      field(`${i + 1}. ${safe(item.name, L.fieldName - 6)}`, fitLines([itemLine(item, 400), `**Why:** ${safe(item.why, 600)}`], L.fieldValue)),
    ),
  );
  return message({ embeds: [embed], rows: actionRows(card.actions, ctx) });
}

// ---------------------------------------------------------------- product

function renderProduct(v: ProductView, card: Card, ctx: RenderContext): DiscordMessage {
  const c = v.card;
  const embed = new EmbedBuilder()
    .setColor(RENDER_LAYOUT.color)
    .setTitle(safe(card.title ?? c.name, L.title))
    .setFooter(footer(v.asOf, v.sources));
  if (v.description.trim()) embed.setDescription(cut(safe(v.description, RENDER_LAYOUT.productDescription), L.description));
  const url = httpUrl(c.url);
  if (url) embed.setURL(url);

  // the card's sections side by side
  const fields: APIEmbedField[] = (card.sections ?? []).map((sec) => field(sec.title, fieldLines(sec.fields, L.fieldValue), true));
  if (c.offers.length) fields.push(field(offersHeading(c.offers.length), offerLines(c, L.fieldValue)));
  if (v.breakdown.length) {
    const parts = breakdownParts(v).map((b) => `**${b.label}** ${b.points >= 0 ? '+' : ''}${b.points}: ${safe(b.note, 200)}`);
    fields.push(field(`Score breakdown (= ${rankLabel(c.rank)})`, fitLines(parts, L.fieldValue)));
  }
  for (const s of v.signals) {
    const ev = s.evidence.slice(0, RENDER_LAYOUT.evidenceLines).map((e) => `• ${safe(e, 240)}`);
    if (s.evidence.length > RENDER_LAYOUT.evidenceLines) ev.push(`…and ${s.evidence.length - RENDER_LAYOUT.evidenceLines} more`);
    fields.push(
      field(
        `${SIGNAL_LABELS[s.signal]}: ${signalDetailLabel(s.value, s.confidence)}`,
        ev.length ? fitLines(ev, L.fieldValue) : 'No evidence yet.',
        true,
      ),
    );
  }
  if (v.providers.length)
    fields.push(field(`Providers (${v.providers.length})`, fitLines(v.providers.map((p) => safe(p, 100)), 400, ', ')));
  if (v.history.length > 1) fields.push(field('History', fitLines(v.history.map((h) => String(Math.round(h.score))), 400, ' → ')));
  if (v.facts.length) {
    const links = v.facts.map((f) => {
      const name = safe(factLabel(f.field), RENDER_LAYOUT.listName);
      const u = httpUrl(f.source)?.replace(/\(/g, '%28').replace(/\)/g, '%29');
      // a link too long to share the line with the others is shown as its label
      return u && name.length + u.length + 4 <= RENDER_LAYOUT.sourcesField / 2 ? `[${name}](${u})` : name;
    });
    fields.push(field('Sources', fitLines(links, RENDER_LAYOUT.sourcesField, ' · ')));
  }
  fields.push(field(`Capabilities (${capabilitiesCountLabel(c.capabilities.length)})`, capabilityTitles(c.capabilities, L.fieldValue)));
  embed.addFields(fields.slice(0, L.fields));

  return message({ embeds: [embed], rows: actionRows(card.actions, ctx, card.page) });
}

// ---------------------------------------------------------------- top

function renderTop(v: TopView, card: Card): DiscordMessage {
  const title = card.title ?? '';
  const lines = v.rows.map(
    (r) =>
      `**${r.position}.** ${safe(r.name, RENDER_LAYOUT.listName)} · ${rankLabel(r.rank)} · ${typeLabel(r.type)} · ${safe(r.category, 40)}`,
  );
  const embed = new EmbedBuilder()
    .setColor(RENDER_LAYOUT.color)
    .setTitle(safe(title, L.title))
    .setDescription(v.rows.length ? fitLines([...lines, ...v.notes.map((n) => `-# ${safe(n, RENDER_LAYOUT.searchNote)}`)], L.description) : safe(card.empty ?? '', L.description))
    .setFooter(footer(v.asOf, v.sources, `${v.total} ranked`));
  return message({ embeds: [embed] });
}

// ---------------------------------------------------------------- search

function renderSearch(v: SearchView, card: Card, ctx: RenderContext): DiscordMessage {
  const lines: string[] = [];
  const read = understandingLabel(v.understood);
  if (read) lines.push(`**Read as:** ${safe(read, RENDER_LAYOUT.searchNote)}`);
  for (const n of v.notes) lines.push(safe(n, RENDER_LAYOUT.searchNote));
  if (v.suggestions.length) lines.push(`**Try:** ${v.suggestions.map((s) => `/search ${safe(s.label.toLowerCase(), 100)}`).join(' · ')}`);
  const title = safe(card.title ?? '', L.title);
  const description = lines.length ? fitLines(lines, RENDER_LAYOUT.searchDescription) : '';
  const foot = footer(v.asOf, v.sources, v.results.length ? `${v.results.length} of ${v.total} found` : 'nothing found');
  const results = (card.items ?? []).slice(0, L.fields);
  const names = results.map((r, i) => `${i + 1}. ${safe(r.name, RENDER_LAYOUT.listName)}`);
  // share what is left of the message's characters among the results, so none has to be cut afterwards
  const used = title.length + description.length + foot.text.length + names.reduce((n, x) => n + x.length, 0);
  const perResult = Math.min(L.fieldValue, Math.floor((L.embedsTotal - used) / Math.max(1, results.length)));
  const embed = new EmbedBuilder().setColor(RENDER_LAYOUT.color).setTitle(title).setFooter(foot);
  if (description) embed.setDescription(description);
  embed.addFields(
    results.map((r, i) => {
      const head = itemLine(r, 400);
      const whyRoom = Math.max(RENDER_LAYOUT.minShrunkField, Math.min(RENDER_LAYOUT.searchWhy, perResult - head.length - 12));
      return field(names[i]!, fitLines([head, `**Why:** ${safe(r.why, whyRoom)}`], Math.max(RENDER_LAYOUT.minShrunkField, perResult)));
    }),
  );
  return message({ embeds: [embed], rows: actionRows(card.actions, ctx) });
}

// ---------------------------------------------------------------- resolution, errors, misc

function renderResolution(v: ResolutionView, card: Card, ctx: RenderContext): DiscordMessage {
  const lines = [safe(v.message, 600)];
  v.candidates.forEach((c, i) => lines.push(`${i + 1}. **${safe(c.name, 150)}** (${safe(c.id, 150)})`));
  if (card.actions.length) lines.push('', 'Pick one below to finish the command.');
  else if (v.status !== 'ambiguous') lines.push('', 'Check the spelling, or start typing and pick a name from the suggestions.');
  return message({ content: fitLines(lines, L.content), rows: actionRows(card.actions, ctx), ephemeral: true });
}

function renderResolve(v: ResolveView): DiscordMessage {
  const lines = [`**${v.status}** for "${safe(v.query, 200)}"`];
  if (v.match) lines.push(`Match: ${safe(v.match.name, 150)} (${safe(v.match.id, 150)})`);
  v.candidates.forEach((c, i) => lines.push(`${i + 1}. ${safe(c.name, 150)} (${safe(c.id, 150)}) · ${c.score.toFixed(2)}`));
  return message({ content: fitLines(lines, L.content), ephemeral: true });
}

function renderHelp(v: HelpView): DiscordMessage {
  const embed = new EmbedBuilder()
    .setColor(RENDER_LAYOUT.color)
    .setTitle('Matchgraph commands')
    .addFields(v.commands.slice(0, L.fields).map((c) => field(safe(c.usage, L.fieldName), safe(c.description, L.fieldValue))));
  if (v.notes.length) embed.setDescription(fitLines(v.notes.map((n) => safe(n, 500)), L.description));
  return message({ embeds: [embed], ephemeral: true });
}

function renderError(v: ErrorView): DiscordMessage {
  return message({ content: `⚠️ ${safe(v.message, L.content - 10)}`, ephemeral: true });
}


/** An error message not produced by a command (bad button, expired token, unknown command). */
export function renderNotice(text: string): DiscordMessage {
  return message({ content: cut(`⚠️ ${text}`, L.content), ephemeral: true });
}

/** A view presented with no invocation behind it (tests, benchmarks): renderCard(present(view)). */
export function renderView(view: View, ctx: RenderContext): DiscordMessage {
  return renderCard(present(view, { invocation: ctx.invocation }), ctx);
}

/** A Card as a Discord message: private ones are ephemeral (src/chat/visibility.ts). */
export function renderCard(card: Card, ctx: RenderContext): DiscordMessage {
  const msg = renderCardBody(card, ctx);
  if (card.visibility === 'private') msg.flags = MessageFlags.Ephemeral;
  return msg;
}

function renderCardBody(card: Card, ctx: RenderContext): DiscordMessage {
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
      return renderCapabilities(view, ctx);
    case 'resolution':
      return renderResolution(view, card, ctx);
    case 'resolve':
      return renderResolve(view);
    case 'help':
      return renderHelp(view);
    case 'error':
      return renderError(view);
    case 'subscribed':
      return renderSubscribed(view);
    case 'unsubscribed':
      return renderUnsubscribed(view);
    case 'subscriptions':
      return renderSubscriptions(view);
  }
}
