/**
 * Name resolver vs plain fuse.js over the whole list, on the same synthetic catalogs and queries.
 * Run: npx tsx bench/resolver.ts [sizes...]   (default 1000 10000 100000)
 * For memory numbers: node --expose-gc --import tsx bench/resolver.ts
 * Prints one JSON line per catalog size: build time, memory, per-query milliseconds (p50/p99/max
 * over all rounds, and over each query's fastest round, which removes noise from other processes
 * and GC pauses), the speed-up over plain Fuse, and how often each finds the intended entry.
 */
import Fuse from 'fuse.js';
import { createResolver, FUSE_OPTIONS, RESOLVER_LIMITS, type ResolverEntry } from '../src/core/resolve/index.js';
import { normalise } from '../src/core/resolve/normalize.js';
import { syntheticEntries } from '../src/core/resolve/synthetic.js';

interface Query {
  kind: 'exact' | 'lower' | 'typo' | 'partial' | 'keystrokes' | 'fixed';
  text: string;
  expected: ResolverEntry | null;
}

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function stripVendor(name: string): string {
  const i = name.indexOf(':');
  return i > 0 ? name.slice(i + 1).trim() : name;
}

function typo(text: string, rand: () => number): string {
  const words = text.split(' ');
  const candidates = words.map((w, i) => ({ w, i })).filter(({ w }) => /^[A-Za-z]{5,}$/.test(w));
  if (candidates.length === 0) return text;
  const { w, i } = candidates[Math.floor(rand() * candidates.length)];
  const at = 1 + Math.floor(rand() * (w.length - 2));
  words[i] = w.slice(0, at) + w.slice(at + 1);
  return words.join(' ');
}

function buildQueries(entries: ResolverEntry[], count: number, seed: number): Query[] {
  const rand = rng(seed);
  const out: Query[] = [];
  const kinds: Query['kind'][] = ['exact', 'lower', 'typo', 'partial', 'keystrokes'];
  for (let k = 0; out.length < count - 6; k++) {
    // popular entries are asked for more often
    const e = entries[Math.floor(Math.pow(rand(), 2) * entries.length)];
    const kind = kinds[k % kinds.length];
    const base = stripVendor(e.name);
    const text =
      kind === 'exact'
        ? e.name
        : kind === 'lower'
          ? base.toLowerCase().replace(/[-.]/g, ' ')
          : kind === 'typo'
            ? typo(base.toLowerCase(), rand)
            : kind === 'partial'
              ? base.split(' ').slice(0, 2).join(' ')
              : base.slice(0, 3);
    out.push({ kind, text, expected: kind === 'partial' || kind === 'keystrokes' ? null : e });
  }
  const fixed = ['gemini', 'llama 3.2 1b', 'claude sonet 4.5', 'gpt4o', 'zzzqqq xyzzy', 'x'.repeat(90) + ' ' + 'lorem ipsum '.repeat(40)];
  // both sides get the same text: the resolver would cut longer queries to maxQueryLength anyway
  for (const text of fixed) out.push({ kind: 'fixed', text: text.slice(0, RESOLVER_LIMITS.maxQueryLength), expected: null });
  return out;
}

function percentiles(samples: number[]): { p50: number; p99: number; max: number; mean: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return { p50: round(at(0.5)), p99: round(at(0.99)), max: round(s[s.length - 1]), mean: round(s.reduce((a, b) => a + b, 0) / s.length) };
}

function time<T>(fn: () => T): [T, number] {
  const t0 = process.hrtime.bigint();
  const r = fn();
  return [r, Number(process.hrtime.bigint() - t0) / 1e6];
}

/** our resolver runs the query set this many times (more samples for p99); plain Fuse once */
const ROUNDS = 5;

const gc = (globalThis as { gc?: () => void }).gc;
async function heapMB(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc?.();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const m = process.memoryUsage();
  return (m.heapUsed + m.arrayBuffers) / 1024 / 1024;
}

function sameName(a: string, b: ResolverEntry): boolean {
  return normalise(a) === normalise(b.name);
}

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
for (const n of sizes.length ? sizes : [1000, 10_000, 100_000]) {
  const entries = syntheticEntries(n, 7);
  const byId = new Map(entries.map((e) => [e.id, e]));
  const queries = buildQueries(entries, 100, 11);

  const before = await heapMB();
  const [resolver, buildMs] = time(() => createResolver(entries));
  const memMB = (await heapMB()) - before;

  // warm up
  for (const q of queries.slice(0, 20)) resolver.resolve(q.text);

  const ours: number[] = [];
  // per query, the fastest of its rounds: what the code costs without other processes and GC pauses
  const fastest = new Array<number>(queries.length).fill(Infinity);
  for (let round = 0; round < ROUNDS; round++) {
    queries.forEach((q, i) => {
      const ms = q.kind === 'keystrokes' ? time(() => resolver.autocomplete(q.text))[1] : time(() => resolver.resolve(q.text))[1];
      ours.push(ms);
      fastest[i] = Math.min(fastest[i], ms);
    });
  }

  // accuracy: the expected entry first? a confident match to it? confident answers only count
  // where its name is unique in the catalog (a duplicated name is rightly ambiguous)
  const nameCount = new Map<string, number>();
  for (const e of entries) nameCount.set(normalise(e.name), (nameCount.get(normalise(e.name)) ?? 0) + 1);
  let judged = 0;
  let top1 = 0;
  let judgedUnique = 0;
  let confidentRight = 0;
  let confidentWrong = 0;
  for (const q of queries) {
    if (!q.expected || q.kind === 'keystrokes') continue;
    const res = resolver.resolve(q.text);
    judged++;
    const first = res.match ?? res.candidates[0] ?? null;
    if (first && sameName(byId.get(first.id)!.name, q.expected)) top1++;
    if (nameCount.get(normalise(q.expected.name)) !== 1) continue;
    judgedUnique++;
    if (res.status === 'match' && res.match) {
      if (sameName(byId.get(res.match.id)!.name, q.expected)) confidentRight++;
      else confidentWrong++;
    }
  }

  const fuseBefore = await heapMB();
  const [fuse, fuseBuildMs] = time(
    () => new Fuse(entries, { ...(FUSE_OPTIONS as object), isCaseSensitive: false, shouldSort: true, keys: ['name', 'aliases'] }),
  );
  const fuseMemMB = (await heapMB()) - fuseBefore;
  for (const q of queries.slice(0, 3)) fuse.search(q.text, { limit: 5 });
  const plain: number[] = [];
  let fuseTop1 = 0;
  for (const q of queries) {
    const [res, ms] = time(() => fuse.search(q.text, { limit: 5 }));
    plain.push(ms);
    if (q.expected && res[0] && sameName((res[0].item as ResolverEntry).name, q.expected)) fuseTop1++;
  }

  const o = percentiles(ours);
  const f = percentiles(plain);
  console.log(
    JSON.stringify({
      bench: 'resolver',
      entries: n,
      queries: queries.length,
      samples: { ours: ours.length, plainFuse: plain.length },
      buildMs: Math.round(buildMs),
      memMB: gc ? Math.round(memMB) : null,
      ours: o,
      oursFastestOfRounds: percentiles(fastest),
      plainFuse: { ...f, buildMs: Math.round(fuseBuildMs), memMB: gc ? Math.round(fuseMemMB) : null },
      speedup: { p50: Math.round(f.p50 / o.p50), p99: Math.round(f.p99 / o.p99), mean: Math.round(f.mean / o.mean) },
      accuracy: {
        judged,
        oursTop1: +(top1 / judged).toFixed(3),
        plainFuseTop1: +(fuseTop1 / judged).toFixed(3),
        judgedUniqueName: judgedUnique,
        oursConfidentRight: +(confidentRight / judgedUnique).toFixed(3),
        oursConfidentWrong: +(confidentWrong / judgedUnique).toFixed(3),
      },
    }),
  );
}
