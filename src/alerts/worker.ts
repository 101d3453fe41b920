/**
 * The alert delivery worker: claims due outbox groups, renders each as one message, sends it
 * through the platform's notifier within the platform's rate limits, and records the outcome.
 *
 * Delivery is at least once: a group is marked delivered only after the platform accepted it,
 * so a crash in between sends it again; Discord drops the repeat because the nonce (derived
 * from the group key) is enforced. Every group ends delivered or dead-lettered.
 */
import { randomUUID } from 'node:crypto';
import { DELIVERY, RATE_HEADROOM, type PlatformRates } from '../core/alerts/config.js';
import { buildAlertMessage, plainLines } from '../core/alerts/format.js';
import type { AlertNotifier, ClaimedGroup, DeliveryOutcome, OutboxRepo, RateSlots, SendResult } from '../core/alerts/ports.js';
import type { Platform } from '../core/alerts/types.js';
import type { Logger } from '../log.js';
import type { AlertMetrics } from './metrics.js';
import { PlatformLimiter } from './rate-limit.js';

export interface WorkerOptions {
  outbox: OutboxRepo;
  notifiers: AlertNotifier[];
  /** rate slots shared with the other workers on the store (PostgreSQL); without them this worker's limiter is the whole budget */
  slots?: RateSlots | null;
  log?: Logger;
  metrics?: AlertMetrics;
  /** epoch ms */
  now?: () => number;
  /** 0..1, for backoff jitter */
  random?: () => number;
  owner?: string;
  leaseMs?: number;
  maxInFlight?: number;
  pollMs?: number;
  maxAttempts?: number;
  maxRateLimited?: number;
  backoffBaseMs?: number;
  backoffCapMs?: number;
  rates?: Partial<Record<Platform, PlatformRates>>;
}

export interface DeliveryStats {
  delivered: number;
  retried: number;
  rateLimited: number;
  dead: number;
  disabled: number;
}

export interface DeliveryWorker {
  readonly owner: string;
  /** runs the delivery loop in the background until stop() */
  start(): void;
  /** finishes the sends in flight and stops */
  stop(): Promise<void>;
  /** checks for due rows now (after a scoring run) */
  wake(): void;
  /** delivers everything due, including retries due within horizonMs, then returns */
  drain(opts?: { horizonMs?: number }): Promise<DeliveryStats>;
  readonly stats: DeliveryStats;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

/** Exponential backoff with "equal jitter": half fixed, half random, capped. */
export function backoffMs(attempt: number, base: number, cap: number, random: () => number): number {
  const d = Math.min(cap, base * 2 ** Math.max(0, attempt - 1));
  return Math.round(d / 2 + random() * (d / 2));
}

/**
 * The shared form of a platform's limits: one request per interval (the window stretched by the
 * headroom, divided by its limit), the global budget paced, a channel allowed its burst.
 */
export function sharedPacing(r: PlatformRates): Record<'global' | 'channel', { intervalMs: number; burst: number }> {
  return {
    global: { intervalMs: (r.globalWindowMs * (1 + RATE_HEADROOM)) / r.globalPerWindow, burst: 1 },
    channel: { intervalMs: (r.channelWindowMs * (1 + RATE_HEADROOM)) / r.channelPerWindow, burst: r.channelPerWindow },
  };
}

export function createDeliveryWorker(opts: WorkerOptions): DeliveryWorker {
  const now = opts.now ?? Date.now;
  const random = opts.random ?? Math.random;
  const owner = opts.owner ?? `worker-${process.pid}-${randomUUID().slice(0, 8)}`;
  const leaseMs = opts.leaseMs ?? DELIVERY.leaseMs;
  const maxInFlight = opts.maxInFlight ?? DELIVERY.maxInFlight;
  const pollMs = opts.pollMs ?? DELIVERY.pollMs;
  const maxAttempts = opts.maxAttempts ?? DELIVERY.maxAttempts;
  const maxRateLimited = opts.maxRateLimited ?? DELIVERY.maxRateLimited;
  const base = opts.backoffBaseMs ?? DELIVERY.backoffBaseMs;
  const cap = opts.backoffCapMs ?? DELIVERY.backoffCapMs;
  const notifiers = new Map(opts.notifiers.map((n) => [n.platform, n]));
  const platforms = [...notifiers.keys()];
  const rateOf = (p: Platform): PlatformRates => opts.rates?.[p] ?? notifiers.get(p)!.rates;
  const limiters = new Map(platforms.map((p) => [p, new PlatformLimiter(rateOf(p))]));
  const slots = opts.slots ?? null;
  const shared = new Map(platforms.map((p) => [p, sharedPacing(rateOf(p))]));
  /** Waits for this group's shared slots: the channel's, then the platform's global one. */
  async function sharedSlots(g: ClaimedGroup): Promise<void> {
    if (!slots) return;
    const pace = shared.get(g.platform)!;
    for (const [key, p] of [
      [`${g.platform}:channel:${channelKey(g)}`, pace.channel],
      [`${g.platform}:global`, pace.global],
    ] as const) {
      const start = await slots.reserve(key, now(), p.intervalMs, p.burst);
      await sleep(start - now());
    }
  }
  const stats: DeliveryStats = { delivered: 0, retried: 0, rateLimited: 0, dead: 0, disabled: 0 };

  const inflight = new Set<Promise<void>>();
  const busyChannels = new Set<string>();
  let signal: (() => void) | null = null;
  const notify = () => {
    const s = signal;
    signal = null;
    s?.();
  };
  const waitForSignal = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        if (signal === done) signal = null;
        resolve();
      }, Math.max(0, ms));
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      signal = done;
    });

  let running: Promise<void> | null = null;
  let stopping = false;

  const channelKey = (g: Pick<ClaimedGroup, 'platform' | 'workspaceId' | 'channelId'>) => `${g.platform}:${g.workspaceId}:${g.channelId}`;

  function decide(g: ClaimedGroup, res: SendResult, summary: string, at: number): DeliveryOutcome {
    if (res.ok) return { kind: 'delivered', messageId: res.messageId, summary };
    switch (res.kind) {
      case 'rate_limited': {
        const limiter = limiters.get(g.platform)!;
        const until = at + res.retryAfterMs;
        if (res.global) limiter.global.pauseUntil(until);
        else limiter.channel(channelKey(g), at).pauseUntil(until);
        if (slots) {
          const pace = shared.get(g.platform)!;
          const [key, p] = res.global ? [`${g.platform}:global`, pace.global] : [`${g.platform}:channel:${channelKey(g)}`, pace.channel];
          void slots.pauseUntil(key, until, p.intervalMs, p.burst).catch((err) => opts.log?.warn({ err }, 'could not share a rate-limit pause'));
        }
        if (g.rateLimited + 1 >= maxRateLimited) return { kind: 'dead', error: `gave up after ${g.rateLimited + 1} rate limits: ${res.error}` };
        return { kind: 'retry', nextAttemptAt: until, error: res.error, attempt: false, rateLimited: true };
      }
      case 'transient':
        if (g.attempts + 1 >= maxAttempts) return { kind: 'dead', error: `gave up after ${g.attempts + 1} attempts: ${res.error}` };
        return { kind: 'retry', nextAttemptAt: at + backoffMs(g.attempts + 1, base, cap, random), error: res.error, attempt: true, rateLimited: false };
      case 'permanent':
        return { kind: 'disable', reason: res.reason, scope: res.scope, error: res.error };
      case 'rejected':
        return { kind: 'dead', error: `rejected: ${res.error}` };
    }
  }

  async function deliver(g: ClaimedGroup): Promise<void> {
    const notifier = notifiers.get(g.platform)!;
    const message = buildAlertMessage(g.rows.map((r) => r.payload));
    const lines = plainLines(message);
    const summary = lines.length ? `${lines[0]}${lines.length > 1 ? ` (+${lines.length - 1} more)` : ''}` : '';
    if (lines.length === 0) {
      await opts.outbox.complete(g, owner, { kind: 'delivered', messageId: '', summary: 'nothing left to report' }, now());
      return;
    }
    const limiter = limiters.get(g.platform)!;
    const ch = channelKey(g);
    // wait for a slot in the channel's window, then in the platform's; a 429 that arrived
    // meanwhile moves the slot back (pauses apply to slots already reserved too)
    for (const l of [limiter.channel(ch, now()), limiter.global]) {
      for (let t = l.reserve(now()); ; t = l.reserve(now())) {
        await sleep(t - now());
        if (now() >= l.pausedUntil) break;
      }
    }
    await sharedSlots(g);
    const started = performance.now();
    const res = await notifier.send({
      channel: { platform: g.platform, workspaceId: g.workspaceId, channelId: g.channelId },
      idempotencyKey: g.groupKey,
      message,
    });
    opts.metrics?.latency.observe({ platform: g.platform }, (performance.now() - started) / 1000);
    const outcome = decide(g, res, summary, now());
    await opts.outbox.complete(g, owner, outcome, now());
    const label =
      outcome.kind === 'delivered'
        ? 'delivered'
        : outcome.kind === 'retry'
          ? outcome.rateLimited
            ? 'rate_limited'
            : 'retry'
          : outcome.kind === 'disable'
            ? 'disabled'
            : outcome.kind === 'dead'
              ? 'dead'
              : 'released';
    opts.metrics?.sends.inc({ platform: g.platform, outcome: label });
    if (outcome.kind === 'delivered') stats.delivered++;
    else if (outcome.kind === 'retry') {
      if (outcome.rateLimited) stats.rateLimited++;
      else stats.retried++;
      opts.log?.debug({ group: g.groupKey, error: outcome.error, nextAttemptAt: outcome.nextAttemptAt }, 'alert delivery will be retried');
    } else if (outcome.kind === 'dead') {
      stats.dead++;
      opts.log?.warn({ group: g.groupKey, error: outcome.error }, 'alert dead-lettered');
    } else if (outcome.kind === 'disable') {
      stats.disabled++;
      opts.log?.warn({ group: g.groupKey, reason: outcome.reason, error: outcome.error }, 'alert channel disabled');
    }
  }

  function launch(g: ClaimedGroup): void {
    const ch = channelKey(g);
    busyChannels.add(ch);
    const p: Promise<void> = deliver(g)
      .catch(async (err) => {
        opts.log?.error({ err, group: g.groupKey }, 'alert delivery failed unexpectedly');
        // give the rows back; they are claimed again after a short pause
        await opts.outbox
          .complete(g, owner, { kind: 'retry', nextAttemptAt: now() + base, error: String(err), attempt: true, rateLimited: false }, now())
          .catch(() => undefined);
      })
      .finally(() => {
        inflight.delete(p);
        busyChannels.delete(ch);
        notify();
      });
    inflight.add(p);
  }

  // claim in batches rather than one group per finished send: the rate limiter paces the sends anyway
  const refillAt = Math.max(1, Math.floor(maxInFlight / 4));
  async function fill(): Promise<number> {
    const free = maxInFlight - inflight.size;
    if (free <= 0 || platforms.length === 0 || (inflight.size > 0 && free < refillAt)) return 0;
    const groups = await opts.outbox.claim({ now: now(), owner, leaseMs, limit: free, platforms, busyChannels });
    for (const g of groups) launch(g);
    return groups.length;
  }

  /** The loop shared by start() and drain(): returns when `done()` says so. */
  async function loop(done: (idle: boolean, nextDue: number | null) => boolean): Promise<void> {
    for (;;) {
      if (stopping) break;
      const claimed = await fill();
      if (claimed > 0 && inflight.size < maxInFlight) continue;
      let nextDue: number | null = null;
      if (claimed === 0) nextDue = await opts.outbox.nextDueAt(platforms);
      const idle = claimed === 0 && inflight.size === 0;
      if (done(idle, nextDue)) break;
      // due rows that were not claimed wait for a channel in flight: its completion signals
      const t = now();
      const wait =
        inflight.size >= maxInFlight || nextDue === null ? pollMs : nextDue <= t ? (inflight.size > 0 ? pollMs : 5) : Math.min(pollMs, nextDue - t);
      await waitForSignal(wait);
    }
    await Promise.allSettled([...inflight]);
  }

  return {
    owner,
    stats,
    start() {
      if (running) return;
      stopping = false;
      running = loop(() => false).catch((err) => opts.log?.error({ err }, 'alert delivery loop stopped'));
    },
    async stop() {
      stopping = true;
      notify();
      await running;
      await Promise.allSettled([...inflight]);
      running = null;
    },
    wake() {
      notify();
    },
    async drain(o = {}) {
      const horizon = o.horizonMs ?? DELIVERY.drainHorizonMs;
      const before = { ...stats };
      await loop((idle, nextDue) => idle && (nextDue === null || nextDue > now() + horizon));
      return {
        delivered: stats.delivered - before.delivered,
        retried: stats.retried - before.retried,
        rateLimited: stats.rateLimited - before.rateLimited,
        dead: stats.dead - before.dead,
        disabled: stats.disabled - before.disabled,
      };
    },
  };
}
