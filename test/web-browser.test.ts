/**
 * The pages in a real browser: Debian's Chromium (/usr/bin/chromium, installed by .ci/run),
 * driven by playwright-core; never a downloaded browser. One launch for the file.
 */
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED, startWeb, type WebFixture } from './web-fixture.js';

const ARTIFACTS = 'test-artifacts';
let web: WebFixture;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  web = await startWeb();
  // a history to draw: three scoring runs
  await web.app.core.score();
  await web.app.core.score();
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
});

afterAll(async () => {
  await browser?.close();
  await web?.close();
});

/** The text of the cells of the side-by-side table's row `label`. */
async function rowCells(label: string): Promise<string[]> {
  return page.locator('table').first().locator('tr', { has: page.locator(`th[scope=row]:text-is("${label}")`) }).locator('td').allInnerTexts();
}

describe('the web pages in Chromium', () => {
  it('shows every field of the seed page and the rank-history chart', async () => {
    const res = await page.goto(`${web.base}/compare?a=${encodeURIComponent('llama 3.2 1b')}&b=gemini`);
    expect(res?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe(SEED.path);
    await expect(page.locator('h1').innerText()).resolves.toBe('Meta: Llama 3.2 1B Instruct vs gemini');
    await expect(page.locator('p.summary').innerText()).resolves.toMatch(/^gemini ranks higher at \d+\/100 vs Meta: Llama 3\.2 1B Instruct at \d+\/100\.$/);
    const headers = await page.locator('table').first().locator('thead th').allInnerTexts();
    expect(headers).toEqual(['Feature', ...SEED.names]);
    expect(await rowCells('Type')).toEqual(['Model', 'Product']);
    for (const cell of await rowCells('UnfragileRank')) expect(cell).toMatch(/^\d+\/100$/);
    for (const signal of ['Adoption', 'Quality', 'Ecosystem', 'Match Graph']) {
      const cells = await rowCells(signal);
      expect(cells, signal).toHaveLength(2);
      for (const cell of cells) expect(cell, signal).toMatch(/^(\d+( \(thin\))?|no data)$/);
    }
    // gemini's adoption has a stated usage figure beside its list mentions: a plain number, and nothing to explain
    expect((await rowCells('Adoption'))[1]).toMatch(/^\d+$/);
    await expect(page.getByText('(thin): a value resting on little evidence').count()).resolves.toBe(0);
    for (const cell of await rowCells('Pricing')) expect(cell).toMatch(/^(Free|Freemium|Free trial|Paid|Usage-based|Open source|Unknown)$/);
    expect((await rowCells('Starting Price'))[0]).toBe('$2.70e-8 per prompt token');
    for (const cell of await rowCells('Capabilities')) expect(cell).toMatch(/^\d+ decomposed$/);
    for (const cell of await rowCells('Times Matched')) expect(cell).toMatch(/^\d+$/);
    // capabilities of each, with their Unique and vs-alternatives lines
    for (const name of SEED.names) {
      const section = page.locator('section', { has: page.locator(`h2:text-is("${name} Capabilities")`) });
      expect(await section.locator('li.cap').count(), name).toBeGreaterThan(0);
      expect(await section.locator('li.cap p strong:text-is("Unique:")').count(), name).toBeGreaterThan(0);
      expect(await section.locator('li.cap p strong:text-is("vs alternatives:")').count(), name).toBeGreaterThan(0);
    }
    expect(await page.locator('h2:text-is("Capability matrix")').isVisible()).toBe(true);
    expect(await page.locator('caption:text-is("Evidence behind each signal: gemini")').isVisible()).toBe(true);
    await expect(page.locator('p.verdict').innerText()).resolves.toMatch(/^gemini scores higher at \d+\/100 vs Meta: Llama 3\.2 1B Instruct at \d+\/100\./);
    expect(await page.locator('h2:text-is("Need something different?")').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Search the match graph →' }).isVisible()).toBe(true);
    expect(await page.locator('footer').innerText()).toMatch(/^data as of \d{4}-\d{2}-\d{2} · /);
    // the chart: an image with its title, drawn with a line per product and panel
    const chart = page.getByRole('img', { name: 'Rank history: Meta: Llama 3.2 1B Instruct vs gemini' });
    expect(await chart.isVisible()).toBe(true);
    expect(await chart.locator('path[fill=none]').count()).toBe(4);
    const box = await chart.boundingBox();
    expect(box!.width).toBeGreaterThan(300);
    // no script on the page, and the page is what the server sent
    expect(await page.locator('script').count()).toBe(0);
    await page.screenshot({ path: `${ARTIFACTS}/compare-seed.png`, fullPage: true });
  });

  it('marks a value resting on little evidence and says what the mark means', async () => {
    await page.goto(`${web.base}/compare?a=claude&b=chatgpt`);
    await expect(page.locator('h1').innerText()).resolves.toBe('Claude vs ChatGPT');
    // Claude's adoption rests on list mentions alone; ChatGPT's also has a stated usage figure
    const cells = await rowCells('Adoption');
    expect(cells[0]).toMatch(/^\d+ \(thin\)$/);
    expect(cells[1]).toMatch(/^\d+$/);
    await expect(page.getByText('(thin): a value resting on little evidence').count()).resolves.toBe(1);
  });

  it('searches from the search box', async () => {
    await page.goto(web.base + SEED.path);
    await page.getByLabel('Describe what it should do').fill('transcribe meetings');
    await Promise.all([page.waitForURL(/\/search\?q=/), page.getByRole('button', { name: 'Search the match graph →' }).click()]);
    expect(new URL(page.url()).searchParams.get('q')).toBe('transcribe meetings');
    await expect(page.locator('h1').innerText()).resolves.toBe('Search: transcribe meetings');
    expect(await page.locator('table:has(caption:text-is("Results")) tbody tr').count()).toBeGreaterThan(0);
  });

  it('follows a did-you-mean link to the comparison', async () => {
    await page.goto(`${web.base}/compare?a=copilot&b=gemini`);
    await expect(page.locator('h1').innerText()).resolves.toBe('Did you mean…');
    await Promise.all([page.waitForURL(/\/compare\/github-copilot-vs-gemini$/), page.getByRole('link', { name: 'GitHub Copilot', exact: true }).click()]);
    await expect(page.locator('h1').innerText()).resolves.toBe('GitHub Copilot vs gemini');
  });

  it('shows hostile text typed in the search box as text, without running it', async () => {
    await page.goto(`${web.base}/search`);
    const hostile = `<img src=x onerror="document.title='owned'"><script>document.title='owned'</script>\u202Eevil`;
    await page.getByLabel('Describe what it should do').fill(hostile);
    await Promise.all([page.waitForURL(/\/search\?q=/), page.getByRole('button', { name: 'Search the match graph →' }).click()]);
    const h1 = await page.locator('h1').innerText();
    expect(h1).toContain('<img src=x');
    expect(h1).not.toContain('\u202E');
    expect(await page.title()).not.toBe('owned');
    expect(await page.locator('main img, main script').count()).toBe(0);
  });

  it('renders a product page', async () => {
    const res = await page.goto(`${web.base}/product/meta-llama/llama-3.2-1b-instruct`);
    expect(res?.status()).toBe(200);
    await expect(page.locator('h1').innerText()).resolves.toBe('Meta: Llama 3.2 1B Instruct');
    for (const heading of ['Score breakdown', 'Evidence behind each signal', 'Offers and prices', 'Alternatives', 'History']) {
      expect(await page.locator(`h2:text-is("${heading}")`).isVisible(), heading).toBe(true);
    }
    expect(await page.getByRole('img', { name: 'Rank history: Meta: Llama 3.2 1B Instruct' }).isVisible()).toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}/product.png`, fullPage: true });
  });

  it('answers an unknown path with a 404 page', async () => {
    const res = await page.goto(`${web.base}/no/such/page`);
    expect(res?.status()).toBe(404);
    await expect(page.locator('h1').innerText()).resolves.toBe('Page not found');
  });
});
