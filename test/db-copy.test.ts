/**
 * `db copy`: a team's SQLite data moved to PostgreSQL, checked as a user would see it there: the same
 * subscriptions, match history, rank history and search, fresh ids for new rows; refused when the
 * target already holds data (unless --replace); all or nothing when a step fails.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findCommand } from '../commands/index.js';
import { runCommand } from '../commands/run.js';
import { coreOn, createApp, ensureCatalog } from '../src/bootstrap.js';
import { main } from '../src/cli/index.js';
import type { ProductView, SearchView } from '../src/core/views.js';
import { openPgStore } from '../src/db/store.js';
import { countRows, describePg, dropPgDatabase, failInserts, freshPgUrl } from './stores.js';

const COPIED = ['products', 'capabilities', 'evidence', 'sources', 'kv', 'match_events', 'scoring_runs', 'score_snapshots', 'run_products', 'run_diffs', 'subscriptions', 'alert_state', 'outbox'];

async function cli(...args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await main(args, (s) => lines.push(s));
  return { code, out: lines.join('\n') };
}

describePg('db copy from SQLite to PostgreSQL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mg-copy-'));
  const file = join(dir, 'team.db');
  let sourceCounts: number[];

  beforeAll(async () => {
    process.env.LOG_LEVEL = 'silent';
    process.env.DATABASE_PATH = file;
    const app = createApp(file);
    await ensureCatalog(app.core);
    for (const [channel, target] of [['C1', 'gemini'], ['C2', 'category:Coding'], ['C3', 'top:10']] as const) {
      expect((await cli('subscriptions', 'add', '--platform', 'slack', '--workspace', 'T1', '--channel', channel, '--target', target)).code).toBe(0);
    }
    for (let i = 0; i < 3; i++) expect((await cli('compare', 'claude', 'chatgpt')).code).toBe(0);
    await app.core.score();
    sourceCounts = await Promise.all(COPIED.map((t) => countRows(app.store, t)));
    await app.close();
  });

  afterAll(() => {
    delete process.env.DATABASE_PATH;
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies everything a team has; on PostgreSQL the bot shows the same subscriptions, history and search', async () => {
    const { url, name } = await freshPgUrl();
    try {
      const res = await cli('db', 'copy', '--from', file, '--to', url, '--json');
      expect(res.code).toBe(0);
      const result = JSON.parse(res.out) as { tables: Array<{ table: string; rows: number }>; notCopied: Record<string, string> };
      expect(result.tables.map((t) => t.rows)).toEqual(sourceCounts);
      expect(Object.keys(result.notCopied)).toContain('seen_requests');

      const store = await openPgStore(url);
      try {
        expect(await Promise.all(COPIED.map((t) => countRows(store, t)))).toEqual(sourceCounts);
        const core = coreOn(store);
        const subs = (await store.subscriptions.list()).map((s) => [s.channelId, s.targetLabel]).sort();
        expect(subs).toEqual([['C1', 'gemini'], ['C2', 'Coding'], ['C3', 'Top 10 overall']]);
        // two scoring runs of history, and the comparisons made before the move
        const product = (await runCommand(findCommand('product')!, { name: 'gemini' }, core)) as ProductView;
        expect(product.history.length).toBe(2);
        expect(await countRows(store, 'match_events')).toBe(3);
        // the text index was built on PostgreSQL
        const search = (await runCommand(findCommand('search')!, { query: 'transcribe meetings' }, core)) as SearchView;
        expect(search.results.length).toBeGreaterThan(0);
        // new rows get ids after the copied ones
        const maxRun = (await store.scores.latestRun())!.id;
        expect((await core.score()).id).toBe(maxRun + 1);
      } finally {
        await store.close();
      }
    } finally {
      await dropPgDatabase(name);
    }
  });

  it('refuses a target that already holds a team\'s data, unless --replace; a failure leaves the target as it was', async () => {
    const { url, name } = await freshPgUrl();
    try {
      expect((await cli('db', 'copy', '--from', file, '--to', url)).code).toBe(0);
      const again = await cli('db', 'copy', '--from', file, '--to', url);
      expect(again.code).toBe(2);
      expect(again.out).toMatch(/already holds subscriptions .* --replace/);

      const store = await openPgStore(url);
      try {
        const before = await Promise.all(COPIED.map((t) => countRows(store, t)));
        // a late table fails (the catalog and history are already in): nothing of the replace is kept
        const fault = await failInserts(store, 'subscriptions', 'simulated failure');
        await expect(cli('db', 'copy', '--from', file, '--to', url, '--replace')).rejects.toThrow();
        expect(await Promise.all(COPIED.map((t) => countRows(store, t)))).toEqual(before);
        await fault.heal();
        expect((await cli('db', 'copy', '--from', file, '--to', url, '--replace')).code).toBe(0);
        expect(await Promise.all(COPIED.map((t) => countRows(store, t)))).toEqual(sourceCounts);
      } finally {
        await store.close();
      }
    } finally {
      await dropPgDatabase(name);
    }
  });

  it('a missing or foreign source file gets a clear message and exit 2', async () => {
    const missing = await cli('db', 'copy', '--from', join(dir, 'nope.db'), '--to', 'postgres://u:p@127.0.0.1:1/x');
    expect(missing).toEqual({ code: 2, out: `No SQLite database at ${join(dir, 'nope.db')}.` });
    const noTarget = await cli('db', 'copy', '--from', file);
    expect(noTarget.code).toBe(2);
    expect(noTarget.out).toMatch(/needs --from .* and --to/);
  });
});
