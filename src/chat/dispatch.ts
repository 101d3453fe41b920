/**
 * dispatch(invocation, ctx): the one path from a platform's input to a Card. Slash commands,
 * typed text, menus, button clicks and autocomplete all run a command from commands/ here, with
 * the chat context as a parameter (never an option). Adapters parse their platform's input into an
 * Invocation and render what comes back; they never run a command or read a repository themselves.
 */
import { DISPATCH_COMMANDS, dispatchable } from '../../commands/index.js';
import { optionsProblem, runCommand, type CommandErrorLogger } from '../../commands/run.js';
import { COMMAND_LIMITS, type AnyCommand, type ChatContext, type Choice, type ChoiceLimits } from '../../commands/types.js';
import type { Core } from '../core/app.js';
import type { ErrorView } from '../core/views.js';
import { decodeAction, type ActionInvocation, type ActionStateStore, type DecodedAction } from './actions.js';
import { present, type Card } from './card.js';
import type { Outcome } from './outcome.js';

export type Invocation =
  /** a slash command, a typed line, a menu choice: a command and its raw options */
  | { kind: 'command'; command: string; options: Record<string, unknown>; given?: ReadonlyArray<{ name: string; value: unknown }> }
  /** a button click: the action id the platform carried back (`decoded`: already read by the adapter) */
  | { kind: 'action'; id: string; decoded?: DecodedAction }
  /** an option being typed */
  | { kind: 'autocomplete'; command: string; option: string; query: string; limits: ChoiceLimits };

export interface DispatchContext {
  core: Core;
  /** where it was typed or clicked; null outside a chat (the console) */
  chat: ChatContext | null;
  /** the adapter's store of actions too long for its ids (the adapter flushes it before sending what it renders) */
  actions: ActionStateStore | null;
  logError?: CommandErrorLogger;
  /** every answer, counted once (the adapter's metrics) */
  onAnswer?: (answer: { command: string; outcome: Outcome | 'forbidden'; seconds: number }) => void;
  /** a command that changes channel settings may run here: null when it may, else why not (shown privately) */
  mayManage?: () => string | null;
}

export type DispatchResult =
  /** `replace`: a click on a did-you-mean choice, whose answer takes the prompt's place */
  | { kind: 'card'; command: string; card: Card; replace: boolean; ran: { command: string; options: Record<string, unknown> } }
  | { kind: 'choices'; choices: Choice[] }
  /** a click the adapter cannot run: not one of ours, expired, or an unknown command */
  | { kind: 'refused'; reason: 'not_ours' | 'expired' | 'unknown_command'; card: Card<ErrorView> };

export const DISPATCH_TEXT = {
  expired: 'This button has expired. Run the command again.',
  notOurs: 'This button is not one of ours anymore. Run the command again.',
  unknown: (name: string) => `Unknown command "/${name.slice(0, 32)}".`,
} as const;

const refused = (reason: 'not_ours' | 'expired' | 'unknown_command', message: string): DispatchResult => ({
  kind: 'refused',
  reason,
  card: present<ErrorView>({ kind: 'error', code: 'bad_input', message }),
});

/** The declared type of a command option, to restore values decoded from an action id. */
export function optionType(command: string, option: string): string | undefined {
  return dispatchable(command)?.options.find((o) => o.name === option)?.type;
}

/** Product names for an autocomplete option, valued by product id (the core takes an exact id as chosen). */
async function productChoices(core: Core, query: string, limits: ChoiceLimits): Promise<Choice[]> {
  const found = (await core.resolver()).autocomplete(query, limits.count);
  const names = found.map((c) => c.name.toLowerCase());
  return found.slice(0, limits.count).map((c) => ({
    name: names.filter((n) => n === c.name.toLowerCase()).length > 1 ? `${c.name} · ${c.id}` : c.name,
    value: c.id.length <= limits.valueLength ? c.id : c.name.slice(0, limits.valueLength),
  }));
}

async function run(def: AnyCommand, options: Record<string, unknown>, ctx: DispatchContext, replace: boolean): Promise<DispatchResult> {
  const started = performance.now();
  const count = (outcome: Outcome | 'forbidden') => ctx.onAnswer?.({ command: def.name, outcome, seconds: (performance.now() - started) / 1000 });
  if (def.requiresManage && ctx.mayManage) {
    const why = ctx.mayManage();
    if (why !== null) {
      count('forbidden');
      return { kind: 'card', command: def.name, card: present<ErrorView>({ kind: 'error', code: 'bad_input', message: why }), replace: false, ran: { command: def.name, options } };
    }
  }
  const view = await runCommand(def, options, ctx.core, { chat: ctx.chat, logError: ctx.logError });
  const card = present(view, { invocation: { command: def.name, options }, chat: ctx.chat });
  count(card.outcome);
  return { kind: 'card', command: def.name, card, replace, ran: { command: def.name, options } };
}

export async function dispatch(inv: Invocation, ctx: DispatchContext): Promise<DispatchResult> {
  switch (inv.kind) {
    case 'command': {
      const def = dispatchable(inv.command);
      if (!def) return refused('unknown_command', DISPATCH_TEXT.unknown(inv.command));
      // at most the options the command defines, each once, every text within the limit, before any work
      if (inv.given) {
        const problem = optionsProblem(def, inv.given);
        if (problem) {
          ctx.onAnswer?.({ command: def.name, outcome: 'bad_input', seconds: 0 });
          return { kind: 'card', command: def.name, card: present(problem), replace: false, ran: { command: def.name, options: inv.options } };
        }
      }
      return run(def, inv.options, ctx, false);
    }
    case 'action': {
      const decoded = inv.decoded ?? (await decodeAction(inv.id, ctx.actions, optionType));
      if (!decoded.ok) return decoded.reason === 'expired' ? refused('expired', DISPATCH_TEXT.expired) : refused('not_ours', DISPATCH_TEXT.notOurs);
      const a: ActionInvocation = decoded.invocation;
      const def = dispatchable(a.command);
      if (!def) return refused('not_ours', DISPATCH_TEXT.notOurs);
      return run(def, a.options, ctx, a.replace);
    }
    case 'autocomplete': {
      const def = dispatchable(inv.command);
      const decl = def?.options.find((o) => o.name === inv.option);
      if (!def || !decl || decl.autocomplete !== true) return { kind: 'choices', choices: [] };
      // channel settings are suggested only to whoever may change them
      if (def.requiresManage && ctx.mayManage && ctx.mayManage() !== null) return { kind: 'choices', choices: [] };
      const query = inv.query.slice(0, COMMAND_LIMITS.nameLength);
      const choices = def.complete
        ? await def.complete(inv.option, query, ctx.core, ctx.chat, inv.limits)
        : await productChoices(ctx.core, query, inv.limits);
      return { kind: 'choices', choices: choices.slice(0, inv.limits.count) };
    }
  }
}

/** Every command dispatch() can run (the console and tests list them). */
export const dispatchCommands = (): readonly AnyCommand[] => DISPATCH_COMMANDS;
