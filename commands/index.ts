import type { HelpView } from '../src/core/views.js';
import { alternatives } from './alternatives.js';
import { compare } from './compare.js';
import { product } from './product.js';
import { resolve } from './resolve.js';
import { search } from './search.js';
import { subscribe } from './subscribe.js';
import { subscriptions } from './subscriptions.js';
import { unsubscribe } from './unsubscribe.js';
import { top } from './top.js';
import type { CommandDef } from './types.js';

/** Commands offered in chat (Discord, Slack, console). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const CHAT_COMMANDS: CommandDef<any>[] = [compare, alternatives, product, top, search];

/** Every command, including operator-only ones for the CLI. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const ALL_COMMANDS: CommandDef<any>[] = [...CHAT_COMMANDS, resolve];

export function findCommand(name: string) {
  return ALL_COMMANDS.find((c) => c.name === name.toLowerCase()) ?? null;
}

export function helpView(notes: string[] = []): HelpView {
  return {
    kind: 'help',
    commands: CHAT_COMMANDS.map((c) => ({ usage: c.usage, description: c.description })),
    notes,
  };
}

/**
 * Channel alert subscriptions. Their input carries the chat context (platform, workspace,
 * channel, user) next to the typed options; adapters fill it in. They return AlertsCommandView.
 */
export const SUBSCRIPTION_COMMANDS = [subscribe, unsubscribe, subscriptions] as const;

export { alternatives, compare, product, resolve, search, subscribe, subscriptions, top, unsubscribe };
export type { CommandDef } from './types.js';
