import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, ensureCatalog, SOURCES_DIR, type App } from '../src/bootstrap.js';
import { runConsole } from '../src/cli/console.js';
import { main } from '../src/cli/index.js';
import { dumpFile } from './db-dump.js';

const dir = mkdtempSync(join(tmpdir(), 'mg-cli-'));
const dbPath = join(dir, 'cli.db');
let app: App;

async function cli(...args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await main(args, (s) => lines.push(s));
  return { code, out: lines.join('\n') };
}

beforeAll(async () => {
  process.env.DATABASE_PATH = dbPath;
  process.env.LOG_LEVEL = 'silent';
  app = createApp(dbPath);
  await ensureCatalog(app.core);
});

afterAll(() => {
  app.close();
  delete process.env.DATABASE_PATH;
  rmSync(dir, { recursive: true, force: true });
});

describe('one-shot CLI', () => {
  it('compare --json follows the JSON contract and holds the seed facts', async () => {
    const { code, out } = await cli('compare', 'llama 3.2 1b', 'gemini', '--json');
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(json.products.map((p: { id: string }) => p.id)).toEqual(['meta-llama/llama-3.2-1b-instruct', 'gemini']);
    const [llama, gemini] = json.products;
    expect(llama).toMatchObject({
      name: 'Meta: Llama 3.2 1B Instruct',
      type: 'model',
      pricing: { model: 'usage-based', startingPrice: { amount: 2.7e-8, unit: 'per prompt token' } },
    });
    expect(llama.pricing.promptPerMTok).toBeCloseTo(0.027, 6);
    expect(llama.capabilities).toHaveLength(5);
    expect(gemini).toMatchObject({ name: 'gemini', type: 'product', pricing: { model: 'freemium', startingPrice: { amount: 7.99, unit: 'per month' } } });
    expect(gemini.capabilities).toHaveLength(3);
    for (const p of json.products) {
      expect(p.rank).toBeGreaterThanOrEqual(0);
      expect(p.rank).toBeLessThanOrEqual(100);
      expect(Object.keys(p.signals).sort()).toEqual(['adoption', 'ecosystem', 'matchGraph', 'quality']);
      expect(p.position.ofCategory).toBeGreaterThan(0);
      expect(p.position.category).toBeLessThanOrEqual(p.position.ofCategory);
      for (const c of p.capabilities) for (const k of ['title', 'description', 'unique', 'vsAlternatives']) expect(c[k]).toBeTruthy();
    }
    expect(typeof json.timesMatched).toBe('number');
    expect(json.verdict).toMatch(/scores higher at \d+\/100 vs .+ at \d+\/100|too close to call|not enough evidence to call/i);
    expect(json.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(json.sources).toEqual(expect.arrayContaining(['OpenRouter', 'LiteLLM']));
    expect(Array.isArray(json.capabilityMatrix)).toBe(true);
  });

  it('counts times matched across comparisons', async () => {
    const first = JSON.parse((await cli('compare', 'cursor', 'github copilot', '--json')).out);
    const second = JSON.parse((await cli('compare', 'github copilot', 'cursor', '--json')).out);
    expect(second.timesMatched).toBe(first.timesMatched + 1);
  });

  it('compare takes the chat form too: "claude vs chatgpt" in words or in one argument', async () => {
    const ids = async (...args: string[]) => {
      const r = await cli('compare', ...args, '--json');
      expect(r.code, r.out).toBe(0);
      return JSON.parse(r.out).products.map((p: { id: string }) => p.id);
    };
    const positional = await ids('llama 3.2 1b', 'gemini');
    expect(positional).toHaveLength(2);
    expect(await ids('llama', '3.2', '1b', 'vs', 'gemini')).toEqual(positional);
    expect(await ids('llama 3.2 1b vs gemini')).toEqual(positional);
    expect(await ids('claude', 'vs', 'chatgpt', 'vs', 'gemini')).toHaveLength(3);
    // a name given with its purpose (as a Discord option can be) is the name: "chatgpt for coding" is ChatGPT
    expect(await ids('claude', 'chatgpt for coding')).toEqual(await ids('claude', 'chatgpt'));
    const product = JSON.parse((await cli('product', 'cursor for coding', '--json')).out);
    expect(product.card.id).toBe('cursor');
    // a name that holds "for" and matches as a whole stays whole
    expect(JSON.parse((await cli('resolve', 'chatgpt for jupyter', '--json')).out).match.id).toBe('chatgpt-for-jupyter');
  });

  it('resolve --json reports match, ambiguous and none', async () => {
    const ok = JSON.parse((await cli('resolve', 'gemni', '--json')).out);
    expect(ok).toMatchObject({ query: 'gemni', status: 'match', match: { id: 'gemini' } });
    const none = await cli('resolve', 'qqqzzzxx', '--json');
    expect(none.code).toBe(2);
    expect(JSON.parse(none.out)).toMatchObject({ status: 'none', match: null });
  });

  it('resolve takes an exact id as the match, as compare and product do', async () => {
    // the free route lists the paid route's id as an alias, so by names alone the two tie
    const r = await cli('resolve', 'openai/gpt-oss-120b', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ status: 'match', match: { id: 'openai/gpt-oss-120b' } });
    const product = JSON.parse((await cli('product', 'openai/gpt-oss-120b', '--json')).out);
    expect(product.card.id).toBe('openai/gpt-oss-120b');
  });

  it('a model name merged into a product listing still resolves to the model', async () => {
    const r = JSON.parse((await cli('resolve', 'deepseek r1', '--json')).out);
    expect(r).toMatchObject({ status: 'match', match: { id: 'deepseek/deepseek-r1' } });
    const product = JSON.parse((await cli('resolve', 'deepseek', '--json')).out);
    expect(product).toMatchObject({ status: 'match', match: { id: 'deepseek' } });
  });

  it('exits 2 naming the candidates when a name is unknown or ambiguous', async () => {
    const unknown = await cli('compare', 'qqqzzzxx', 'gemini');
    expect(unknown.code).toBe(2);
    expect(unknown.out).toMatch(/No product matches "qqqzzzxx"/);
    const ambiguous = await cli('compare', 'gemini 2.5', 'claude');
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.out).toMatch(/Did you mean/);
    expect(ambiguous.out).toMatch(/Gemini 2.5 Pro/);
  });

  it('alternatives --json lists reasons and honours filters', async () => {
    const all = JSON.parse((await cli('alternatives', 'cursor', '--json')).out);
    expect(all.product).toMatchObject({ id: expect.any(String), name: expect.stringMatching(/cursor/i) });
    expect(all.alternatives.length).toBeGreaterThan(0);
    for (const a of all.alternatives) expect(a.reasons.length).toBeGreaterThan(0);
    const models = JSON.parse((await cli('alternatives', 'gpt-4o', '--type', 'model', '--cheaper', '--json')).out);
    expect(models.alternatives.length).toBeGreaterThan(0);
    for (const a of models.alternatives) {
      expect(a.type).toBe('model');
      expect(a.reasons).toContainEqual(expect.stringMatching(/^cheaper \(\$\S+ vs \$\S+ per 1M input tokens\)$/));
    }
  });

  it('alternatives say "ranks higher" only when the rank shown is higher', async () => {
    let above = 0;
    let notAbove = 0;
    for (const args of [['cursor'], ['cursor', '--cheaper'], ['gpt-4o', '--cheaper']]) {
      const json = JSON.parse((await cli('alternatives', ...args, '--limit', '10', '--json')).out);
      for (const a of json.alternatives) {
        const isAbove = a.rank > json.product.rank;
        const higher = a.reasons.find((r: string) => r.startsWith('ranks higher'));
        expect(higher, `${args} ${a.id}`).toBe(isAbove ? `ranks higher (${a.rank} vs ${json.product.rank})` : undefined);
        if (isAbove) above++;
        else notAbove++;
      }
    }
    // both kinds occur, so both halves of the rule are checked
    expect(above).toBeGreaterThan(0);
    expect(notAbove).toBeGreaterThan(0);
  });

  it('top and product render as text', async () => {
    const top = await cli('top', '--limit', '3');
    expect(top.code).toBe(0);
    expect(top.out.split('\n').filter((l) => /^\d+\s/.test(l))).toHaveLength(3);
    const prod = await cli('product', 'gpt-4o');
    expect(prod.code).toBe(0);
    expect(prod.out).toMatch(/UnfragileRank: \d+\/100 · Rank: #\d+ of \d+ in /);
    expect(prod.out).toMatch(/Breakdown: .* = \d+/);
    // a model's other routes are listed with their prices, on /product and on the compare card
    const oss = await cli('product', 'openai: gpt-oss-120b');
    expect(oss.out).toContain('Offers (1, USD per 1M tokens)\n  - Free copy: openai/gpt-oss-120b:free $0 in / $0 out');
    const cmp = await cli('compare', 'gpt-oss-120b', 'gemini 3.1 pro');
    expect(cmp.out).toMatch(/^Offers +1 +2$/m);
    expect(cmp.out).toContain('Google: Gemini 3.1 Pro Preview · Offers (2, USD per 1M tokens)\n  - Alias: ~google/gemini-pro-latest $2 in / $12 out\n  - Variant: google/gemini-3.1-pro-preview-customtools $2 in / $12 out');
    const json = JSON.parse((await cli('compare', 'gpt-oss-120b', 'llama 3.2 1b', '--json')).out);
    expect(json.products[0].offers).toEqual([{ id: 'openai/gpt-oss-120b:free', name: 'OpenAI: gpt-oss-120b (free)', kind: 'free', promptPerMTok: 0, completionPerMTok: 0 }]);
    expect(json.products[1].offers).toEqual([]);
    const badCat = await cli('top', 'no such category at all');
    expect(badCat.code).toBe(2);
    expect(badCat.out).toMatch(/No category matches/);
  });

  it('equal scores share a position and the card says so: no "#1" won by alphabetical order', async () => {
    const top = JSON.parse((await cli('top', 'productivity', '--limit', '25', '--json')).out);
    const rows: Array<{ id: string; position: number; rank: number }> = top.rows;
    expect(rows).toHaveLength(25);
    // rows sharing a position hold the same score; a later position is 1 + the rows above it
    const firstTie = rows.findIndex((r, i) => i > 0 && r.position === rows[i - 1].position);
    expect(firstTie, 'the Productivity top 25 holds a tie').toBeGreaterThan(0);
    rows.forEach((r, i) => {
      if (i === 0) expect(r.position).toBe(1);
      else if (r.position === rows[i - 1].position) expect(r.rank).toBe(rows[i - 1].rank);
      else expect(r.position).toBe(i + 1);
    });
    const tied = rows[firstTie];
    const card = JSON.parse((await cli('product', tied.id, '--json')).out);
    expect(card.card.position.tiedCategory).toBeGreaterThan(0);
    const text = (await cli('product', tied.id)).out;
    expect(text).toContain(`#${tied.position} of ${card.card.position.ofCategory} in Productivity (tied with ${card.card.position.tiedCategory} other`);
  });

  it("the prior's breakdown note is written when the card is shown, from the numbers stored with the run", async () => {
    const sqlite = new Database(dbPath);
    const row = sqlite.prepare("SELECT run_id, detail FROM score_snapshots WHERE product_id = 'ada-health' ORDER BY run_id DESC LIMIT 1").get() as { run_id: number; detail: string };
    const detail = JSON.parse(row.detail) as { breakdown: Array<{ part: string; note: string; prior?: { value: number; percent: number } }> };
    const prior = detail.breakdown.find((b) => b.part === 'prior')!;
    expect(prior.prior!.percent).toBeGreaterThan(0);
    const write = (d: unknown) => sqlite.prepare('UPDATE score_snapshots SET detail = ? WHERE run_id = ? AND product_id = ?').run(JSON.stringify(d), row.run_id, 'ada-health');
    const shown = async () => {
      app.core.invalidate();
      const card = JSON.parse((await cli('product', 'ada-health', '--json')).out);
      return card.breakdown.find((b: { part: string }) => b.part === 'prior').note as string;
    };
    try {
      // an older wording stored with the run is not what the card shows
      write({ ...detail, breakdown: detail.breakdown.map((b) => (b.part === 'prior' ? { ...b, note: 'old wording' } : b)) });
      expect(await shown()).toBe(`prior ${prior.prior!.value}/100 (its peers' average, shrunk toward 30) on the ${prior.prior!.percent}% of the weight not backed by evidence`);
      // a run stored before the numbers were kept shows its stored note
      write({ ...detail, breakdown: detail.breakdown.map((b) => (b.part === 'prior' ? { part: b.part, points: (b as { points?: number }).points, note: 'stored note' } : b)) });
      expect(await shown()).toBe('stored note');
    } finally {
      write(detail);
      sqlite.close();
      app.core.invalidate();
    }
  });

  it('a signal resting on thin evidence is marked on the compare card, and the mark is explained', async () => {
    const json = JSON.parse((await cli('compare', 'claude', 'chatgpt', '--json')).out);
    const [claude, chatgpt] = json.products;
    // Claude's adoption rests on list mentions alone, thin; ChatGPT's has a stated usage figure beside them
    expect(claude.thin).toContain('adoption');
    expect(chatgpt.thin).not.toContain('adoption');
    // quality from the model each runs is not thin
    for (const p of json.products) expect(p.thin, p.id).not.toContain('quality');
    const text = (await cli('compare', 'claude', 'chatgpt')).out;
    expect(text).toMatch(/^Adoption\s+\d+ \(thin\)\s+\d+$/m);
    expect(text).toMatch(/^Quality\s+\d+\s+\d+$/m);
    expect(text).toContain('(thin): a value resting on little evidence; it counts for little in the rank and does not decide the verdict.');
  });

  it('search --json follows the JSON contract; filters and text output', async () => {
    const { code, out } = await cli('search', 'transcribe', 'meetings', '--limit', '5', '--json');
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(json.query).toBe('transcribe meetings');
    expect(json.results).toHaveLength(5);
    for (const r of json.results) {
      expect(Object.keys(r)).toEqual(expect.arrayContaining(['id', 'name', 'type', 'rank', 'matched']));
      expect(['model', 'product']).toContain(r.type);
      expect(r.matched).toContain('capability: Speech to text');
    }
    const filtered = JSON.parse((await cli('search', 'open weights model with long context', '--type', 'model', '--max-price', '0.2', '--free', '--json')).out);
    expect(filtered.understood).toMatchObject({ type: 'model', free: true, maxPricePerMTok: 0.2 });
    for (const r of filtered.results) {
      expect(r.type).toBe('model');
      expect(r.pricing.promptPerMTok).toBeLessThanOrEqual(0.2);
    }
    const text = await cli('search', 'text to speech', '--limit', '3');
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^Search: text to speech · 3 of \d+/);
    expect(text.out).toMatch(/why: capability: Text to speech/);
    const bad = await cli('search', 'chat', '--max-price', 'lots');
    expect(bad.code).toBe(2);
    expect(bad.out).toMatch(/Invalid max-price/);
    const none = await cli('search');
    expect(none.code).toBe(2);
    expect(none.out).toMatch(/Missing query/);
  });

  it('product shows its sourced facts as a Sources list, in text and --json', async () => {
    const json = JSON.parse((await cli('product', 'claude code', '--json')).out);
    expect(json.card).toMatchObject({ id: 'claude-code', vendor: 'Anthropic', pricing: { model: 'paid', startingPrice: { amount: 20, unit: 'per month' } } });
    const help = 'https://support.anthropic.com/en/articles/11145838-using-claude-code-with-your-pro-or-max-plan';
    expect(json.facts.slice(0, 2)).toEqual([
      { field: 'vendor', value: 'Anthropic', source: help, date: '2026-12-03' },
      { field: 'pricing', value: 'Paid; Pro $20 per month, Max 5x $100 per month, Max 20x $200 per month', source: help, date: '2026-12-03' },
    ]);
    const text = (await cli('product', 'claude code')).out;
    expect(text).toContain(`\nSources\n  Vendor: Anthropic — ${help} (checked 2026-12-03)\n  Pricing: Paid; Pro $20 per month`);
    expect(text).toMatch(/142,319 GitHub stars on anthropics\/claude-code/);
    const none = JSON.parse((await cli('product', 'gpt-4o', '--json')).out);
    expect(none.facts).toEqual([]);
    expect((await cli('product', 'gpt-4o')).out).not.toContain('\nSources\n');
  });

  it('catalog report --json: evidence per type and signal, kinds, merges, unmatched rows and the score spread', async () => {
    const { code, out } = await cli('catalog', 'report', '--json');
    expect(code).toBe(0);
    const r = JSON.parse(out);
    const run = await app.core.scores.latestRun();
    expect(r.run).toMatchObject({ id: run!.id, configVersion: run!.configVersion });
    const products = await app.core.products();
    expect(r.entries).toBe(products.length);
    const models = r.types.find((t: { type: string }) => t.type === 'model');
    const prods = r.types.find((t: { type: string }) => t.type === 'product');
    expect(models.entries).toBe(products.filter((p) => p.type === 'model').length);
    expect(prods.entries).toBe(products.filter((p) => p.type === 'product').length);
    // every OpenRouter model has providers (ecosystem); every list product has list mentions (adoption)
    expect(models.signals.ecosystem.withEvidence).toBe(models.entries);
    expect(prods.signals.adoption).toEqual({ withEvidence: prods.entries, share: 1 });
    expect(models.signals.quality.withEvidence).toBeGreaterThan(100);
    expect(models.signals.quality.withEvidence).toBeLessThan(models.entries);

    const evidence = await app.core.catalog.evidence();
    const stars = r.evidenceKinds.find((k: { kind: string }) => k.kind === 'github_stars');
    expect(stars.rows).toBe(evidence.filter((e) => e.kind === 'github_stars').length);
    expect(stars.rows).toBeGreaterThanOrEqual(34);
    expect(r.evidenceKinds.reduce((n: number, k: { rows: number }) => n + k.rows, 0)).toBe(evidence.length);

    expect(Array.isArray(r.merges)).toBe(true);
    const arena = r.unmatched.find((u: { label: string }) => u.label === 'LMArena text (style control) models');
    expect(arena.rows).toBe(arena.matched + arena.unmatched);
    expect(arena.unmatched).toBeGreaterThan(0);
    expect(arena.examples[0]).toEqual({ name: expect.any(String), detail: expect.stringMatching(/^rating \d+$/) });
    const hf = r.unmatched.find((u: { source: string }) => u.source === 'huggingface');
    expect(hf).toMatchObject({ rows: 1000 });
    expect(hf.examples).toHaveLength(10);
    const github = r.unmatched.find((u: { source: string }) => u.source === 'github');
    expect(github.examples.map((e: { name: string }) => e.name)).not.toContain('n8n-io/n8n');
    const autoventure = r.unmatched.find((u: { source: string }) => u.source === 'ai-tools-autoventure');
    expect(autoventure).toMatchObject({ rows: 449, unmatched: 0 });

    const scores = await app.core.latestScores();
    for (const d of r.scores) {
      expect(d.buckets).toHaveLength(10);
      expect(d.buckets.reduce((n: number, b: { count: number }) => n + b.count, 0)).toBe(d.entries);
      const ofType = [...scores.values()].filter((s) => products.find((p) => p.id === s.productId)?.type === d.type);
      const top = d.mostCommon[0];
      expect(top.count).toBe(ofType.filter((s) => s.score === top.score).length);
      for (const c of d.mostCommon) expect(c.count).toBeLessThanOrEqual(top.count);
      // the widest tie a category's leaderboard shows: no category holds more entries on one score
      const groups = new Map<string, number>();
      for (const s of ofType) {
        const key = `${products.find((p) => p.id === s.productId)!.category} ${s.score}`;
        groups.set(key, (groups.get(key) ?? 0) + 1);
      }
      const tie = d.largestCategoryTie;
      expect(tie.count).toBe(Math.max(...groups.values()));
      expect(groups.get(`${tie.category} ${tie.score}`)).toBe(tie.count);
    }
    const productTop = r.scores.find((d: { type: string }) => d.type === 'product').mostCommon[0];
    expect(r.productScoreTarget).toEqual({ maxShare: 0.1, mostCommonShare: productTop.share, met: productTop.share <= 0.1 });
    // the bundled catalog meets it: no product score is held by more than a tenth of the products
    expect(r.productScoreTarget.met, `most common product score holds ${productTop.share}`).toBe(true);
    // docs/scoring.md states the spread this report shows on the bundled catalog
    const stated = /most common product score holds \*\*(\d+)%\*\* of products \(([\d.]+), (\d+) products\)/.exec(readFileSync('docs/scoring.md', 'utf8'));
    expect(stated, 'docs/scoring.md names the product spread').not.toBeNull();
    expect({ percent: Number(stated![1]), score: Number(stated![2]), count: Number(stated![3]) }).toEqual({
      percent: Math.round(productTop.share * 100),
      score: productTop.score,
      count: productTop.count,
    });
  });

  it('catalog report prints the same data as text', async () => {
    const { code, out } = await cli('catalog', 'report');
    expect(code).toBe(0);
    expect(out).toMatch(/^Catalog report · [\d,]+ entries · scoring run #\d+/);
    expect(out).toMatch(/Entries with evidence, per signal\n\s+entries\s+Adoption\s+Quality\s+Ecosystem\s+Match Graph\n\s+Models\s+316\s/);
    expect(out).toMatch(/\n\s+github_stars\s+\d+\s+\d+\n/);
    expect(out).toMatch(/Duplicates merged: /);
    expect(out).toMatch(/\n\s+Products \([\d,]+\): most common .*\n\s+largest tie in one category: [\d.]+ ×\d+ in [A-Z][\w ]+ \(\d+%\)\n/);
    expect(out).toMatch(/Left out as no longer offered: \d+\n(?:.*\n)*?\s+ross-intelligence: no longer offered \(since 2021-01-31\) \(https:\/\/legaltechnology\.com\/\S+\)\n/);
    expect(out).toMatch(/LMArena text \(style control\) models: \d+ of \d+ matched nothing\n\s+e\.g\. \S+ \(rating \d+\)/);
    expect(out).toMatch(/AutoVenture AI tools rows: 0 of 449 matched nothing \(\d+ rows merged into another listing of the same product\)/);
    expect(out).toMatch(/Products \([\d,]+\): most common \d+\.\d ×[\d,]+ \(\d+%\)/);
    expect(out).toMatch(/\n\s+30-39 +█+ +[\d,]+ \(\d+%\)\n/);
    expect(out).toMatch(/Target: no product score held by more than 10% of products: (met|not met) \(most common holds \d+%\)/);
  });

  it('an import of fresh data that no longer has an entry a curated line names leaves that line out and lists it', async () => {
    // a fresh OpenRouter download without GLM 5 (the "GLM" listing merges into it) and Kimi K2.6 (Kimi runs it)
    const gone = ['z-ai/glm-5', 'moonshotai/kimi-k2.6'];
    const openrouter = JSON.parse(readFileSync(join(SOURCES_DIR, 'openrouter', 'models.json'), 'utf8')) as { data: Array<{ id: string }> };
    expect(openrouter.data.filter((m) => gone.includes(m.id))).toHaveLength(2);
    const fresh = join(dir, 'openrouter-without.json');
    writeFileSync(fresh, JSON.stringify({ ...openrouter, data: openrouter.data.filter((m) => !gone.includes(m.id)) }));
    try {
      const { code, out } = await cli('catalog', 'import', 'openrouter', fresh);
      expect(code, out).toBe(0);
      // the GLM merge line, and the poweredBy facts of Kimi (K2.6) and Z.ai (GLM 5)
      expect(out).toMatch(/^Left out 3 curated reference\(s\) to entries the new data no longer has:$/m);
      expect(out).toMatch(/^  - merges row \d+ field into: no entry with id "z-ai\/glm-5"$/m);
      expect(out).toMatch(/^  - facts row \d+ field poweredBy\.models\.0: no model with id "moonshotai\/kimi-k2\.6" in the catalog$/m);
      expect(out).toMatch(/^  - facts row \d+ field poweredBy\.models\.0: no model with id "z-ai\/glm-5" in the catalog$/m);
      // the listing stays a product of its own; Kimi keeps its other facts
      expect(JSON.parse((await cli('resolve', 'glm', '--json')).out).match.id).toBe('glm');
      const kimi = JSON.parse((await cli('product', 'kimi', '--json')).out);
      const fields = kimi.facts.map((f: { field: string }) => f.field);
      expect(fields).toContain('vendor');
      expect(fields).not.toContain('poweredBy');
      // catalog sync reads fresh data the same way, and lists what it left out in --json
      mkdirSync(join(dir, 'sync', 'openrouter'), { recursive: true });
      writeFileSync(join(dir, 'sync', 'openrouter', 'models.json'), readFileSync(fresh));
      const synced = await cli('catalog', 'sync', join(dir, 'sync'), '--json');
      expect(synced.code, synced.out).toBe(0);
      const summary = JSON.parse(synced.out);
      expect(summary.replaced).toEqual(['openrouter/models.json']);
      expect(summary.references).toHaveLength(3);
      expect(summary.references).toContainEqual(expect.stringMatching(/^merges row \d+ field into: no entry with id "z-ai\/glm-5"$/));
    } finally {
      expect((await cli('catalog', 'import')).code).toBe(0);
    }
    // the bundled data has both, so the bundled build merges and links them
    expect(JSON.parse((await cli('resolve', 'glm', '--json')).out).match.id).toBe('z-ai/glm-5');
  });

  it('rejects a malformed import file and leaves the database unchanged', async () => {
    const before = dumpFile(dbPath);
    const bad = join(dir, 'bad-openrouter.json');
    writeFileSync(bad, JSON.stringify({ data: [{ id: 42, name: null }] }));
    const { code, out } = await cli('catalog', 'import', 'openrouter', bad);
    expect(code).toBe(2);
    expect(out).toMatch(/openrouter/i);
    // a failure after the parse, part-way through the writes, is test/import-transaction.test.ts
    expect(dumpFile(dbPath)).toEqual(before);
  });
});

describe('console', () => {
  it('reads piped commands and exits at end of input', async () => {
    const chunks: string[] = [];
    const output = new Writable({
      write(c, _e, cb) {
        chunks.push(String(c));
        cb();
      },
    });
    await runConsole(app.core, Readable.from(['/compare llama 3.2 1b vs gemini\n/help\n/nonsense\n/search transcribe meetings --limit 3\n']), output);
    const text = chunks.join('');
    for (const field of ['Type', 'UnfragileRank', 'Adoption', 'Quality', 'Ecosystem', 'Match Graph', 'Pricing', 'Starting Price', 'Capabilities', 'Times Matched', 'Verdict'])
      expect(text).toContain(field);
    expect(text).toContain('$2.70e-8 per prompt token');
    expect(text).toContain('5 decomposed');
    expect(text).toContain('3 decomposed');
    expect(text).toMatch(/Commands:/);
    expect(text).toMatch(/Unknown command "\/nonsense"/);
    expect(text).toMatch(/Search: transcribe meetings · 3 of \d+/);
    expect(text).toMatch(/Read as: Speech to text \("transcribe"\) · words: meetings/);
    expect(text).toContain('/search <what it should do>');
    expect(text).toMatch(/Only Meta: Llama 3\.2 1B Instruct: Summarization, Multilingual and translation, Open weights, Self-hostable/);
  });

  it('npm start with piped input answers and exits', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      input: '/compare gemni vs llama 3.2 1b\n',
      env: { ...process.env, DATABASE_PATH: dbPath, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('gemini vs Meta: Llama 3.2 1B Instruct');
  });
});
