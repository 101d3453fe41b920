/**
 * ChatAdapter: everything a chat platform brings, in one object. An adapter parses its platform's
 * input into dispatch() Invocations, renders the Card that comes back natively within its one limits
 * table, delivers it, and for rank-change alerts sends messages (with its rate limits and the
 * permanent errors that disable a subscription). Adding a platform is a folder under src/platforms/
 * that exports one ChatAdapter, plus its line in ADAPTERS in src/main.ts.
 */
import type { Config } from '../config.js';
import type { Core } from '../core/app.js';
import type { AlertNotifier } from '../core/alerts/ports.js';
import type { DisabledReason } from '../core/alerts/types.js';
import type { HttpServer } from '../http/server.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import type { View } from '../core/views.js';
import type { Action } from './actions.js';
import type { Card } from './card.js';

export interface AdapterDeps {
  core: Core;
  config: Config;
  /** the one HTTP server (platform endpoints are routes on it) */
  http: HttpServer;
  log: Logger;
  metrics: Metrics;
  /** draws the rank-history chart (PNG) of a compare or product answer; none when absent */
  chart?: (view: View) => Promise<Buffer | null>;
}

export interface RunningAdapter {
  /** how it runs, for the start-up log line ("slack (socket)") */
  label: string;
  stop(): Promise<void>;
}

export interface ChatAdapter<Message = unknown> {
  /** the platform's name: the `platform` label of metrics and of stored subscriptions */
  readonly name: string;
  /** the platform's own limits (message sizes, buttons, ids), one table */
  readonly limits: Readonly<Record<string, number>>;
  /** runs only when no other adapter is configured (the console) */
  readonly fallback?: boolean;
  /** whether the configuration asks for this platform */
  configured(config: Config): boolean;
  /** parses and serves the platform's input (listeners, endpoints) until stopped */
  start(deps: AdapterDeps): Promise<RunningAdapter>;
  /** a Card as the platform's message, within `limits` */
  render(card: Card): Message;
  /** the Card actions this platform cannot show, each with why (none: every action is shown) */
  omits?(card: Card): Array<{ action: Action; why: string }>;
  /** sends rank-change alerts (its `rates` are the platform's request limits); null without a bot token */
  notifier?(config: Config, timeoutMs: number): AlertNotifier | null;
  /** the platform's errors that mean a channel cannot receive messages, and the reason recorded */
  readonly permanentErrors?: Readonly<Record<string, DisabledReason>>;
}
