/**
 * The Slack adapter: a bolt App in Socket Mode (SLACK_APP_TOKEN set) or in HTTP mode at
 * POST /slack/events on the shared HTTP server, verified with SLACK_SIGNING_SECRET.
 */
import { App, LogLevel, type Logger as BoltLogger, type ReceiverEvent } from '@slack/bolt';
import type { Config } from '../../config.js';
import type { Core } from '../../core/app.js';
import type { HttpServer } from '../../http/server.js';
import type { Logger } from '../../log.js';
import type { Metrics } from '../../metrics.js';
import { registerSlackHandlers } from './handlers.js';
import type { HomeSubscriptionsSection } from './home.js';
import { checkSlackBody } from './payload.js';
import { SharedHttpReceiver } from './receiver.js';
import { subscriptionsHomeSection } from './subscriptions.js';

export const SLACK_EVENTS_PATH = '/slack/events';
/** Web API retries on 5xx and network errors (429s are waited out separately by the client). */
export const SLACK_API_RETRIES = 2;

export interface SlackDeps {
  core: Core;
  config: Pick<Config, 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN' | 'SLACK_SIGNING_SECRET' | 'SLACK_API_URL'>;
  /** the shared HTTP server; required in HTTP mode */
  http?: HttpServer;
  log: Logger;
  metrics: Metrics;
  /** the Home tab's subscriptions section */
  homeSubscriptions?: HomeSubscriptionsSection;
}

export interface SlackHandle {
  mode: 'socket' | 'http';
  app: App;
  /** resolves when every request received so far is fully handled (HTTP mode) */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** bolt's logger interface on top of pino. */
export function boltLogger(log: Logger): BoltLogger {
  let level: LogLevel = LogLevel.INFO;
  const text = (msg: unknown[]) =>
    msg
      .map((m) => {
        if (typeof m === 'string') return m;
        if (m instanceof Error) return m.message;
        try {
          return JSON.stringify(m);
        } catch {
          return String(m);
        }
      })
      .join(' ');
  return {
    debug: (...m: unknown[]) => log.debug(text(m)),
    info: (...m: unknown[]) => log.info(text(m)),
    warn: (...m: unknown[]) => log.warn(text(m)),
    error: (...m: unknown[]) => log.error(text(m)),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

/**
 * Socket Mode envelopes reach bolt through its own receiver: the same shape check as HTTP mode
 * runs in front of app.processEvent, and an envelope of the wrong shape is acknowledged (so Slack
 * does not send it again), counted as bad_request and logged once, without reaching a listener.
 */
export function checkShapesBeforeBolt(app: App, log: Logger, metrics: Metrics): void {
  const process = app.processEvent.bind(app);
  app.processEvent = async (event: ReceiverEvent) => {
    const shape = checkSlackBody(event.body);
    if (shape.ok) return process(event);
    metrics.errors.inc({ platform: 'slack', kind: 'bad_request' });
    log.warn({ problem: shape.problem }, 'slack request of an unexpected shape');
    await event.ack();
  };
}

/** The Web API client wants a trailing slash ("http://127.0.0.1:8081/api/"). */
export function slackApiUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  return url.endsWith('/') ? url : `${url}/`;
}

export async function startSlack(deps: SlackDeps): Promise<SlackHandle> {
  const { config } = deps;
  const token = config.SLACK_BOT_TOKEN;
  if (!token) throw new Error('SLACK_BOT_TOKEN is not set');
  const log = deps.log.child({ platform: 'slack' });
  const apiUrl = slackApiUrl(config.SLACK_API_URL);
  const clientOptions = { ...(apiUrl ? { slackApiUrl: apiUrl } : {}), retryConfig: { retries: SLACK_API_RETRIES } };
  const logger = boltLogger(log);
  // the Home tab lists the workspace's subscriptions whenever the store keeps them
  const homeSubscriptions = deps.homeSubscriptions ?? (deps.core.subscriptions ? subscriptionsHomeSection(deps.core) : undefined);
  const handlerDeps = { core: deps.core, log, metrics: deps.metrics, homeSubscriptions };
  // build the name index now, so the first typeahead answers well inside Slack's 3 seconds
  await deps.core.resolver();

  if (config.SLACK_APP_TOKEN) {
    const app = new App({ token, appToken: config.SLACK_APP_TOKEN, socketMode: true, logger, clientOptions, deferInitialization: true });
    checkShapesBeforeBolt(app, log, deps.metrics);
    registerSlackHandlers(app, handlerDeps);
    await app.init();
    await app.start();
    log.info('slack connected in Socket Mode');
    return { mode: 'socket', app, idle: async () => {}, stop: async () => void (await app.stop()) };
  }

  if (!config.SLACK_SIGNING_SECRET) throw new Error('SLACK_SIGNING_SECRET is required in HTTP mode (no SLACK_APP_TOKEN)');
  if (!deps.http) throw new Error('Slack HTTP mode needs the shared HTTP server');
  const receiver = new SharedHttpReceiver({ signingSecret: config.SLACK_SIGNING_SECRET, log, metrics: deps.metrics, replay: deps.core.seen });
  const app = new App({ token, receiver, logger, clientOptions, deferInitialization: true });
  registerSlackHandlers(app, handlerDeps);
  await app.init();
  await app.start();
  deps.http.route('POST', SLACK_EVENTS_PATH, receiver.handle);
  log.info({ path: SLACK_EVENTS_PATH }, 'slack listening in HTTP mode');
  return {
    mode: 'http',
    app,
    idle: () => receiver.idle(),
    stop: async () => void (await app.stop()),
  };
}

export { SLACK_LIMITS, fitsSlackLimits, renderSlack } from './render.js';
export { parseIntent } from './intent.js';
export type { HomeSubscriptionsSection } from './home.js';
