/** ChatStateStore on SQLite (table chat_state). Expired values are deleted as new ones come in. */
import { and, eq, gt, lte } from 'drizzle-orm';
import type { ChatStateStore } from '../core/ports.js';
import type { Db } from './client.js';
import { chatState } from './schema.js';

export function createSqliteChatStateStore(db: Db, now: () => number = Date.now): ChatStateStore {
  return {
    async put(key, value, expiresAtMs) {
      db.transaction((tx) => {
        tx.delete(chatState).where(lte(chatState.expiresAt, now())).run();
        tx.insert(chatState).values({ key, value, expiresAt: expiresAtMs }).onConflictDoUpdate({ target: chatState.key, set: { value, expiresAt: expiresAtMs } }).run();
      });
    },
    async get(key) {
      const row = db
        .select({ value: chatState.value })
        .from(chatState)
        .where(and(eq(chatState.key, key), gt(chatState.expiresAt, now())))
        .get();
      return row ? row.value : null;
    },
  };
}
