/**
 * Slack (Block Kit) rendering of rank-change alerts: one compact message per channel and run
 * (or day), "Compare" buttons, catalog text escaped (&, <, >) so it can never form a link or mention.
 */
import type { KnownBlock } from '@slack/types';
import { compareAction, decodeDirectAction, encodeAction } from '../../chat/actions.js';
import type { AlertMessage, ComparePair } from '../../core/alerts/format.js';
import { truncate } from '../../core/format.js';
import { SLACK_ACTIONS } from './actions.js';
import { escapeText, plainSafe, SLACK_LIMITS } from './render.js';

/** Layout of an alert message; Slack's own limits are SLACK_LIMITS. */
export const SLACK_ALERT_LIMITS = {
  /** change lines listed before "…and N more" */
  lines: 30,
  /** the notification fallback text of an alert (longer than a card's: it is the whole alert) */
  fallbackText: 3000,
  targets: 200,
  buttons: 5,
} as const;

/** The escaping of every Slack message (src/platforms/slack/render.ts). */
export const slackEscape = escapeText;

/** The two product ids of an alert's Compare button value, or null when it is not one. */
export function parseAlertCompareValue(value: string): [string, string] | null {
  const d = decodeDirectAction(value);
  if (!d.ok || d.invocation.command !== 'compare') return null;
  const { first, second } = d.invocation.options;
  return typeof first === 'string' && typeof second === 'string' ? [first, second] : null;
}

export function renderSlackAlert(m: AlertMessage): { text: string; blocks: KnownBlock[] } {
  const L = SLACK_ALERT_LIMITS;
  const header = `*${slackEscape(m.title)}* · ${slackEscape(truncate(m.targets.join(', '), L.targets))}`;
  const lines = m.lines.slice(0, L.lines).map((l) => truncate(`• *${slackEscape(l.name)}* ${slackEscape(l.text)}`, SLACK_LIMITS.sectionText));
  const hidden = m.lines.length - lines.length + m.omitted;
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: header } }];
  // pack lines into sections of at most sectionText characters; lines (30) + header, footer and buttons stay under 50 blocks
  let current = '';
  for (const line of lines) {
    if (current && current.length + 1 + line.length > SLACK_LIMITS.sectionText) {
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: current } });
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: current } });
  if (hidden > 0) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${hidden} more change${hidden === 1 ? '' : 's'}` }] });
  const buttons = m.compares
    .slice(0, L.buttons)
    .map((pair: ComparePair) => ({ pair, value: encodeAction(compareAction(pair.a.id, pair.b.id, ''), SLACK_LIMITS.buttonValue, null) }))
    .filter((x): x is { pair: ComparePair; value: string } => x.value !== null)
    .map(({ pair, value }, i) => ({
      type: 'button' as const,
      action_id: `${SLACK_ACTIONS.alert}:${i}`,
      text: { type: 'plain_text' as const, text: truncate(plainSafe(`Compare ${pair.a.name} vs ${pair.b.name}`), SLACK_LIMITS.buttonText), emoji: false },
      value,
    }));
  if (buttons.length) blocks.push({ type: 'actions', elements: buttons });
  const plain = [`${m.title}: ${m.targets.join(', ')}`, ...m.lines.map((l) => `${l.name} ${l.text}`)].map(slackEscape).join('\n');
  return { text: truncate(plain, L.fallbackText), blocks: blocks.slice(0, SLACK_LIMITS.blocks) };
}
