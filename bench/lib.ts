/**
 * Shared pieces of the benchmarks: the result line format, percentiles, timing and an
 * event-loop lag probe.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
export { mulberry32 } from '../src/core/random.js';

export interface BenchOptions {
  /** smaller samples, so the whole suite finishes in under two minutes on two cores */
  quick: boolean;
}

/** One target condition: `metric` of `value` compared with `limit`. */
export interface Check {
  metric: string;
  op: '<=' | '>=';
  limit: number;
  actual: number;
  met: boolean;
}

/** One line of output: one measure, next to its baseline from the same run. */
export interface BenchResult {
  name: string;
  params: Record<string, unknown>;
  unit: string;
  /** ours */
  value: Record<string, number>;
  /** the naive approach, measured in the same run; `label` says what it is */
  baseline: ({ label: string } & Record<string, number | string>) | null;
  /** per metric, how ours compares with the baseline; `ratioMeaning` says which way round */
  ratio: Record<string, number> | null;
  ratioMeaning?: string;
  /** the target in words, and each condition checked */
  target: string;
  checks: Check[];
  met: boolean;
  /** measured but not part of the target */
  details?: Record<string, unknown>;
  skipped?: string;
}

export function check(metric: string, actual: number, op: '<=' | '>=', limit: number): Check {
  const met = Number.isFinite(actual) && (op === '<=' ? actual <= limit : actual >= limit);
  return { metric, op, limit, actual: round(actual, 3), met };
}

/** For times: baseline / ours, so above 1 means ours is faster. */
export const TIME_RATIO = 'baseline / ours: above 1 means ours is faster';

export function result(r: Omit<BenchResult, 'met'>): BenchResult {
  const { name, params, unit, value, baseline, ratio, target, checks, details } = r;
  const ratioMeaning = ratio ? (r.ratioMeaning ?? TIME_RATIO) : undefined;
  const met = checks.length > 0 && checks.every((c) => c.met);
  return { name, params, unit, value, baseline, ratio, ratioMeaning, target, checks, met, details };
}

export function skipped(name: string, reason: string, target: string): BenchResult {
  return { name, params: {}, unit: '', value: {}, baseline: null, ratio: null, target, checks: [], met: false, skipped: reason };
}

export function round(x: number, digits = 2): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export interface Percentiles {
  p50: number;
  p99: number;
  max: number;
  mean: number;
  n: number;
}

/** Nearest-rank percentiles. */
export function percentiles(samples: readonly number[]): Percentiles {
  const s = [...samples].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return { p50: NaN, p99: NaN, max: NaN, mean: NaN, n: 0 };
  const at = (p: number) => s[Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1))];
  return { p50: round(at(0.5), 3), p99: round(at(0.99), 3), max: round(s[n - 1], 3), mean: round(s.reduce((a, b) => a + b, 0) / n, 3), n };
}

export function median(samples: readonly number[]): number {
  return percentiles(samples).p50;
}

export function ratio(baseline: number, ours: number): number {
  return ours > 0 ? round(baseline / ours, 1) : NaN;
}

/** Milliseconds taken by fn, and its result. */
export function time<T>(fn: () => T): [T, number] {
  const t0 = process.hrtime.bigint();
  const r = fn();
  return [r, Number(process.hrtime.bigint() - t0) / 1e6];
}

export async function timeAsync<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = process.hrtime.bigint();
  const r = await fn();
  return [r, Number(process.hrtime.bigint() - t0) / 1e6];
}


const gc = (globalThis as { gc?: () => void }).gc;

/** Collects garbage when the process runs with --expose-gc, and lets pending work finish. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 2; i++) {
    gc?.();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

export interface LagReport {
  /** how late a main-thread setInterval callback ran, beyond its interval (ms) */
  p50: number;
  p99: number;
  max: number;
  samples: number;
  resolutionMs: number;
  /** cross-check: perf_hooks.monitorEventLoopDelay over the same time, beyond its resolution */
  histogramP99: number;
  histogramMax: number;
}

/** Samples of several probes together. */
export interface LagPool {
  samples: number[];
  histogramP99: number;
  histogramMax: number;
  resolutionMs: number;
}

export function lagPool(resolutionMs = 10): LagPool {
  return { samples: [], histogramP99: 0, histogramMax: 0, resolutionMs };
}

function lagReport(samples: number[], resolutionMs: number, histogramP99: number, histogramMax: number): LagReport {
  const p = percentiles(samples);
  return { p50: round(p.p50, 1), p99: round(p.p99, 1), max: round(p.max, 1), samples: p.n, resolutionMs, histogramP99, histogramMax };
}

/** Pooled samples; the histogram figures are the worst of the runs. */
export function pooledLag(pool: LagPool): LagReport {
  return lagReport(pool.samples, pool.resolutionMs, pool.histogramP99, pool.histogramMax);
}

/**
 * Event-loop lag on this thread while `fn` runs: a setInterval callback every `resolutionMs`
 * records how much later than its interval it ran. The probe stays on for two more intervals
 * after `fn` settles, so a stall at the very end is counted too. perf_hooks.monitorEventLoopDelay
 * runs alongside as a cross-check.
 */
export async function withLagProbe<T>(fn: () => Promise<T>, resolutionMs = 10, pool?: LagPool): Promise<[T, LagReport]> {
  const h = monitorEventLoopDelay({ resolution: resolutionMs });
  const samples: number[] = [];
  let last = performance.now();
  const interval = setInterval(() => {
    const now = performance.now();
    samples.push(Math.max(0, now - last - resolutionMs));
    last = now;
  }, resolutionMs);
  h.enable();
  try {
    const value = await fn();
    await new Promise((resolve) => setTimeout(resolve, 2 * resolutionMs));
    h.disable();
    clearInterval(interval);
    const beyond = (ns: number) => round(Math.max(0, ns / 1e6 - resolutionMs), 1);
    const report = lagReport(samples, resolutionMs, beyond(h.percentile(99)), beyond(h.max));
    if (pool) {
      pool.samples.push(...samples);
      pool.histogramP99 = Math.max(pool.histogramP99, report.histogramP99);
      pool.histogramMax = Math.max(pool.histogramMax, report.histogramMax);
    }
    return [value, report];
  } finally {
    h.disable();
    clearInterval(interval);
  }
}
