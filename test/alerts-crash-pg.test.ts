/**
 * Many delivery workers on one PostgreSQL store: three worker processes deliver 1,000 alerts to
 * the fake Discord (which enforces the 50 requests/s global limit) while the test kills random
 * workers with SIGKILL and starts them again. Every row ends delivered or dead-lettered, none is
 * lost, and the fake sees no message twice.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { expect, it } from 'vitest';
import { coreOn } from '../src/bootstrap.js';
import type { SubscriptionOptions } from '../src/core/alerts/types.js';
import { discordNonce } from '../src/platforms/discord/notifier.js';
import { build, V1, V2 } from './alerts-fixtures.js';
import { FakeDiscord } from './alerts-fakes.js';
import { describePg, openTestPgStore } from './stores.js';

const OPTS: SubscriptionOptions = { minChange: 1, minChangeUnit: 'positions', mode: 'instant', quietHours: null, timezone: 'UTC', cooldownMinutes: 0, confirm: false };
const ALERTS = 1_000;
const WORKERS = 3;
const KILLS = 9;

function startWorker(env: Record<string, string>): { child: ChildProcess; exited: Promise<number | null>; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/alerts-crash-worker.ts'], {
    cwd: process.cwd(),
    env: { ...process.env, ...env, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => out };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describePg('many delivery workers on one store', () => {
  it('three workers, killed and restarted at random, deliver 1,000 alerts: none lost, none twice', async () => {
    const discord = new FakeDiscord({ answerDelayMs: [5, 40], globalLimit: { limit: 50, windowMs: 1000 } });
    await discord.listen();
    const store = await openTestPgStore();
    const clock = { now: new Date('2026-11-20T12:00:00Z') };
    const core = coreOn(store);
    const workers: Array<ReturnType<typeof startWorker>> = [];
    try {
      await core.importCatalog(build(V1));
      const values = Array.from({ length: ALERTS }, (_, i) => ({
        platform: 'discord' as const,
        workspaceId: 'g',
        channelId: `ch${i}`,
        target: { kind: 'category' as const, category: 'Text models' },
        targetLabel: 'Text models',
        options: OPTS,
        createdBy: 'u',
      }));
      for (const v of values) await store.subscriptions.upsert(v, clock.now);
      const run = await core.importCatalog(build(V2));
      expect(run.outboxRows).toBe(ALERTS);

      const env = { MG_DATABASE_URL: store.url, MG_DISCORD_API: discord.apiBase, MG_MODE: 'loop' };
      for (let i = 0; i < WORKERS; i++) workers.push(startWorker(env));
      let kills = 0;
      let killedMidFlight = 0;
      while (kills < KILLS) {
        await sleep(300 + Math.random() * 700);
        const i = Math.floor(Math.random() * WORKERS);
        const w = workers[i]!;
        if (!w.output().includes('ready')) continue;
        const before = discord.requests.length;
        w.child.kill('SIGKILL');
        await w.exited;
        kills++;
        if (discord.requests.length > before) killedMidFlight++;
        workers[i] = startWorker(env);
      }
      // the survivors finish; one more drains what killed workers left under expired leases
      for (const w of workers) {
        w.child.kill('SIGTERM');
        await w.exited;
      }
      const last = startWorker({ ...env, MG_MODE: 'drain' });
      expect(await last.exited, last.output()).toBe(0);

      const rows = await store.outbox.list();
      expect(rows).toHaveLength(ALERTS);
      // every row ended delivered or dead-lettered; here nothing fails for good, so all were delivered
      expect(rows.filter((r) => r.state !== 'delivered')).toEqual([]);
      // exactly one Discord message per group (one channel each), found by its nonce
      expect(discord.messages).toHaveLength(ALERTS);
      expect(discord.duplicateNonces()).toEqual([]);
      const byNonce = new Set(discord.messages.map((m) => `${m.channel}:${m.nonce}`));
      for (const r of rows) expect(byNonce.has(`${r.channelId}:${discordNonce(r.groupKey)}`), r.groupKey).toBe(true);
      console.log(
        JSON.stringify({ workers: WORKERS, kills, killedMidFlight, rows: rows.length, messages: discord.messages.length, requests: discord.requests.length, nonceHits: discord.nonceHits, globalLimited: discord.globalLimited }),
      );
    } finally {
      for (const w of workers) w.child.kill('SIGKILL');
      await discord.close();
    }
  }, 180_000);
});
