import type { HelpView, View } from '../src/core/views.js';
import { alternatives } from './alternatives.js';
import { capabilities } from './capabilities.js';
import { compare } from './compare.js';
import { product } from './product.js';
import { resolve } from './resolve.js';
import { search } from './search.js';
import { subscribe } from './subscribe.js';
import { subscriptions } from './subscriptions.js';
import { unsubscribe } from './unsubscribe.js';
import { top } from './top.js';
import type { AnyCommand, CommandDef } from './types.js';

type ViewCommand = CommandDef<unknown, View>;

/** Commands offered in chat (Discord, Slack, console). */
export const CHAT_COMMANDS: readonly ViewCommand[] = [compare, alternatives, product, top, search] as ViewCommand[];

/** Every command returning a View, including operator-only ones for the CLI. */
export const ALL_COMMANDS: readonly ViewCommand[] = [...CHAT_COMMANDS, resolve as ViewCommand];

export function findCommand(name: string): ViewCommand | null {
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
export const SUBSCRIPTION_COMMANDS: readonly AnyCommand[] = [subscribe, unsubscribe, subscriptions] as AnyCommand[];

/** Commands only buttons run (their options come from the button, never typed). */
export const ACTION_COMMANDS: readonly AnyCommand[] = [capabilities] as AnyCommand[];

/** Everything a chat platform can run: what dispatch() knows. */
export const DISPATCH_COMMANDS: readonly AnyCommand[] = [...(CHAT_COMMANDS as readonly AnyCommand[]), ...SUBSCRIPTION_COMMANDS, ...ACTION_COMMANDS];

export function dispatchable(name: string): AnyCommand | null {
  return DISPATCH_COMMANDS.find((c) => c.name === name) ?? null;
}

export { alternatives, capabilities, compare, product, resolve, search, subscribe, subscriptions, top, unsubscribe };
export type { CommandDef } from './types.js';
