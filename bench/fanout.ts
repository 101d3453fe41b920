/**
 * Alert fan-out benchmark. Run with `npx tsx bench/fanout.ts`.
 * One scoring run queues BENCH_ALERTS alerts (one subscription per Discord channel), and the
 * delivery worker sends them to a local fake Discord that enforces 50 requests per second and
 * answers 429 beyond it. Reports messages per second, 429s, lost and duplicated messages.
 * For comparison, a naive sender (no client-side limiter, retry on 429) sends BENCH_NAIVE_ALERTS
 * messages to the same kind of fake. Prints one JSON line per measurement.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REST } from '@discordjs/rest';
import { Routes } from 'discord.js';
import { createDeliveryWorker } from '../src/alerts/worker.js';
import type { SubscriptionOptions } from '../src/core/alerts/types.js';
import { createDiscordNotifier, discordNonce } from '../src/platforms/discord/notifier.js';
import { build, createStore, V1, V2 } from '../test/alerts-fixtures.js';
import { FakeDiscord } from '../test/alerts-fakes.js';

const ALERTS = Number(process.env.BENCH_ALERTS ?? 10_000);
const NAIVE_ALERTS = Number(process.env.BENCH_NAIVE_ALERTS ?? 1_000);
const LIMIT = { limit: 50, windowMs: 1000 };
const OPTS: SubscriptionOptions = { minChange: 1, minChangeUnit: 'positions', mode: 'instant', quietHours: null, timezone: 'UTC', cooldownMinutes: 0, confirm: false };

function line(obj: Record<string, unknown>): void {
  console.log(JSON.stringify(obj));
}

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

async function worker(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mg-fanout-'));
  const discord = new FakeDiscord({ globalLimit: LIMIT });
  await discord.listen();
  const store = createStore(join(dir, 'fanout.db'));
  try {
    await store.core.importCatalog(build(V1));
    let t = performance.now();
    for (let i = 0; i < ALERTS; i++)
      await store.subscriptions.upsert(
        { platform: 'discord', workspaceId: 'guild', channelId: `${100_000 + i}`, target: { kind: 'category', category: 'Text models' }, targetLabel: 'Text models', options: OPTS, createdBy: 'bench' },
        store.clock.now,
      );
    const subscribeMs = performance.now() - t;
    store.clock.now = new Date(store.clock.now.getTime() + 60_000);
    t = performance.now();
    const run = await store.core.importCatalog(build(V2));
    const queueMs = performance.now() - t;
    const rows = await store.outbox.list();
    line({ bench: 'fanout', step: 'queue', alerts: rows.length, subscribeMs: Math.round(subscribeMs), runWithAlertsMs: Math.round(queueMs), run: run.id });

    const w = createDeliveryWorker({ outbox: store.outbox, notifiers: [createDiscordNotifier({ token: 'bench', apiBase: discord.apiBase, timeoutMs: 10_000 })] });
    t = performance.now();
    const stats = await w.drain();
    const seconds = (performance.now() - t) / 1000;
    const groups = new Set(rows.map((r) => r.groupKey));
    const delivered = new Set(discord.messages.map((m) => `${m.channel}:${m.nonce}`));
    const lost = [...groups].filter((g) => {
      const r = rows.find((x) => x.groupKey === g)!;
      return !delivered.has(`${r.channelId}:${discordNonce(g)}`);
    }).length;
    line({
      bench: 'fanout',
      approach: 'outbox worker (paced under 50/s, 429-aware, nonce)',
      alerts: groups.size,
      messages: discord.messages.length,
      seconds: round(seconds),
      messagesPerSecond: round(discord.messages.length / seconds),
      requests: discord.requests.length,
      answered429: discord.globalLimited,
      lost,
      duplicated: discord.messages.length - delivered.size + discord.duplicateNonces().length,
      outbox: await store.outbox.stats(),
      worker: stats,
    });
  } finally {
    store.db.$client.close();
    await discord.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Sends as fast as it can with 64 requests in flight, sleeping retry_after on each 429. */
async function naive(): Promise<void> {
  const discord = new FakeDiscord({ globalLimit: LIMIT });
  await discord.listen();
  const rest = new REST({ version: '10', api: discord.apiBase, retries: 0, rejectOnRateLimit: () => true, globalRequestsPerSecond: Number.POSITIVE_INFINITY }).setToken('bench');
  let next = 0;
  let failed = 0;
  const t = performance.now();
  const send = async (i: number) => {
    for (let tries = 0; tries < 100; tries++) {
      try {
        await rest.post(Routes.channelMessages(`${200_000 + i}`), { body: { content: `alert ${i}` } });
        return;
      } catch (e) {
        const retry = (e as { retryAfter?: number }).retryAfter;
        await new Promise((r) => setTimeout(r, retry ?? 100));
      }
    }
    failed++;
  };
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (next < NAIVE_ALERTS) await send(next++);
    }),
  );
  const seconds = (performance.now() - t) / 1000;
  line({
    bench: 'fanout',
    approach: 'naive (64 in flight, retry on 429)',
    alerts: NAIVE_ALERTS,
    messages: discord.messages.length,
    seconds: round(seconds),
    messagesPerSecond: round(discord.messages.length / seconds),
    requests: discord.requests.length,
    answered429: discord.globalLimited,
    lost: failed,
  });
  await discord.close();
}

await naive();
await worker();
