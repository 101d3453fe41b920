import type { Core } from '../src/core/app.js';
import type { ErrorView, View } from '../src/core/views.js';
import type { CommandDef } from './types.js';

export type CommandErrorLogger = (err: unknown, context: { command: string }) => void;

/**
 * Validates raw options and runs a command. Never throws: invalid input becomes a
 * bad_input view naming the option, unexpected failures an internal view (and are logged).
 */
export async function runCommand<V = View>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  def: CommandDef<any, V>,
  raw: Record<string, unknown>,
  core: Core,
  logError?: CommandErrorLogger,
): Promise<V | ErrorView> {
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== null && v !== ''));
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
      message: `Invalid ${issue.path.join('.') || 'input'}: ${issue.message}. Usage: ${def.usage}`,
    };
    return err;
  }
  try {
    return await def.execute(parsed.data, core);
  } catch (e) {
    logError?.(e, { command: def.name });
    const err: ErrorView = { kind: 'error', code: 'internal', message: 'Something went wrong on our side. Please try again in a moment.' };
    return err;
  }
}
