/** ChatStateStore on PostgreSQL (table chat_state), shared by every instance. */
import { and, eq, gt, lte } from 'drizzle-orm';
import type { ChatStateStore, JobLeases } from '../../core/ports.js';
import type { PgDb } from './client.js';
import { chatState, jobLeases } from './schema.js';

export function createPgChatStateStore(db: PgDb, now: () => number = Date.now): ChatStateStore {
  return {
    async put(key, value, expiresAtMs) {
      await db.delete(chatState).where(lte(chatState.expiresAt, now()));
      await db
        .insert(chatState)
        .values({ key, value, expiresAt: expiresAtMs })
        .onConflictDoUpdate({ target: chatState.key, set: { value, expiresAt: expiresAtMs } });
    },
    async get(key) {
      const [row] = await db
        .select({ value: chatState.value })
        .from(chatState)
        .where(and(eq(chatState.key, key), gt(chatState.expiresAt, now())));
      return row ? row.value : null;
    },
  };
}

/**
 * JobLeases on PostgreSQL (table job_leases): one statement takes the job's row when it is free
 * or its lease ran out, so of several instances asking at once exactly one gets it.
 */
export function createPgJobLeases(db: PgDb): JobLeases {
  return {
    async tryAcquire(job, owner, nowMs, untilMs) {
      const rows = await db
        .insert(jobLeases)
        .values({ name: job, owner, until: untilMs })
        .onConflictDoUpdate({ target: jobLeases.name, set: { owner, until: untilMs }, setWhere: lte(jobLeases.until, nowMs) })
        .returning({ owner: jobLeases.owner });
      return rows.length === 1;
    },
  };
}
