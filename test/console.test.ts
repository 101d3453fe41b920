import { Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, ensureCatalog, type App } from '../src/bootstrap.js';
import { PICK_HINT, runConsole } from '../src/cli/console.js';

let app: App;

beforeAll(async () => {
  app = createApp(':memory:');
  await ensureCatalog(app.core);
});

afterAll(() => {
  app?.close();
});

async function session(lines: string[]): Promise<string> {
  const chunks: string[] = [];
  const output = new Writable({
    write(c, _e, cb) {
      chunks.push(String(c));
      cb();
    },
  });
  await runConsole(app.core, Readable.from([lines.map((l) => `${l}\n`).join('')]), output);
  return chunks.join('');
}

describe('console did-you-mean', () => {
  it('a number after the numbered list finishes the command with that product', async () => {
    const resolver = await app.core.resolver();
    const query = ['gpt', 'gemma', 'llama', 'claude', 'qwen', 'mistral'].find((q) => resolver.resolve(q).status === 'ambiguous');
    expect(query, 'some common name is ambiguous in the real catalog').toBeDefined();
    const candidates = resolver.resolve(query!).candidates;

    const text = await session([`/product ${query}`, String(candidates.length + 1), '2']);
    expect(text).toMatch(/Did you mean/);
    expect(text).toContain(PICK_HINT);
    expect(text).toContain(`Pick a number from 1 to ${candidates.length}`);
    // the product card of the second candidate, not the help text
    expect(text).toContain(`${candidates[1]!.name} · `);
    expect(text).toContain('UnfragileRank');
    expect(text).not.toMatch(/Commands:/);
  });
});

describe('console top', () => {
  it('an empty leaderboard says so instead of printing a bare table header', async () => {
    const products = await app.core.products();
    // Routers holds routers only, and "routers" names no capability a search could answer with instead
    const category = 'Routers';
    expect(products.some((p) => p.category === category)).toBe(true);
    expect(products.some((p) => p.category === category && p.type === 'product')).toBe(false);
    const text = await session([`/top ${category} --type product`]);
    expect(text).toContain('No ranked products match these filters');
    expect(text).not.toMatch(/^#\s+Name\s+Rank/m);
  });
});
