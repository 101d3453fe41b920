/**
 * The whole bot behind its one HTTP server, as the hardening tests need it: the real catalog on
 * in-memory SQLite, Discord HTTP interactions (and the gateway handler, not connected) and Slack
 * in HTTP mode, both calling local fakes of their platforms, with every log line captured at the
 * most verbose level so tests can search them for secrets.
 */
import { Writable } from 'node:stream';
import { createApp, ensureCatalog, type App } from '../src/bootstrap.js';
import { configSecrets, type Config } from '../src/config.js';
import { createHttpServer, type HttpServer } from '../src/http/server.js';
import { createLogger, type Logger } from '../src/log.js';
import { createMetrics, type Metrics } from '../src/metrics.js';
import { startDiscord, type DiscordRuntime } from '../src/platforms/discord/index.js';
import { createDiscordRest } from '../src/platforms/discord/rest.js';
import { startSlack, type SlackHandle } from '../src/platforms/slack/index.js';
import { DiscordClient, FakeDiscordApi, FakeSlackApi, SlackClient } from './chat-fakes.js';

/** Secrets shaped like the real ones, so shape-based scrubbing is exercised too. */
export const SECRETS = {
  DISCORD_TOKEN: 'MTEyMzQ1Njc4OTAxMjM0NTY3OA.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789AB',
  SLACK_BOT_TOKEN: 'xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx',
  SLACK_SIGNING_SECRET: '8f3a1c2b9d4e5f60718293a4b5c6d7e8',
} as const;

export const APP_ID = '990000000000000001';

/** Hostile text people may type: each kind the endpoints must survive, echo safely and never let ping. */
export const HOSTILE: Array<[string, string]> = [
  ['empty', ''],
  ['5,000 characters', 'llama '.repeat(834).slice(0, 5000)],
  ['@everyone', '@everyone'],
  ['@here', '@here'],
  ['role mention', '<@&123456789012345678>'],
  ['user mention', '<@123456789012345678>'],
  ['Slack broadcast', '<!channel>'],
  ['Slack here', '<!here> gemini'],
  ['markdown', '**bold** __under__ ~~strike~~ `code` ||spoiler|| # heading\n> quote [x](https://e.co)'],
  ['Slack link syntax', '<http://evil.example|click me> <mailto:a@b.c|mail>'],
  ['bidi controls', 'gpt\u202eevil\u202c-4o \u2066x\u2069 \u200e\u200f'],
  ['zero-width', 'gp\u200bt\u200c-4\u200do\ufeff\u2060'],
  ['emoji', '🦙 llama 👩‍💻 🇺🇸 ❤️'],
  ['NUL', 'gpt\u0000-4o\u0000'],
  ['lone surrogates', '\ud800gpt\udfff-4o\ud83d'],
  ['SQL', "'; DROP TABLE products; -- \" OR 1=1"],
  ['FTS5 syntax', 'name:gpt* OR "x" NEAR(a b, 2) AND NOT ^c -d {e}'],
];


export interface Bot {
  app: App;
  http: HttpServer;
  metrics: Metrics;
  log: Logger;
  /** every log line written so far */
  lines: string[];
  discordApi: FakeDiscordApi;
  slackApi: FakeSlackApi;
  discord: DiscordClient;
  slack: SlackClient;
  discordRuntime: DiscordRuntime;
  slackHandle: SlackHandle;
  base: string;
  /** count of matchgraph_errors_total for a platform and kind */
  errors(platform: string, kind: string): Promise<number>;
  stop(): Promise<void>;
}

/** The platform fakes and the signing Discord client, shared when several bots stand for several instances. */
export interface Fakes {
  discordApi: FakeDiscordApi;
  slackApi: FakeSlackApi;
  discord: DiscordClient;
}

/**
 * `app`: the store and core to serve (default: the bundled catalog on in-memory SQLite);
 * `fakes`: another bot's fakes, for a second instance of the same deployment.
 */
export async function startBot(opts: { level?: string; app?: App; fakes?: Fakes } = {}): Promise<Bot> {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const shared = opts.fakes;
  const discordApi = shared?.discordApi ?? new FakeDiscordApi();
  const slackApi = shared?.slackApi ?? new FakeSlackApi();
  if (!shared) await Promise.all([discordApi.start(), slackApi.start()]);
  const discord = shared?.discord ?? new DiscordClient(APP_ID);
  const config: Partial<Config> = {
    DISCORD_TOKEN: SECRETS.DISCORD_TOKEN,
    DISCORD_PUBLIC_KEY: discord.publicKeyHex,
    DISCORD_APPLICATION_ID: APP_ID,
    DISCORD_API_BASE: discordApi.apiBase,
    SLACK_BOT_TOKEN: SECRETS.SLACK_BOT_TOKEN,
    SLACK_SIGNING_SECRET: SECRETS.SLACK_SIGNING_SECRET,
    SLACK_API_URL: slackApi.apiUrl,
  };
  const log = createLogger(opts.level ?? 'trace', { destination: sink, secrets: configSecrets(config) });
  const app = opts.app ?? createApp(':memory:');
  await ensureCatalog(app.core);
  const metrics = createMetrics(false);
  const http = createHttpServer({ metrics, log });
  const slackHandle = await startSlack({
    core: app.core,
    config: { SLACK_BOT_TOKEN: config.SLACK_BOT_TOKEN, SLACK_APP_TOKEN: undefined, SLACK_SIGNING_SECRET: config.SLACK_SIGNING_SECRET, SLACK_API_URL: config.SLACK_API_URL },
    http,
    log,
    metrics,
  });
  const discordRuntime = await startDiscord({
    core: app.core,
    config: {
      DISCORD_TOKEN: config.DISCORD_TOKEN,
      DISCORD_PUBLIC_KEY: config.DISCORD_PUBLIC_KEY,
      DISCORD_APPLICATION_ID: APP_ID,
      DISCORD_API_BASE: config.DISCORD_API_BASE,
      DISCORD_GUILD_ID: undefined,
    },
    http,
    log,
    metrics,
    // the bot token is set, so a leaked Authorization header would carry it
    rest: createDiscordRest({ apiBase: discordApi.apiBase, token: config.DISCORD_TOKEN, retries: 1, timeoutMs: 5000 }),
    connectGateway: false,
  });
  const base = (await http.listen(0, '127.0.0.1')).url;
  discord.endpoint = base;
  const slack = new SlackClient(SECRETS.SLACK_SIGNING_SECRET, slackApi);
  slack.base = base;
  return {
    app,
    http,
    metrics,
    log,
    lines,
    discordApi,
    slackApi,
    discord,
    slack,
    discordRuntime,
    slackHandle,
    base,
    async errors(platform, kind) {
      const m = await metrics.errors.get();
      return m.values.find((v) => v.labels.platform === platform && v.labels.kind === kind)?.value ?? 0;
    },
    async stop() {
      await slackHandle.stop();
      await discordRuntime.stop();
      await http.close();
      if (!shared) await Promise.all([discordApi.close(), slackApi.close()]);
      if (!opts.app) await app.close();
    },
  };
}
