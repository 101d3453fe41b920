import { describe, expect, it } from 'vitest';
import { chartPath, comparePath, decodeIdPath, encodeIdPath, parseChartPath, parseComparePath, productPath, viewLinks } from '../src/core/links.js';

const IDS = [
  'gemini',
  'meta-llama/llama-3.2-1b-instruct',
  'openai/gpt-oss-120b:free',
  'a-vs-b',
  'x-vs-vs-y',
  '-vs-',
  'name with spaces & ?query#hash',
  '100%',
  'a/../b',
  '/leading',
  'ünïcødé/模型',
  "it's (quoted) *",
];

describe('page addresses from ids', () => {
  it('keeps ordinary ids readable', () => {
    expect(productPath('gemini')).toBe('/product/gemini');
    expect(productPath('meta-llama/llama-3.2-1b-instruct')).toBe('/product/meta-llama/llama-3.2-1b-instruct');
    expect(productPath('openai/gpt-oss-120b:free')).toBe('/product/openai/gpt-oss-120b:free');
    expect(comparePath(['meta-llama/llama-3.2-1b-instruct', 'gemini'])).toBe('/compare/meta-llama/llama-3.2-1b-instruct-vs-gemini');
    expect(chartPath(['gemini'])).toBe('/chart/gemini.png');
  });

  it('round-trips every id, alone and in every pair, through the path and back', () => {
    for (const id of IDS) {
      expect(decodeIdPath(encodeIdPath(id))).toBe(id);
      expect(parseChartPath(chartPath([id]).slice('/chart/'.length))).toEqual([id]);
      for (const other of IDS) {
        if (other === id) continue;
        expect(parseComparePath(comparePath([id, other]).slice('/compare/'.length))).toEqual([id, other]);
        expect(parseChartPath(chartPath([id, other]).slice('/chart/'.length))).toEqual([id, other]);
      }
    }
    expect(parseComparePath(comparePath(['a-vs-b', 'x-vs-vs-y', '-vs-']).slice('/compare/'.length))).toEqual(['a-vs-b', 'x-vs-vs-y', '-vs-']);
  });

  it('never writes -vs- inside an id, nor a part a browser would fold (., .., empty)', () => {
    for (const id of IDS) {
      const path = encodeIdPath(id);
      expect(path).not.toContain('-vs-');
      expect(path.split('/').some((s) => s === '' || s === '.' || s === '..')).toBe(false);
      expect(path).toMatch(/^[A-Za-z0-9\-._~:/%]+$/);
    }
  });

  it('refuses tails that name no comparison', () => {
    expect(parseComparePath('gemini')).toBeNull();
    expect(parseComparePath('a-vs-b-vs-c-vs-d')).toBeNull();
    expect(parseComparePath('-vs-gemini')).toBeNull();
    expect(parseComparePath('%E0%A4%A-vs-gemini')).toBeNull();
    expect(parseChartPath('gemini.svg')).toBeNull();
  });

  it('links a view to its page and chart only when a public address is set', () => {
    expect(viewLinks(undefined, ['gemini'])).toBeNull();
    expect(viewLinks('https://mg.example.com/', ['gemini'])).toEqual({
      page: 'https://mg.example.com/product/gemini',
      chart: 'https://mg.example.com/chart/gemini.png',
    });
    expect(viewLinks('https://mg.example.com', ['meta-llama/llama-3.2-1b-instruct', 'gemini'])?.page).toBe(
      'https://mg.example.com/compare/meta-llama/llama-3.2-1b-instruct-vs-gemini',
    );
  });
});

describe('links in the views', () => {
  it('compare and product views carry their page and chart addresses when PUBLIC_URL is set, and none otherwise', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { createApp, ensureCatalog } = await import('../src/bootstrap.js');
    const { runCommand } = await import('../commands/run.js');
    const { compare, product } = await import('../commands/index.js');
    const dir = mkdtempSync(join(tmpdir(), 'mg-links-'));
    const withUrl = createApp(join(dir, 'a.db'), { publicUrl: 'https://mg.example.com' });
    try {
      await ensureCatalog(withUrl.core);
      const c = await runCommand(compare, { first: 'llama 3.2 1b', second: 'gemini' }, withUrl.core);
      expect(c.kind === 'compare' && c.links).toEqual({
        page: 'https://mg.example.com/compare/meta-llama/llama-3.2-1b-instruct-vs-gemini',
        chart: 'https://mg.example.com/chart/meta-llama/llama-3.2-1b-instruct-vs-gemini.png',
      });
      const p = await runCommand(product, { name: 'gemini' }, withUrl.core);
      expect(p.kind === 'product' && p.links?.page).toBe('https://mg.example.com/product/gemini');
      const withoutUrl = createApp(join(dir, 'a.db'));
      try {
        const q = await runCommand(product, { name: 'gemini' }, withoutUrl.core);
        expect(q.kind).toBe('product');
        expect(q.kind === 'product' && q.links).toBeNull();
      } finally {
        withoutUrl.close();
      }
    } finally {
      withUrl.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
