/**
 * When an alert may be sent: quiet hours, daily digest times, and the group an alert joins
 * (rows of one group are delivered as one message).
 */
import { DIGEST_MINUTE_OF_DAY } from './config.js';
import type { AlertMode, ChannelRef, QuietHours } from './types.js';

const MINUTE = 60_000;
const DAY_MINUTES = 1440;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** Local wall-clock minute of the day (0..1439), seconds into that minute and the local date. */
export function localTime(ms: number, tz: string): { minute: number; second: number; date: string } {
  const parts: Record<string, string> = {};
  for (const p of formatter(tz).formatToParts(new Date(ms))) parts[p.type] = p.value;
  const hour = Number(parts.hour) % 24;
  return {
    minute: hour * 60 + Number(parts.minute),
    second: Number(parts.second) + (ms % 1000) / 1000,
    date: `${parts.year}-${parts.month}-${parts.day}`,
  };
}

/** true when minute-of-day `m` lies in [start, end), which may span midnight. */
export function inQuietHours(m: number, q: QuietHours): boolean {
  return q.start < q.end ? m >= q.start && m < q.end : m >= q.start || m < q.end;
}

/** The local wall-clock reading at `ms`, as the epoch ms of that reading in UTC (so readings can be compared and added to). */
function wallClock(ms: number, tz: string): number {
  const parts: Record<string, string> = {};
  for (const p of formatter(tz).formatToParts(new Date(ms))) parts[p.type] = p.value;
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour) % 24, Number(parts.minute), Number(parts.second));
  return wall + (((ms % 1000) + 1000) % 1000);
}

/**
 * Milliseconds from `ms` until the local clock next reads `minuteOfDay`:00 (0 when it reads exactly that now).
 * Across a daylight-saving change the wait is measured in real time, not wall-clock time: the wall-clock target
 * is found among the UTC offsets in force around it; when a spring-forward gap skips it, the answer is the
 * first minute after the jump.
 */
function untilLocalMinute(ms: number, tz: string, minuteOfDay: number): number {
  const lt = localTime(ms, tz);
  const wait = (minuteOfDay - lt.minute + DAY_MINUTES) % DAY_MINUTES;
  let delta = wait * MINUTE - Math.round(lt.second * 1000);
  if (delta < 0) delta += DAY_MINUTES * MINUTE;
  // the reading wanted; the naive instant ms + delta is right unless the UTC offset changes on the way
  const target = wallClock(ms, tz) + delta;
  const offsets = new Set<number>();
  for (let k = -6; k <= 6; k++) {
    const at = ms + delta + k * 30 * MINUTE;
    offsets.add(wallClock(at, tz) - at);
  }
  let best = Infinity;
  for (const off of offsets) {
    const t = target - off;
    if (t >= ms && t < best && wallClock(t, tz) === target) best = t;
  }
  if (best !== Infinity) return best - ms;
  // the target reading does not exist that day: find the jump, to the minute
  let lo = ms;
  let hi = target - Math.min(...offsets);
  while (hi - lo > MINUTE) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
    if (wallClock(mid, tz) >= target) hi = mid;
    else lo = mid;
  }
  return hi - ms;
}

/** The earliest time at or after `ms` outside quiet hours, in the local time zone (daylight-saving changes included). */
export function afterQuietHours(ms: number, tz: string, q: QuietHours | null): number {
  if (!q) return ms;
  if (!inQuietHours(localTime(ms, tz).minute, q)) return ms;
  return ms + untilLocalMinute(ms, tz, q.end);
}

/** When the digest that collects an alert raised at `ms` is sent: the next digest time, moved out of quiet hours. */
export function digestDueAt(ms: number, tz: string, q: QuietHours | null): number {
  return afterQuietHours(ms + untilLocalMinute(ms, tz, DIGEST_MINUTE_OF_DAY), tz, q);
}

/** When an alert raised at `ms` is due, and which group (one message) it joins. */
export function alertSlot(
  ref: ChannelRef,
  runId: number,
  mode: AlertMode,
  ms: number,
  tz: string,
  q: QuietHours | null,
): { dueAt: number; groupKey: string } {
  const channel = `${ref.platform}:${ref.workspaceId}:${ref.channelId}`;
  if (mode === 'daily') {
    const dueAt = digestDueAt(ms, tz, q);
    return { dueAt, groupKey: digestGroupKey(channel, dueAt) };
  }
  const dueAt = afterQuietHours(ms, tz, q);
  return { dueAt, groupKey: dueAt === ms ? `i:${runId}:${channel}` : `i:${runId}:${channel}:q${dueAt}` };
}

export function digestGroupKey(channel: string, dueAt: number): string {
  return `d:${channel}:${dueAt}`;
}

/** The digest after the one due at `dueAt` (used when that digest has already gone out). */
export function nextDigestAfter(dueAt: number, tz: string, q: QuietHours | null): number {
  return digestDueAt(dueAt + MINUTE, tz, q);
}

/** Idempotency key of one outbox row: one subscription, one run. */
export function idempotencyKey(runId: number, subscriptionId: number): string {
  return `run:${runId}:sub:${subscriptionId}`;
}
