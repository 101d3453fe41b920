/**
 * RateSlots on PostgreSQL (table rate_slots): one upsert per reservation moves the key's
 * theoretical arrival time (GCRA) and returns it, so workers on many hosts draw from one budget.
 */
import { lt, sql } from 'drizzle-orm';
import type { RateSlots } from '../../core/alerts/ports.js';
import type { PgDb } from './client.js';
import { rateSlots } from './schema.js';

/** Keys idle for this long are deleted (at most once per this interval per process). */
const RATE_SLOT_IDLE_MS = 10 * 60_000;

export function createPgRateSlots(db: PgDb): RateSlots {
  let lastSweep = 0;
  return {
    async reserve(key, now, interval, burst) {
      const intervalMs = Math.ceil(interval);
      if (now - lastSweep > RATE_SLOT_IDLE_MS) {
        lastSweep = now;
        await db.delete(rateSlots).where(lt(rateSlots.tat, now - RATE_SLOT_IDLE_MS));
      }
      // tat' = max(tat, now) + interval; the slot starts at max(now, tat' - interval * burst)
      const [row] = await db
        .insert(rateSlots)
        .values({ key, tat: now + intervalMs })
        .onConflictDoUpdate({ target: rateSlots.key, set: { tat: sql`greatest(${rateSlots.tat}, ${now}) + ${intervalMs}` } })
        .returning({ tat: rateSlots.tat });
      return Math.max(now, Number(row!.tat) - intervalMs * burst);
    },
    async pauseUntil(key, until, interval, burst) {
      // the tat at which the next reservation starts exactly at `until`
      const tat = Math.ceil(until + Math.ceil(interval) * (burst - 1));
      await db
        .insert(rateSlots)
        .values({ key, tat })
        .onConflictDoUpdate({ target: rateSlots.key, set: { tat: sql`greatest(${rateSlots.tat}, ${tat})` } });
    },
  };
}
