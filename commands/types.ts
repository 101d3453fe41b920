/**
 * Platform-neutral command definitions. Each command declares its options once; Discord
 * registration, the Slack manifest and the CLI are all generated from these declarations.
 */
import type { z } from 'zod';
import type { Core } from '../src/core/app.js';
import type { View } from '../src/core/views.js';

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
  execute(input: I, core: Core): Promise<V>;
  /** managing channel settings: Discord registers it with Manage Server as the default member permission */
  requiresManage?: boolean;
}

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
