/**
 * ReplayStore on SQLite (table seen_requests): every instance sharing the database sees the
 * requests the others handled. Expired keys are deleted as new ones come in.
 */
import { lte } from 'drizzle-orm';
import type { ReplayStore } from '../core/ports.js';
import type { Db } from './client.js';
import { seenRequests } from './schema.js';

export function createSqliteReplayStore(db: Db, now: () => number = Date.now): ReplayStore {
  const firstSeen = (key: string, expiresAtMs: number): boolean =>
    db.transaction((tx) => {
      tx.delete(seenRequests).where(lte(seenRequests.expiresAt, now())).run();
      const r = tx.insert(seenRequests).values({ key, expiresAt: expiresAtMs }).onConflictDoNothing().run();
      return r.changes === 1;
    });
  return {
    async firstSeen(key, expiresAtMs) {
      return firstSeen(key, expiresAtMs);
    },
  };
}
