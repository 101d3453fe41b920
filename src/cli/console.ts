/**
 * Local console: type chat commands in the terminal. Works interactively and with piped
 * input (reads lines from stdin, exits at end of input).
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { findCommand, helpView } from '../../commands/index.js';
import { parseCommandLine } from '../../commands/parse.js';
import { runCommand } from '../../commands/run.js';
import type { Core } from '../core/app.js';
import type { View } from '../core/views.js';
import type { Logger } from '../log.js';
import { renderText } from './render-text.js';

export const CONSOLE_NOTES = [
  'Names need not be exact: "llama 1b", "gemni" and "chat gpt" work.',
  'Type /quit to leave. To serve Discord or Slack, set DISCORD_TOKEN or DISCORD_PUBLIC_KEY, or SLACK_BOT_TOKEN (see README.md and .env.example).',
];

/** Runs one console line; returns the text to print (empty for blank lines). */
export async function consoleLine(line: string, core: Core, log?: Logger): Promise<{ text: string; quit: boolean }> {
  const trimmed = line.trim();
  if (!trimmed || trimmed.startsWith('#')) return { text: '', quit: false };
  if (/^\/?(quit|exit)$/i.test(trimmed)) return { text: '', quit: true };
  const parsed = parseCommandLine(trimmed);
  let view: View;
  if (!parsed || parsed.command === 'help' || parsed.command === 'resolve') view = helpView(CONSOLE_NOTES);
  else {
    const def = findCommand(parsed.command);
    view = def
      ? await runCommand(def, parsed.options, core, (err, ctx) => log?.error({ err, ...ctx }, 'command failed'))
      : { kind: 'error', code: 'bad_input', message: `Unknown command "/${parsed.command}". Type /help for the list.` };
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
  for await (const line of rl) {
    const { text, quit } = await consoleLine(line, core, log);
    if (quit) break;
    if (text) write(`${text}\n`);
    if (interactive) rl.prompt();
  }
  rl.close();
}
