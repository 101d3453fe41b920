/**
 * Slack as a ChatAdapter: bolt in Socket Mode or HTTP mode (index.ts), Cards rendered as Block Kit
 * (render.ts) within SLACK_LIMITS, alerts through chat.postMessage.
 */
import type { Action } from '../../chat/actions.js';
import type { ChatAdapter } from '../../chat/adapter.js';
import type { Card } from '../../chat/card.js';
import { startSlack } from './index.js';
import { createSlackNotifier, SLACK_PERMANENT_ERRORS } from './notifier.js';
import { renderSlackCard, SLACK_LIMITS, SLACK_RENDER, type SlackMessage } from './render.js';

export const slackAdapter: ChatAdapter<SlackMessage> = {
  name: 'slack',
  limits: SLACK_LIMITS,
  configured: (config) => Boolean(config.SLACK_BOT_TOKEN),
  async start({ core, config, http, log, metrics }) {
    const slack = await startSlack({ core, config, http, log, metrics });
    return { label: `slack (${slack.mode})`, stop: () => slack.stop() };
  },
  render: (card) => renderSlackCard(card),
  /**
   * A did-you-mean prompt shows its first SLACK_RENDER.candidates choices (one actions block next to
   * the question), a search its first SLACK_RENDER.suggestionButtons suggestions.
   */
  omits(card: Card): Array<{ action: Action; why: string }> {
    if (card.view.kind === 'resolution')
      return card.actions.slice(SLACK_RENDER.candidates).map((action) => ({ action, why: `Slack prompts show ${SLACK_RENDER.candidates} choices` }));
    if (card.view.kind === 'search')
      return card.actions
        .filter((a) => a.command === 'search')
        .slice(SLACK_RENDER.suggestionButtons)
        .map((action) => ({ action, why: `Slack search answers offer ${SLACK_RENDER.suggestionButtons} suggestions` }));
    return [];
  },
  notifier: (config, timeoutMs) =>
    config.SLACK_BOT_TOKEN ? createSlackNotifier({ token: config.SLACK_BOT_TOKEN, apiUrl: config.SLACK_API_URL, timeoutMs }) : null,
  permanentErrors: Object.fromEntries(Object.entries(SLACK_PERMANENT_ERRORS).map(([code, e]) => [code, e.reason])),
};
