/**
 * The local console as a ChatAdapter: it runs when no chat platform is configured, reads lines from
 * stdin and prints Cards as text. A terminal has nothing to click, so it shows no action: each one
 * is a command the user can type (the help lists them).
 */
import type { ChatAdapter } from '../chat/adapter.js';
import { runConsole } from './console.js';
import { renderTextCard, TEXT_LIMITS } from './render-text.js';

export const consoleAdapter: ChatAdapter<string> = {
  name: 'console',
  limits: TEXT_LIMITS,
  fallback: true,
  configured: () => true,
  async start({ core, log }) {
    await runConsole(core, process.stdin, process.stdout, log);
    return { label: 'console', stop: async () => {} };
  },
  render: (card) => renderTextCard(card),
  omits: (card) => card.actions.map((action) => ({ action, why: 'a terminal has nothing to click; type the command instead' })),
};
