import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SubscriptionOptions } from '../src/core/alerts/types.js';
import { discordNonce } from '../src/platforms/discord/notifier.js';
import { build, createStore, V1, V2 } from './alerts-fixtures.js';
import { FakeDiscord } from './alerts-fakes.js';

const OPTS: SubscriptionOptions = { minChange: 1, minChangeUnit: 'positions', mode: 'instant', quietHours: null, timezone: 'UTC', cooldownMinutes: 0, confirm: false };
const CHANNELS = 30;
const KILLS = 14;
const RUNS_WHILE_KILLING = [2, 5, 8, 11];

const dir = mkdtempSync(join(tmpdir(), 'mg-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

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

describe('crash safety', () => {
  it('a worker killed with SIGKILL at random points loses no alert and sends none twice', async () => {
    const discord = new FakeDiscord({ answerDelayMs: [5, 60] });
    await discord.listen();
    const dbPath = join(dir, 'crash.db');
    const store = createStore(dbPath);
    try {
      await store.core.importCatalog(build(V1));
      for (let i = 0; i < CHANNELS; i++)
        await store.subscriptions.upsert(
          { platform: 'discord', workspaceId: 'g', channelId: `ch${i}`, target: { kind: 'category', category: 'Text models' }, targetLabel: 'Text models', options: OPTS, createdBy: 'u' },
          store.clock.now,
        );
      let version = 0;
      const nextRun = async () => {
        version++;
        store.clock.now = new Date(store.clock.now.getTime() + 60_000);
        await store.core.importCatalog(build(version % 2 ? V2 : V1));
      };
      await nextRun();
      await nextRun();

      const env = { MG_DB: dbPath, MG_DISCORD_API: discord.apiBase, MG_MODE: 'loop' };
      let killedMidFlight = 0;
      for (let k = 0; k < KILLS; k++) {
        const w = startWorker(env);
        // once it is up (tsx compiles on start), kill it at a random point
        while (!w.output().includes('ready')) await sleep(10);
        const before = discord.requests.length;
        await sleep(Math.random() * 300);
        w.child.kill('SIGKILL');
        await w.exited;
        if (discord.requests.length > before) killedMidFlight++;
        if (RUNS_WHILE_KILLING.includes(k)) await nextRun();
      }

      const last = startWorker({ ...env, MG_MODE: 'drain' });
      expect(await last.exited, last.output()).toBe(0);

      const rows = await store.outbox.list();
      const groups = new Map<string, string[]>();
      for (const r of rows) groups.set(r.groupKey, [...(groups.get(r.groupKey) ?? []), r.state]);
      // every row ended delivered or dead-lettered; here nothing fails, so all were delivered
      expect(rows.length).toBe(CHANNELS * (2 + RUNS_WHILE_KILLING.length));
      expect(rows.filter((r) => r.state !== 'delivered')).toEqual([]);
      // exactly one Discord message per group, found by its nonce: none lost, none duplicated
      expect(discord.messages).toHaveLength(groups.size);
      expect(discord.duplicateNonces()).toEqual([]);
      const byNonce = new Map(discord.messages.map((m) => [`${m.channel}:${m.nonce}`, m]));
      for (const r of rows) expect(byNonce.has(`${r.channelId}:${discordNonce(r.groupKey)}`), r.groupKey).toBe(true);
      // the kills did land while messages were being sent
      expect(killedMidFlight).toBeGreaterThan(0);
      console.log(
        JSON.stringify({ kills: KILLS, killedMidFlight, rows: rows.length, messages: discord.messages.length, requests: discord.requests.length, nonceHits: discord.nonceHits }),
      );
    } finally {
      store.db.$client.close();
      await discord.close();
    }
  }, 90_000);
});
