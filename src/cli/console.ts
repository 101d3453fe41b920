/**
 * Local console: type chat commands in the terminal. Works interactively and with piped
 * input (reads lines from stdin, exits at end of input).
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { findCommand, helpView } from '../../commands/index.js';
import { parseCommandLine } from '../../commands/parse.js';
import { dispatch } from '../chat/dispatch.js';
import type { Core } from '../core/app.js';
import type { View } from '../core/views.js';
import type { Logger } from '../log.js';
import { renderText } from './render-text.js';

export const CONSOLE_NOTES = [
  'Names need not be exact: "llama 1b", "gemni" and "chat gpt" work.',
  'Type /quit to leave. To serve Discord or Slack, set DISCORD_TOKEN or DISCORD_PUBLIC_KEY, or SLACK_BOT_TOKEN (see README.md and .env.example).',
];

/** A "did you mean" the console is waiting on: typing one of its numbers finishes the command. */
export interface ConsoleState {
  pending?: { command: string; options: Record<string, unknown>; field: string; ids: string[] };
}

export const PICK_HINT = 'Type a number to pick one.';

/** Runs one console line; returns the text to print (empty for blank lines). */
export async function consoleLine(line: string, core: Core, log?: Logger, state: ConsoleState = {}): Promise<{ text: string; quit: boolean }> {
  const trimmed = line.trim();
  if (!trimmed || trimmed.startsWith('#')) return { text: '', quit: false };
  if (/^\/?(quit|exit)$/i.test(trimmed)) return { text: '', quit: true };
  const pending = state.pending;
  state.pending = undefined;
  let command: string;
  let options: Record<string, unknown>;
  const number = pending && /^\d+$/.test(trimmed) ? Number(trimmed) : undefined;
  const pick = pending && number !== undefined ? pending.ids[number - 1] : undefined;
  if (pending && number !== undefined && pick === undefined) {
    state.pending = pending;
    return { text: `Pick a number from 1 to ${pending.ids.length}, or type another command.`, quit: false };
  }
  if (pending && pick !== undefined) {
    command = pending.command;
    options = { ...pending.options, [pending.field]: pick };
  } else {
    const parsed = parseCommandLine(trimmed);
    if (!parsed || parsed.command === 'help' || parsed.command === 'resolve') return { text: renderText(helpView(CONSOLE_NOTES)), quit: false };
    command = parsed.command;
    options = parsed.options;
  }
  const def = findCommand(command);
  const r = def
    ? await dispatch({ kind: 'command', command: def.name, options }, { core, chat: null, actions: null, logError: (err, ctx) => log?.error({ err, ...ctx }, 'command failed') })
    : null;
  const view: View =
    r && r.kind !== 'choices' ? (r.card.view as View) : { kind: 'error', code: 'bad_input', message: `Unknown command "/${command}". Type /help for the list.` };
  if (def && view.kind === 'resolution' && view.candidates.length > 0) {
    state.pending = { command: def.name, options, field: view.field, ids: view.candidates.map((c) => c.id) };
    return { text: `${renderText(view)}\n${PICK_HINT}`, quit: false };
  }
  return { text: renderText(view), quit: false };
}

export async function runConsole(core: Core, input: Readable, output: Writable, log?: Logger): Promise<void> {
  const interactive = Boolean((input as { isTTY?: boolean }).isTTY);
  const write = (s: string) => output.write(s.endsWith('\n') ? s : `${s}\n`);
  if (interactive) {
    write('Matchgraph console. Try: /compare llama 3.2 1b vs gemini · /alternatives cursor · /top · /help');
  }
  const rl = createInterface({ input, output: interactive ? output : undefined, terminal: interactive, prompt: 'matchgraph> ' });
  if (interactive) rl.prompt();
  const state: ConsoleState = {};
  for await (const line of rl) {
    const { text, quit } = await consoleLine(line, core, log, state);
    if (quit) break;
    if (text) write(`${text}\n`);
    if (interactive) rl.prompt();
  }
  rl.close();
}
