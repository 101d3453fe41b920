/**
 * Fuzzing both signed endpoints with fast-check: interaction-shaped and arbitrary JSON for
 * Discord, slash-command forms, interactive payloads and event JSON for Slack, each signed with
 * the test key so it gets past verification to the parsing and the handlers. No request may get
 * a 5xx, fail internally or crash the process, and none may block the event loop for more than
 * 100 ms.
 *
 * Blocking is read by a timer-lag probe (a 10 ms interval; lateness beyond it), with
 * monitorEventLoopDelay alongside. A late tick is not always our doing: on a shared 2-core
 * machine, with other test files running beside this one, the process may simply not be
 * scheduled, and garbage-collector pauses stop the loop whatever runs. So each late tick is
 * charged only with the CPU time the process used in it (process.cpuUsage), less the garbage
 * collector's pauses inside it (PerformanceObserver 'gc' entries): the time the loop was busy
 * with request work. The raw figures are printed next to it.
 */
import { monitorEventLoopDelay, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { InteractionType } from 'discord.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE, SECRETS, startBot, type Bot } from './signed-endpoints.js';

/** Cases per endpoint kind: 2,400 signed requests in all. */
const RUNS = { discord: 1000, slackForms: 550, slackPayloads: 550, slackEvents: 300 } as const;
/** the most one request may hold up the event loop */
const MAX_BLOCK_MS = 100;

let bot: Bot;
const histogram = monitorEventLoopDelay({ resolution: 10 });
/** the probe: how late a 10 ms timer fires; late ticks are kept with their window */
const PROBE_MS = 10;
let lagTimer: NodeJS.Timeout | undefined;
const lateTicks: Array<{ from: number; to: number; lateMs: number; cpuMs: number }> = [];
const gcPauses: Array<{ start: number; end: number }> = [];
const gcObserver = new PerformanceObserver((list) => {
  for (const e of list.getEntries() as PerformanceEntry[]) gcPauses.push({ start: e.startTime, end: e.startTime + e.duration });
});
const statuses = new Map<number, number>();
let cases = 0;

beforeAll(async () => {
  bot = await startBot({ level: 'warn' });
});

afterAll(async () => {
  clearInterval(lagTimer);
  histogram.disable();
  gcObserver.disconnect();
  await bot?.stop();
});

function startMeasuring(): void {
  histogram.reset();
  histogram.enable();
  gcObserver.observe({ entryTypes: ['gc'] });
  let last = performance.now();
  let cpu = process.cpuUsage();
  lagTimer = setInterval(() => {
    const t = performance.now();
    const used = process.cpuUsage(cpu);
    if (t - last - PROBE_MS > 5) lateTicks.push({ from: last, to: t, lateMs: t - last - PROBE_MS, cpuMs: (used.user + used.system) / 1000 });
    last = t;
    cpu = process.cpuUsage();
  }, PROBE_MS);
}

/**
 * The longest the loop was held up: raw lateness, and lateness bounded by the CPU time the
 * process used in the window, less the garbage collector's pauses in it.
 */
function blocking(): { rawMaxMs: number; maxMs: number; gcMaxMs: number } {
  let rawMaxMs = 0;
  let maxMs = 0;
  for (const tick of lateTicks) {
    let gc = 0;
    for (const p of gcPauses) gc += Math.max(0, Math.min(p.end, tick.to) - Math.max(p.start, tick.from));
    rawMaxMs = Math.max(rawMaxMs, tick.lateMs);
    maxMs = Math.max(maxMs, Math.min(tick.lateMs, tick.cpuMs) - gc);
  }
  const gcMaxMs = gcPauses.reduce((m, p) => Math.max(m, p.end - p.start), 0);
  return { rawMaxMs, maxMs, gcMaxMs };
}

function record(status: number): void {
  cases++;
  statuses.set(status, (statuses.get(status) ?? 0) + 1);
}

// ---------------------------------------------------------------- arbitraries

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const text = fc.oneof(
  { weight: 6, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.array(fc.oneof(fc.string({ maxLength: 3 }), loneSurrogate), { maxLength: 8 }).map((a) => a.join('')) },
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE.map(([, v]) => v), 'gemini', 'llama 3.2 1b', 'claude', 'gpt-4o', 'coding') },
  { weight: 1, arbitrary: fc.nat({ max: 7000 }).map((n) => 'x'.repeat(n)) },
);
const json = fc.jsonValue({ maxDepth: 4 });
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

/** mostly the genuine value, sometimes a hostile one: most cases then get past the shape checks to the handlers */
const mostly = <T, U>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<U>) => fc.oneof({ weight: 9, arbitrary: good }, { weight: 1, arbitrary: bad });

const optionNames = ['first', 'second', 'third', 'name', 'product', 'query', 'category', 'type', 'limit', 'cheaper', 'free', 'max-price', 'target', 'min-change', 'mode'];
const optionValue = fc.oneof({ weight: 6, arbitrary: text }, { weight: 1, arbitrary: fc.integer() }, { weight: 1, arbitrary: fc.double() }, { weight: 1, arbitrary: fc.boolean() }, { weight: 1, arbitrary: json });
const leafOption = fc.record(
  { name: mostly(fc.constantFrom(...optionNames), text), type: mostly(fc.constantFrom(3, 4, 5, 10), fc.integer({ min: -1, max: 12 })), value: optionValue, focused: maybe(fc.boolean()) },
  { requiredKeys: ['name', 'type'] },
);
const options = fc.oneof(
  { weight: 12, arbitrary: fc.array(leafOption, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.array(leafOption, { minLength: 20, maxLength: 60 }) },
  { weight: 1, arbitrary: leafOption.chain((o) => fc.array(leafOption, { maxLength: 3 }).map((sub) => [{ ...o, options: sub }])) },
  { weight: 1, arbitrary: json },
);
const commands = ['compare', 'alternatives', 'product', 'top', 'search', 'subscribe', 'unsubscribe', 'subscriptions'];
const commandData = fc.record({ id: fc.constant('cmd-1'), name: mostly(fc.constantFrom(...commands), text), type: mostly(fc.constant(1), fc.integer({ min: -1, max: 12 })), options }, { requiredKeys: ['name'] });
const customIds = ['mg:capabilities?ids=gemini', 'mg:capabilities?ids=gemini,claude&page=1', 'mg:alternatives?product=gemini', 'mg:compare?first=gemini&second=claude', 'mg:subscribe?target=product:gemini', 'mg:compare?_r=1', 'mg:capabilities?ids=', 'mg:~nope', 'mg:unsubscribe?target=all', 'mg:nope?x=1'];
const componentData = fc.record({ custom_id: mostly(fc.constantFrom(...customIds), text), component_type: mostly(fc.constant(2), fc.integer({ min: -1, max: 9 })) });
const message = fc.record({ flags: fc.constantFrom(0, 64), components: mostly(fc.constant([]), json) });
const discordInteraction = fc.oneof(
  // commands and autocomplete with fuzzed names and options
  { weight: 6, arbitrary: fc.record({ type: fc.constantFrom(InteractionType.ApplicationCommand, InteractionType.ApplicationCommandAutocomplete), data: commandData }) },
  // buttons, ours and not
  { weight: 2, arbitrary: fc.record({ type: fc.constant(InteractionType.MessageComponent), data: componentData, message }) },
  // a genuine envelope with any of its fields broken
  {
    weight: 2,
    arbitrary: fc.record(
      {
        type: fc.integer({ min: -2, max: 9 }),
        data: fc.oneof(commandData, componentData, json),
        guild_id: fc.oneof(text, json),
        member: fc.oneof(fc.record({ user: fc.record({ id: text }), permissions: text }), json),
        message: json,
        application_id: fc.oneof(text, json),
        token: fc.oneof(text, json),
      },
      { requiredKeys: ['type'] },
    ),
  },
);

const slashCommands = ['/compare', '/alternatives', '/product', '/top', '/search', '/subscribe', '/unsubscribe', '/subscriptions'];
/** Percent-encodes the UTF-8 bytes of any string, lone surrogates included (as U+FFFD), as a browser's form would. */
const formEncode = (t: string) => [...Buffer.from(t, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
const id = (good: string) => mostly(fc.constant(good), text);

// ---------------------------------------------------------------- senders

async function sendDiscord(payload: unknown): Promise<number> {
  const { discord } = bot;
  const base = discord.interaction(InteractionType.Ping, undefined);
  // fields the arbitrary left out keep the genuine interaction's values
  const fields = typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? Object.entries(payload).filter(([, v]) => v !== undefined) : null;
  const body = fields ? { ...base, ...Object.fromEntries(fields), id: base.id } : payload;
  const res = await discord.send(body).catch(() => ({ status: 599 }));
  return res.status;
}

describe('fuzzing the signed endpoints', () => {
  it('Discord interactions: no 5xx, no internal failure', async () => {
    startMeasuring();
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 9, arbitrary: discordInteraction }, { weight: 1, arbitrary: json }), async (payload) => {
        const status = await sendDiscord(payload);
        record(status);
        expect(status).toBeLessThan(500);
      }),
      { numRuns: RUNS.discord, seed: 11 },
    );
  });

  it('Slack slash commands (form bodies): no 5xx', async () => {
    const respond = `${bot.slackApi.url}/respond/fuzz`;
    const form = fc.record(
      {
        command: mostly(fc.constantFrom(...slashCommands), text),
        text,
        user_id: id('U0ASKER'),
        channel_id: id('C0FUZZ'),
        team_id: id('T0TEAM'),
        response_url: mostly(fc.constant(respond), text),
      },
      { requiredKeys: ['command', 'text', 'user_id', 'channel_id', 'team_id', 'response_url'] },
    );
    await fc.assert(
      fc.asyncProperty(form, async (fields) => {
        const params = new URLSearchParams();
        for (const [k, v] of Object.entries(fields)) if (v !== undefined) params.set(k, v);
        const res = await bot.slack.post(params.toString()).catch(() => ({ status: 599 }));
        record(res.status);
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: RUNS.slackForms, seed: 12 },
    );
  });

  it('Slack interactive payloads: no 5xx', async () => {
    const respond = `${bot.slackApi.url}/respond/fuzz-action`;
    const runValue = fc.record({ k: fc.constant('run'), c: fc.constantFrom('compare', 'alternatives', 'product', 'top', 'search'), o: fc.dictionary(fc.constantFrom(...optionNames), fc.oneof(text, fc.integer(), fc.boolean()), { maxKeys: 3 }) }).map((v) => `mg:${v.c}?${new URLSearchParams(Object.entries(v.o).map(([k, x]) => [k, String(x)]))}`);
    const action = fc.record(
      {
        action_id: fc.oneof(fc.constantFrom('mg_act:0', 'mg_alert:0', 'mg_open:0', 'mg_lookup'), text),
        block_id: maybe(text),
        type: fc.constantFrom('button', 'static_select', 'external_select'),
        value: fc.oneof(runValue, text, fc.constant('mg:capabilities?ids=gemini'), fc.constant('mg:compare?first=gemini&second=claude')),
        selected_option: maybe(fc.oneof(fc.record({ value: fc.oneof(fc.constant('gemini'), text) }), json)),
      },
      { requiredKeys: ['action_id'] },
    );
    const where = { user: fc.record({ id: id('U0CLICK'), team_id: id('T0TEAM') }), team: fc.record({ id: id('T0TEAM') }) };
    const click = fc.record({
      type: fc.constant('block_actions'),
      ...where,
      actions: fc.array(
        fc.record({
          action_id: mostly(fc.constantFrom('mg_act:0', 'mg_alert:0', 'mg_open:0', 'mg_lookup'), text),
          type: fc.constantFrom('button', 'static_select', 'external_select'),
          value: fc.oneof(runValue, text, fc.constant('mg:capabilities?ids=gemini'), fc.constant('mg:compare?first=gemini&second=claude')),
          selected_option: maybe(fc.record({ value: mostly(fc.constant('gemini'), text) })),
        }),
        { minLength: 1, maxLength: 2 },
      ),
      channel: fc.record({ id: id('C0FUZZ') }),
      container: fc.record({ type: fc.constant('message'), is_ephemeral: fc.boolean() }),
      message: fc.record({ ts: fc.constant('1700000000.000100'), thread_ts: maybe(fc.constant('1700000000.000001')) }),
      view: maybe(fc.record({ id: fc.constant('V0'), type: fc.constant('home') })),
      response_url: mostly(fc.constant(respond), text),
    });
    const suggestion = fc.record({ type: fc.constant('block_suggestion'), ...where, action_id: mostly(fc.constant('mg_lookup'), text), block_id: fc.constant('b1'), value: text });
    const broken = fc.record(
      {
        type: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('block_actions', 'block_suggestion', 'view_submission', 'view_closed', 'shortcut', 'message_action') }, { weight: 1, arbitrary: text }),
        user: fc.oneof({ weight: 5, arbitrary: fc.record({ id: id('U0CLICK'), team_id: maybe(id('T0TEAM')) }) }, { weight: 1, arbitrary: json }),
        team: fc.oneof(fc.record({ id: id('T0TEAM') }), fc.constant(null), json),
        actions: fc.oneof({ weight: 5, arbitrary: fc.array(action, { maxLength: 3 }) }, { weight: 1, arbitrary: json }),
        channel: maybe(fc.oneof(fc.record({ id: id('C0FUZZ') }), json)),
        container: maybe(fc.oneof(fc.record({ type: fc.constant('message'), is_ephemeral: fc.boolean() }), json)),
        message: maybe(fc.record({ ts: fc.constant('1700000000.000100'), thread_ts: maybe(fc.constant('1700000000.000001')) })),
        view: maybe(fc.oneof(fc.record({ id: fc.constant('V0'), type: fc.constantFrom('home', 'modal') }), json)),
        response_url: maybe(fc.oneof({ weight: 5, arbitrary: fc.constant(respond) }, { weight: 1, arbitrary: text })),
        action_id: maybe(fc.constantFrom('mg_lookup', 'other')),
        value: maybe(text),
        callback_id: maybe(text),
      },
      { requiredKeys: ['type'] },
    );
    const payload = fc.oneof({ weight: 5, arbitrary: click }, { weight: 2, arbitrary: suggestion }, { weight: 3, arbitrary: broken });
    const body = fc.oneof(
      { weight: 8, arbitrary: payload.map((p) => `payload=${encodeURIComponent(JSON.stringify(p))}`) },
      { weight: 1, arbitrary: json.map((j) => `payload=${encodeURIComponent(JSON.stringify(j))}`) },
      { weight: 1, arbitrary: text.map((t) => `payload=${formEncode(t)}`) },
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const res = await bot.slack.post(b).catch(() => ({ status: 599 }));
        record(res.status);
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: RUNS.slackPayloads, seed: 13 },
    );
  });

  it('Slack events (JSON bodies): no 5xx', async () => {
    let n = 0;
    const mention = fc.record({
      type: fc.constant('app_mention'),
      user: id('U0ASKER'),
      text: text.map((t) => `<@UBOTMATCH> ${t}`),
      channel: id('C0FUZZEV'),
      ts: fc.constant('1700000000.000100'),
      thread_ts: maybe(fc.constant('1700000000.000001')),
    });
    const home = fc.record({ type: fc.constant('app_home_opened'), user: id('U0HOME'), tab: mostly(fc.constantFrom('home', 'messages'), text) });
    const broken = fc.record(
      {
        type: fc.oneof(fc.constantFrom('app_mention', 'app_home_opened', 'message', 'reaction_added'), text),
        user: fc.oneof(fc.constant('U0ASKER'), text, json),
        text: maybe(text.map((t) => `<@UBOTMATCH> ${t}`)),
        channel: fc.oneof(fc.constant('C0FUZZEV'), text, json),
        ts: maybe(fc.constant('1700000000.000100')),
        tab: maybe(fc.constantFrom('home', 'messages')),
        item: maybe(json),
        subteam: maybe(json),
      },
      { requiredKeys: ['type'] },
    );
    const event = fc.oneof({ weight: 4, arbitrary: mention }, { weight: 1, arbitrary: home }, { weight: 3, arbitrary: broken });
    const envelope = fc.record(
      {
        type: fc.oneof({ weight: 6, arbitrary: fc.constant('event_callback') }, { weight: 1, arbitrary: fc.constantFrom('url_verification', 'app_rate_limited') }, { weight: 1, arbitrary: text }),
        event: fc.oneof({ weight: 6, arbitrary: event }, { weight: 1, arbitrary: json }),
        challenge: maybe(text),
        team_id: id('T0TEAM'),
        authorizations: mostly(fc.constant([{ team_id: 'T0TEAM', user_id: 'UBOTMATCH', is_bot: true }]), json),
      },
      { requiredKeys: ['type', 'event', 'team_id', 'authorizations'] },
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 9, arbitrary: envelope }, { weight: 1, arbitrary: json }), async (e) => {
        const body = JSON.stringify(typeof e === 'object' && e !== null && !Array.isArray(e) ? { ...e, event_id: `Ev0FUZZ${n++}` } : e) ?? 'null';
        const res = await bot.slack.post(body, 'application/json').catch(() => ({ status: 599 }));
        record(res.status);
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: RUNS.slackEvents, seed: 14 },
    );
  });

  it('after it all: the process serves, nothing failed internally, no request blocked the event loop for 100 ms', async () => {
    await bot.slackHandle.idle();
    clearInterval(lagTimer);
    histogram.disable();
    // gc entries arrive after the pause; give the observer a turn
    await new Promise((r) => setTimeout(r, 20));
    const block = blocking();
    const ms = (ns: number) => +(ns / 1e6).toFixed(1);
    const summary = {
      cases,
      refusedAsBadRequest: { discord: await bot.errors('discord', 'bad_request'), slack: await bot.errors('slack', 'bad_request') },
      commandsRun: ((await bot.metrics.commands.get()).values.reduce((n, v) => n + v.value, 0)),
      platformCalls: { discord: bot.discordApi.requests.length, slack: bot.slackApi.calls.length },
      statuses: Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])),
      // monitorEventLoopDelay records each 10 ms interval as it ran, so its figures include the 10 ms
      eventLoopDelayMs: { p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max) },
      probe: { lateTicks: lateTicks.length, rawMaxMs: +block.rawMaxMs.toFixed(1), longestGcPauseMs: +block.gcMaxMs.toFixed(1), busyMaxMs: +block.maxMs.toFixed(1) },
    };
    console.log(JSON.stringify(summary));
    expect(cases).toBeGreaterThanOrEqual(RUNS.discord + RUNS.slackForms + RUNS.slackPayloads + RUNS.slackEvents);
    expect([...statuses.keys()].filter((s) => s >= 500)).toEqual([]);
    expect(block.maxMs).toBeLessThan(MAX_BLOCK_MS);
    const errorLines = bot.lines.map((l) => JSON.parse(l) as { level: number; msg: string; err?: { message?: string } }).filter((l) => l.level >= 50);
    expect(errorLines.map((l) => `${l.msg}: ${l.err?.message ?? ''}`)).toEqual([]);
    expect(await bot.errors('discord', 'internal')).toBe(0);
    expect(await bot.errors('slack', 'internal')).toBe(0);
    const all = bot.lines.join('');
    for (const secret of Object.values(SECRETS)) expect(all.includes(secret)).toBe(false);
    // still serving
    const { body, responsePath } = bot.slack.command('/top', 'limit:3');
    expect((await bot.slack.post(body)).status).toBe(200);
    expect((await bot.discord.send(bot.discord.slash('top', { limit: 3 }))).status).toBe(200);
    await bot.slackHandle.idle();
    expect(bot.slackApi.responses(responsePath).length).toBe(1);
  });
});
