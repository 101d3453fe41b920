/**
 * ReplayStore on PostgreSQL (table seen_requests), shared by every instance on the database.
 * Expired keys are deleted as new ones come in, as on SQLite.
 */
import { lte } from 'drizzle-orm';
import type { ReplayStore } from '../../core/ports.js';
import type { PgDb } from './client.js';
import { seenRequests } from './schema.js';

export function createPgReplayStore(db: PgDb, now: () => number = Date.now): ReplayStore {
  return {
    async firstSeen(key, expiresAtMs) {
      const at = now();
      await db.delete(seenRequests).where(lte(seenRequests.expiresAt, at));
      // one statement decides: two instances racing on one key see exactly one "first"; a record
      // that expired after the delete above is taken over
      const rows = await db
        .insert(seenRequests)
        .values({ key, expiresAt: expiresAtMs })
        .onConflictDoUpdate({ target: seenRequests.key, set: { expiresAt: expiresAtMs }, setWhere: lte(seenRequests.expiresAt, at) })
        .returning({ key: seenRequests.key });
      return rows.length === 1;
    },
  };
}
