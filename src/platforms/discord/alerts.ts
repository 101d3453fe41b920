/**
 * Discord rendering of rank-change alerts: one compact message per channel and run (or day),
 * a "Compare" button per overtaking, every catalog string escaped and no mentions allowed.
 */
import { ButtonStyle, ComponentType, type RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import { compareAction, decodeDirectAction, encodeAction } from '../../chat/actions.js';
import { truncate } from '../../core/format.js';
import type { AlertMessage, ComparePair } from '../../core/alerts/format.js';
import { DISCORD_LIMITS } from './limits.js';
import { escapeText } from './text.js';

/** Layout of an alert message; Discord's own limits are DISCORD_LIMITS. */
export const DISCORD_ALERT_LIMITS = {
  /** change lines listed before "…and N more" */
  lines: 20,
  /** the header's list of subscribed targets */
  targets: 200,
  /** Compare buttons (one action row) */
  buttons: DISCORD_LIMITS.buttonsPerRow,
  /** Discord accepts nonces of up to 25 characters */
  nonce: 25,
} as const;

/**
 * The custom_id of an alert's Compare button: the compare action in the one action codec. Alerts are
 * sent by the delivery worker, which keeps no action store, so a pair too long for a custom_id gets no button.
 */
export function alertCompareId(pair: ComparePair): string | null {
  return encodeAction(compareAction(pair.a.id, pair.b.id, ''), DISCORD_LIMITS.customId, null);
}

/** The two product ids of a Compare button, or null when the custom_id is not one. */
export function parseAlertCompareId(customId: string): [string, string] | null {
  const d = decodeDirectAction(customId);
  if (!d.ok || d.invocation.command !== 'compare') return null;
  const { first, second } = d.invocation.options;
  return typeof first === 'string' && typeof second === 'string' ? [first, second] : null;
}

const esc = escapeText;

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
    const cut = truncate(line, DISCORD_LIMITS.content - length - 1 - reserve);
    if (cut.length < 20 || length + 1 + cut.length + reserve > DISCORD_LIMITS.content) break;
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
      label: truncate(`Compare ${pair.a.name} vs ${pair.b.name}`, DISCORD_LIMITS.buttonLabel),
    }));
  return {
    content: out.join('\n').slice(0, DISCORD_LIMITS.content),
    allowed_mentions: { parse: [] },
    nonce: nonce.slice(0, L.nonce),
    enforce_nonce: true,
    ...(buttons.length ? { components: [{ type: ComponentType.ActionRow, components: buttons }] } : {}),
  };
}
