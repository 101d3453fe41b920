/**
 * Slack (Block Kit) rendering of rank-change alerts: one compact message per channel and run
 * (or day), "Compare" buttons, catalog text escaped (&, <, >) so it can never form a link or mention.
 */
import type { KnownBlock } from '@slack/types';
import type { AlertMessage, ComparePair } from '../../core/alerts/format.js';
import { truncate } from '../../core/format.js';
import { sanitizeText } from '../../core/text.js';

export const SLACK_ALERT_LIMITS = {
  blocks: 50,
  /** text of one section block */
  sectionText: 3000,
  /** change lines listed before "…and N more" */
  lines: 30,
  /** the notification fallback text */
  fallbackText: 3000,
  targets: 200,
  buttons: 5,
  buttonText: 75,
  actionId: 255,
  buttonValue: 2000,
} as const;

/** action_id prefix of the Compare buttons; the value is "<idA>|<idB>". */
export const ALERT_COMPARE_ACTION = 'alert_compare';

/** Escapes the three characters Slack's mrkdwn treats as control characters (after the shared sanitiser). */
export function slackEscape(s: string): string {
  return sanitizeText(s)
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Plain text (button labels) is not parsed for mentions, but angle brackets are swapped anyway so no catalog text can look like one. */
function plainSafe(s: string): string {
  return sanitizeText(s).replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/</g, '‹').replace(/>/g, '›');
}

export function parseAlertCompareValue(value: string): [string, string] | null {
  const [a, b, ...rest] = value.split('|');
  return a && b && rest.length === 0 ? [a, b] : null;
}

export function renderSlackAlert(m: AlertMessage): { text: string; blocks: KnownBlock[] } {
  const L = SLACK_ALERT_LIMITS;
  const header = `*${slackEscape(m.title)}* · ${slackEscape(truncate(m.targets.join(', '), L.targets))}`;
  const lines = m.lines.slice(0, L.lines).map((l) => truncate(`• *${slackEscape(l.name)}* ${slackEscape(l.text)}`, L.sectionText));
  const hidden = m.lines.length - lines.length + m.omitted;
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: header } }];
  // pack lines into sections of at most sectionText characters; lines (30) + header, footer and buttons stay under 50 blocks
  let current = '';
  for (const line of lines) {
    if (current && current.length + 1 + line.length > L.sectionText) {
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: current } });
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: current } });
  if (hidden > 0) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${hidden} more change${hidden === 1 ? '' : 's'}` }] });
  const buttons = m.compares.slice(0, L.buttons).map((pair: ComparePair, i) => ({
    type: 'button' as const,
    action_id: `${ALERT_COMPARE_ACTION}_${i}`,
    text: { type: 'plain_text' as const, text: truncate(plainSafe(`Compare ${pair.a.name} vs ${pair.b.name}`), L.buttonText), emoji: false },
    value: `${pair.a.id}|${pair.b.id}`.slice(0, L.buttonValue),
  }));
  if (buttons.length) blocks.push({ type: 'actions', elements: buttons });
  const plain = [`${m.title}: ${m.targets.join(', ')}`, ...m.lines.map((l) => `${l.name} ${l.text}`)].map(slackEscape).join('\n');
  return { text: truncate(plain, L.fallbackText), blocks: blocks.slice(0, L.blocks) };
}
