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

/** Milliseconds from `ms` until the local clock next reads `minuteOfDay`:00 (0 when it reads exactly that now). */
function untilLocalMinute(ms: number, tz: string, minuteOfDay: number): number {
  const lt = localTime(ms, tz);
  const wait = (minuteOfDay - lt.minute + DAY_MINUTES) % DAY_MINUTES;
  const delta = wait * MINUTE - Math.round(lt.second * 1000);
  return delta < 0 ? delta + DAY_MINUTES * MINUTE : delta;
}

/** The earliest time at or after `ms` outside quiet hours. Daylight-saving jumps may shift it by up to an hour. */
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
