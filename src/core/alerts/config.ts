/**
 * Every default, limit and threshold of rank-change alerts, in one place.
 * Platform message limits live in the platform renderers.
 */

/** Options a subscription gets when none are given. */
export const ALERT_DEFAULTS = {
  minChange: 1,
  minChangeUnit: 'positions',
  mode: 'instant',
  timezone: 'UTC',
  cooldownMinutes: 0,
  confirm: false,
} as const;

export const ALERT_LIMITS = {
  /** largest N of a top-N subscription */
  topMax: 100,
  /** largest minimum change, in positions or points */
  minChangeMax: 100,
  /** longest cooldown: one week */
  cooldownMaxMinutes: 7 * 24 * 60,
  /** changes stored per outbox row; the rest are counted as omitted */
  changesPerRow: 50,
  /** subscriptions one channel may hold */
  perChannel: 25,
  /** longest target text accepted */
  targetLength: 200,
  /** score differences below this are treated as no change (scores are rounded to 0.1) */
  scoreEpsilon: 0.05,
} as const;

/** When daily digests are sent: this local time (minutes after midnight) in the subscription's time zone. */
export const DIGEST_MINUTE_OF_DAY = 9 * 60;

/** How many later digests a new alert may move to when the digest it belongs to has already started going out. */
export const DIGEST_SHIFT_TRIES = 7;

/** Delivery worker behaviour (the scheduler and the CLI use these unless told otherwise). */
export const DELIVERY = {
  /** attempts (not counting rate-limit waits) before a row is dead-lettered */
  maxAttempts: 8,
  /** rate-limit answers (429) tolerated before a row is dead-lettered */
  maxRateLimited: 50,
  /** first backoff after a transient failure; doubles per attempt, with full jitter */
  backoffBaseMs: 2_000,
  /** longest backoff */
  backoffCapMs: 5 * 60_000,
  /** a platform request taking longer than this counts as a transient failure */
  requestTimeoutMs: 15_000,
  /** a claimed group not finished within this time is taken over by another worker */
  leaseMs: 60_000,
  /** groups in flight at once, per worker */
  maxInFlight: 64,
  /** idle polling interval of the worker loop */
  pollMs: 1_000,
  /** `alerts deliver` waits for retries due within this horizon before returning */
  drainHorizonMs: 60_000,
} as const;

/** The scoring scheduler when several instances share one store. */
export const SCHEDULER = {
  /** name of the lease that elects the instance running a scheduled scoring run */
  scoringJob: 'scoring',
  /**
   * a scheduled run holds the lease for this share of SCORING_INTERVAL: long enough that the
   * other instances' timers in the same interval find it held, short enough that the winner's
   * next tick finds it free
   */
  leaseShare: 0.9,
} as const;

/** Requests are paced this much slower than a platform's limit, to absorb timer and network jitter. */
export const RATE_HEADROOM = 0.05;

/** Request rates a platform allows (each adapter's notifier declares its own); the worker keeps under them. */
export interface PlatformRates {
  globalPerWindow: number;
  globalWindowMs: number;
  channelPerWindow: number;
  channelWindowMs: number;
}
