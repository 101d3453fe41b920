/**
 * The chat adapters of this build, in start order: the one list main.ts starts and the alert
 * delivery takes its notifiers from. Adding a platform is its folder under src/platforms/ (a
 * ChatAdapter) and one line here.
 */
import type { ChatAdapter } from './chat/adapter.js';
import { consoleAdapter } from './cli/adapter.js';
import { discordAdapter } from './platforms/discord/adapter.js';
import { slackAdapter } from './platforms/slack/adapter.js';

export const ADAPTERS: readonly ChatAdapter[] = [slackAdapter, discordAdapter, consoleAdapter];
