/**
 * The App Home tab: a typeahead to open any product's card, the card last opened there, the
 * current leaderboard, and the workspace's subscriptions (supplied through a hook).
 */
import type { types } from '@slack/bolt';
import type { TopView } from '../../core/views.js';
import { SLACK_ACTIONS } from './actions.js';
import { topTitle } from '../../chat/card.js';
import { escapeMrkdwn, escapeText, productMenu, SLACK_LIMITS, type SlackBlock, type SlackMessage } from './render.js';
import { footerLabel, rankLabel, truncate } from '../../core/format.js';

/** Rows of the leaderboard on the Home tab. */
export const HOME_TOP_ROWS = 10;
/** action_id suffix of the Home tab's own elements, kept apart from those of the card shown in it */
const HOME_SUFFIX = '90';

export interface HomeContext {
  teamId: string | undefined;
  userId: string;
}

/**
 * The Home tab's subscriptions section. The subscriptions feature supplies its own; until then
 * the tab shows what will appear there.
 */
export type HomeSubscriptionsSection = (ctx: HomeContext) => Promise<SlackBlock[]>;

export const placeholderSubscriptionsSection: HomeSubscriptionsSection = async () => [
  { type: 'section', text: { type: 'mrkdwn', text: '*Subscriptions*\nRank-change alerts for this workspace will be listed here.' } },
];

export function lookupSelect(): types.ExternalSelect {
  return {
    type: 'external_select',
    action_id: `${SLACK_ACTIONS.lookup}:0`,
    placeholder: { type: 'plain_text', text: 'Find a model or product…' },
    min_query_length: 1,
  };
}

export interface HomeInput {
  top: TopView | null;
  /** the card opened from the Home tab, shown under the typeahead */
  selected?: SlackMessage | null;
  subscriptions: SlackBlock[];
}

export function buildHomeView(input: HomeInput): types.HomeView {
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Matchgraph' } },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: escapeText(
          'Compare AI models and products where your team talks. Open any product below, or try /compare llama 3.2 1b vs gemini, /alternatives notion ai, /top coding, or mention the bot: "alternatives to cursor".',
        ),
      },
    },
    { type: 'actions', elements: [lookupSelect()] },
  ];
  if (input.selected) blocks.push({ type: 'divider' }, ...input.selected.blocks);
  blocks.push({ type: 'divider' });
  const top = input.top;
  if (top && top.rows.length) {
    blocks.push({ type: 'header', text: { type: 'plain_text', text: truncate(topTitle(top), SLACK_LIMITS.headerText) } });
    const lines = top.rows.map((r) => `*${r.position}.* ${escapeMrkdwn(truncate(r.name, 150))} · ${rankLabel(r.rank)} · ${escapeMrkdwn(r.category)}`);
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(lines.join('\n'), SLACK_LIMITS.sectionText) } });
    const menu = productMenu(top.rows, `${SLACK_ACTIONS.open}:${HOME_SUFFIX}`);
    if (menu) blocks.push({ type: 'actions', elements: [menu] });
    blocks.push({ type: 'divider' });
  }
  blocks.push(...input.subscriptions);
  if (top) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(footerLabel(top.asOf, top.sources)) }] });
  return { type: 'home', blocks: blocks.slice(0, SLACK_LIMITS.viewBlocks) };
}
