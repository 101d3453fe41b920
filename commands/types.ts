/**
 * Platform-neutral command definitions. Each command declares its options once; Discord
 * registration, the Slack manifest and the CLI are all generated from these declarations.
 */
import type { z } from 'zod';
import type { Core } from '../src/core/app.js';
import type { Platform } from '../src/core/alerts/types.js';
import type { AlertsCommandView, View } from '../src/core/views.js';

/**
 * Where a command was typed, filled in by the adapter from the platform's signed request (or by
 * CLI flags), never by the user. Commands that act on a channel's settings need one.
 */
export interface ChatContext {
  platform: Platform;
  /** Discord guild id or Slack team id */
  workspace: string;
  /** null outside a channel (a workspace-wide list) */
  channel: string | null;
  /** the user's id on the platform, or "cli:<name>" */
  user: string;
}

/** One autocomplete suggestion: shown name and the value the option receives. */
export interface Choice {
  name: string;
  value: string;
}

/** How many suggestions a platform shows, and how long a value may be. */
export interface ChoiceLimits {
  count: number;
  valueLength: number;
}

/** What any command returns. */
export type AnyView = View | AlertsCommandView;

export type OptionType = 'string' | 'boolean' | 'integer' | 'number';

export interface OptionDef {
  name: string;
  description: string;
  type: OptionType;
  required?: boolean;
  /** name options answered by the resolver */
  autocomplete?: boolean;
  choices?: Array<{ name: string; value: string }>;
  min?: number;
  max?: number;
  maxLength?: number;
}

export interface CommandDef<I = unknown, V = View> {
  name: string;
  description: string;
  /** one-line usage for help texts, e.g. "/compare <a> vs <b>" */
  usage: string;
  options: OptionDef[];
  /** validates raw option values (strings, booleans, numbers) into the command's input */
  schema: z.ZodType<I>;
  execute(input: I, core: Core, chat: ChatContext | null): Promise<V>;
  /**
   * Suggestions while an option is typed (autocomplete). Without it, an autocomplete option is
   * answered with product names whose values are product ids.
   */
  complete?(option: string, query: string, core: Core, chat: ChatContext | null, limits: ChoiceLimits): Promise<Choice[]>;
  /** managing channel settings: Discord registers it with Manage Server as the default member permission */
  requiresManage?: boolean;
}

/** Any command, whatever its input. */
export type AnyCommand = CommandDef<unknown, AnyView>;

/** Limits of the commands themselves (platform limits live in each renderer). */
export const COMMAND_LIMITS = {
  /** longest name a user may type; longer input is cut before resolution */
  nameLength: 200,
  /** longest option value or command text read at all; longer input is refused before any work */
  textLength: 4000,
  alternativesDefault: 5,
  alternativesMax: 10,
  topDefault: 10,
  topMax: 25,
  searchDefault: 10,
  searchMax: 25,
  /** highest max-price a search accepts, USD per 1M input tokens */
  searchMaxPrice: 10_000,
  historyPoints: 12,
  /** a product counts as compared with another at this many match events */
  oftenComparedMin: 1,
  /** most-compared products read from the match graph for /alternatives */
  alternativesNeighbours: 200,
} as const;
