/**
 * Discord rendering of rank-change alerts: one compact message per channel and run (or day),
 * a "Compare" button per overtaking, every catalog string escaped and no mentions allowed.
 */
import { ButtonStyle, ComponentType, escapeMarkdown, type RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import { truncate } from '../../core/format.js';
import { sanitizeText } from '../../core/text.js';
import type { AlertMessage, ComparePair } from '../../core/alerts/format.js';

export const DISCORD_ALERT_LIMITS = {
  /** message content */
  content: 2000,
  /** change lines listed before "…and N more" */
  lines: 20,
  /** the header's list of subscribed targets */
  targets: 200,
  /** Compare buttons (one action row) */
  buttons: 5,
  buttonLabel: 80,
  customId: 100,
  /** Discord accepts nonces of up to 25 characters */
  nonce: 25,
} as const;

/** custom_id prefix of the Compare button; the Discord adapter answers it with /compare a b. */
export const ALERT_COMPARE_PREFIX = 'alert:compare:';

export function alertCompareId(pair: ComparePair): string | null {
  const id = `${ALERT_COMPARE_PREFIX}${pair.a.id}|${pair.b.id}`;
  return id.length <= DISCORD_ALERT_LIMITS.customId ? id : null;
}

/** The two product ids of a Compare button, or null when the custom_id is not one. */
export function parseAlertCompareId(customId: string): [string, string] | null {
  if (!customId.startsWith(ALERT_COMPARE_PREFIX)) return null;
  const [a, b, ...rest] = customId.slice(ALERT_COMPARE_PREFIX.length).split('|');
  return a && b && rest.length === 0 ? [a, b] : null;
}

const esc = (s: string) => escapeMarkdown(sanitizeText(s).replace(/[\u0000-\u001f\u007f]+/g, ' '));

export function renderDiscordAlert(m: AlertMessage, nonce: string): RESTPostAPIChannelMessageJSONBody {
  const L = DISCORD_ALERT_LIMITS;
  const header = `**${m.title}** · ${esc(truncate(m.targets.join(', '), L.targets))}`;
  const lines = m.lines.map((l) => `• **${esc(l.name)}** ${esc(l.text)}`);
  const more = (n: number) => `…and ${n} more change${n === 1 ? '' : 's'}`;
  const out: string[] = [header];
  let length = header.length;
  let shown = 0;
  for (const line of lines) {
    if (shown >= L.lines) break;
    const remaining = lines.length - shown - 1 + m.omitted;
    const reserve = remaining > 0 ? more(remaining).length + 1 : 0;
    const cut = truncate(line, L.content - length - 1 - reserve);
    if (cut.length < 20 || length + 1 + cut.length + reserve > L.content) break;
    out.push(cut);
    length += 1 + cut.length;
    shown++;
  }
  const hidden = lines.length - shown + m.omitted;
  if (hidden > 0) out.push(more(hidden));
  const buttons = m.compares
    .map((pair) => ({ pair, id: alertCompareId(pair) }))
    .filter((x): x is { pair: ComparePair; id: string } => x.id !== null)
    .slice(0, L.buttons)
    .map(({ pair, id }) => ({
      type: ComponentType.Button as const,
      style: ButtonStyle.Secondary as const,
      custom_id: id,
      label: truncate(`Compare ${pair.a.name} vs ${pair.b.name}`, L.buttonLabel),
    }));
  return {
    content: out.join('\n').slice(0, L.content),
    allowed_mentions: { parse: [] },
    nonce: nonce.slice(0, L.nonce),
    enforce_nonce: true,
    ...(buttons.length ? { components: [{ type: ComponentType.ActionRow, components: buttons }] } : {}),
  };
}
