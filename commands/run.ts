import type { Core } from '../src/core/app.js';
import type { ErrorView, View } from '../src/core/views.js';
import { COMMAND_LIMITS, type AnyCommand, type ChatContext, type CommandDef } from './types.js';

export type CommandErrorLogger = (err: unknown, context: { command: string }) => void;

function badInput(message: string): ErrorView {
  return { kind: 'error', code: 'bad_input', message };
}

/** A friendly refusal of text over COMMAND_LIMITS.textLength, or null when it fits. */
export function textTooLong(text: string, what = 'That text'): ErrorView | null {
  if (text.length <= COMMAND_LIMITS.textLength) return null;
  return badInput(`${what} is too long (${text.length.toLocaleString('en')} characters). Keep it under ${COMMAND_LIMITS.textLength.toLocaleString('en')}.`);
}

/**
 * Caps on the options a platform hands a command, checked before any work (before names are
 * resolved): at most the options the command defines, each one of them and given once, every
 * text within COMMAND_LIMITS.textLength.
 */
export function optionsProblem(
  def: Pick<AnyCommand, 'name' | 'options' | 'usage'>,
  given: ReadonlyArray<{ name: string; value: unknown }>,
): ErrorView | null {
  if (given.length > def.options.length) {
    return badInput(`/${def.name} takes at most ${def.options.length} options, not ${given.length.toLocaleString('en')}. Usage: ${def.usage}`);
  }
  const seen = new Set<string>();
  for (const { name, value } of given) {
    if (!def.options.some((o) => o.name === name)) return badInput(`/${def.name} has no option called "${name.slice(0, 32)}". Usage: ${def.usage}`);
    if (seen.has(name)) return badInput(`The option ${name} is given twice. Usage: ${def.usage}`);
    seen.add(name);
    if (typeof value === 'string') {
      const long = textTooLong(value, `The option ${name}`);
      if (long) return long;
    }
  }
  return null;
}

/** "a whole number from 1 to 25, not 100" for a numeric option given out of its range, in words a user reads; null otherwise. */
function rangeText(def: Pick<AnyCommand, 'options'>, name: string, given: Record<string, unknown>): string | null {
  const opt = def.options.find((o) => o.name === name);
  if (!opt || (opt.type !== 'integer' && opt.type !== 'number') || opt.min === undefined || opt.max === undefined) return null;
  const shown = String(given[name]).slice(0, 20);
  const kind = opt.type === 'integer' ? 'a whole number' : 'a number';
  return `${kind} from ${opt.min} to ${opt.max}, not "${shown}"`;
}

export interface RunOptions {
  /** where the command was typed (from the platform's request, never from the options) */
  chat?: ChatContext | null;
  logError?: CommandErrorLogger;
}

/**
 * Validates raw options and runs a command. Never throws: invalid input becomes a
 * bad_input view naming the option, unexpected failures an internal view (and are logged).
 */
export async function runCommand<I, V = View>(
  def: CommandDef<I, V>,
  raw: Record<string, unknown>,
  core: Core,
  opts: RunOptions = {},
): Promise<V | ErrorView> {
  const { chat = null, logError } = opts;
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== null && v !== ''));
  for (const [name, value] of Object.entries(cleaned)) {
    const long = typeof value === 'string' ? textTooLong(value, `The option ${name}`) : null;
    if (long) return long;
  }
  for (const opt of def.options) {
    if (opt.required && (cleaned[opt.name] === undefined || String(cleaned[opt.name]).trim() === '')) {
      const err: ErrorView = {
        kind: 'error',
        code: 'bad_input',
        message: `Missing ${opt.name}: ${opt.description.toLowerCase()}. Usage: ${def.usage}`,
      };
      return err;
    }
  }
  const parsed = def.schema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const err: ErrorView = {
      kind: 'error',
      code: 'bad_input',
      message: `Invalid ${issue.path.join('.') || 'input'}: ${rangeText(def, String(issue.path[0] ?? ''), cleaned) ?? issue.message}. Usage: ${def.usage}`,
    };
    return err;
  }
  try {
    return await def.execute(parsed.data, core, chat);
  } catch (e) {
    logError?.(e, { command: def.name });
    const err: ErrorView = { kind: 'error', code: 'internal', message: 'Something went wrong on our side. Please try again in a moment.' };
    return err;
  }
}
