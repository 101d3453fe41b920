/**
 * Discord's message, component and autocomplete limits, in one place, and a checker that
 * lists every limit a message breaks. The renderer builds within these limits and the tests
 * run every rendered view through the checker.
 */
import type { APIApplicationCommandOptionChoice, APIEmbed } from 'discord.js';

export const DISCORD_LIMITS = {
  /** fields per embed */
  fields: 25,
  /** characters across all embeds of one message (titles, descriptions, field names and values, footers, authors) */
  embedsTotal: 6000,
  embeds: 10,
  title: 256,
  description: 4096,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  /** plain message content */
  content: 2000,
  /** buttons per action row */
  buttonsPerRow: 5,
  /** action rows per message */
  rows: 5,
  buttonLabel: 80,
  customId: 100,
  /** a link button's url */
  buttonUrl: 512,
  /** autocomplete choices per response */
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  /** command and option descriptions */
  commandDescription: 100,
  /** command and option names */
  commandName: 32,
  /** options of one command, and of one subcommand or group */
  options: 25,
  /** nesting of options: subcommand group > subcommand > option */
  optionDepth: 3,
  /** a string option's value */
  optionValue: 6000,
} as const;

/** The parts of a message the limits apply to (raw API shape). */
export interface LimitedMessage {
  content?: string;
  embeds?: APIEmbed[];
  components?: Array<{ components: Array<{ type: number; custom_id?: string; label?: string; url?: string }> }>;
}

/** Characters Discord counts toward the 6,000 limit, for one embed. */
export function embedSize(e: APIEmbed): number {
  let n = (e.title ?? '').length + (e.description ?? '').length + (e.footer?.text ?? '').length + (e.author?.name ?? '').length;
  for (const f of e.fields ?? []) n += f.name.length + f.value.length;
  return n;
}

export function embedsSize(message: LimitedMessage): number {
  return (message.embeds ?? []).reduce((n, e) => n + embedSize(e), 0);
}

/** Every limit the message breaks, in words; empty when it fits. */
export function discordLimitProblems(message: LimitedMessage): string[] {
  const L = DISCORD_LIMITS;
  const problems: string[] = [];
  const over = (what: string, len: number, max: number) => {
    if (len > max) problems.push(`${what}: ${len} > ${max}`);
  };
  over('content', (message.content ?? '').length, L.content);
  const embeds = message.embeds ?? [];
  over('embeds', embeds.length, L.embeds);
  over('characters across embeds', embedsSize(message), L.embedsTotal);
  embeds.forEach((e, i) => {
    over(`embed ${i} title`, (e.title ?? '').length, L.title);
    over(`embed ${i} description`, (e.description ?? '').length, L.description);
    over(`embed ${i} footer`, (e.footer?.text ?? '').length, L.footer);
    over(`embed ${i} author`, (e.author?.name ?? '').length, L.author);
    over(`embed ${i} fields`, (e.fields ?? []).length, L.fields);
    (e.fields ?? []).forEach((f, j) => {
      over(`embed ${i} field ${j} name`, f.name.length, L.fieldName);
      over(`embed ${i} field ${j} value`, f.value.length, L.fieldValue);
      if (f.name.trim() === '') problems.push(`embed ${i} field ${j} name is empty`);
      if (f.value.trim() === '') problems.push(`embed ${i} field ${j} value is empty`);
    });
  });
  const rows = message.components ?? [];
  over('action rows', rows.length, L.rows);
  const ids = new Set<string>();
  rows.forEach((row, i) => {
    over(`row ${i} buttons`, row.components.length, L.buttonsPerRow);
    if (row.components.length === 0) problems.push(`row ${i} is empty`);
    for (const c of row.components) {
      over(`button label "${c.label}"`, (c.label ?? '').length, L.buttonLabel);
      if (c.custom_id !== undefined) {
        over(`custom_id "${c.custom_id}"`, c.custom_id.length, L.customId);
        if (ids.has(c.custom_id)) problems.push(`custom_id "${c.custom_id}" is not unique`);
        ids.add(c.custom_id);
      } else if (!c.url) problems.push('button without custom_id or url');
      else over(`button url "${c.url}"`, c.url.length, L.buttonUrl);
    }
  });
  const hasContent = (message.content ?? '').trim() !== '' || embeds.length > 0;
  if (!hasContent) problems.push('message has neither content nor embeds');
  return problems;
}

export function fitsDiscordLimits(message: LimitedMessage): boolean {
  return discordLimitProblems(message).length === 0;
}

export function choiceProblems(choices: APIApplicationCommandOptionChoice[]): string[] {
  const L = DISCORD_LIMITS;
  const problems: string[] = [];
  if (choices.length > L.choices) problems.push(`choices: ${choices.length} > ${L.choices}`);
  for (const c of choices) {
    if (c.name.length < 1 || c.name.length > L.choiceName) problems.push(`choice name length ${c.name.length}: "${c.name}"`);
    if (typeof c.value === 'string' && (c.value.length < 1 || c.value.length > L.choiceValue))
      problems.push(`choice value length ${c.value.length}: "${c.value}"`);
  }
  return problems;
}
