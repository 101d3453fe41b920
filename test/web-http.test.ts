import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHART } from '../src/web/chart.js';
import { pngSize, SEED, startWeb, type WebFixture } from './web-fixture.js';

let web: WebFixture;

beforeAll(async () => {
  web = await startWeb();
});

afterAll(async () => {
  await web?.close();
});

async function get(path: string, init: RequestInit = {}): Promise<{ status: number; type: string; body: string; headers: Headers }> {
  const res = await fetch(web.base + path, { redirect: 'manual', ...init });
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text(), headers: res.headers };
}

async function getPng(path: string): Promise<{ status: number; type: string; png: Buffer }> {
  const res = await fetch(web.base + path);
  return { status: res.status, type: res.headers.get('content-type') ?? '', png: Buffer.from(await res.arrayBuffer()) };
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** The visible text of a page's main landmark: tags removed, entities read. */
const mainText = (html: string) =>
  (/<main[^>]*>([\s\S]*)<\/main>/.exec(html)?.[1] ?? '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]!)
    .replace(/\s+/g, ' ');

describe('web pages over HTTP, on the bundled catalog', () => {
  it('with one scoring run, the seed comparison says the chart needs another run instead of drawing one point', async () => {
    const page = await get(SEED.path);
    expect(page.status).toBe(200);
    expect(page.type).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('Only one scoring run so far');
    expect(page.body).not.toMatch(/<path d="M/);
    const png = await getPng('/chart/gemini.png');
    expect(png.status).toBe(200);
    expect(png.type).toBe('image/png');
    expect(pngSize(png.png)).toEqual({ width: CHART.width * CHART.pngZoom, height: CHART.height * CHART.pngZoom });
  });

  it('free names redirect (303) to the canonical comparison address', async () => {
    const res = await get('/compare?a=llama%203.2%201b&b=gemini');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(SEED.path);
  });

  it('serves the seed comparison with every seed field, the capability matrix, evidence, verdict and search box', async () => {
    await web.app.core.score();
    await web.app.core.score();
    const { status, body } = await get(SEED.path);
    expect(status).toBe(200);
    const text = mainText(body);
    expect(body).toContain('<h1>Meta: Llama 3.2 1B Instruct vs gemini</h1>');
    // without PUBLIC_URL the page names itself by its path and shows no preview image
    expect(body).toContain(`<link rel="canonical" href="${SEED.path}">`);
    expect(body).not.toContain('og:image');
    expect(text).toMatch(/gemini ranks higher at \d+\/100 vs Meta: Llama 3\.2 1B Instruct at \d+\/100\./);
    for (const field of ['Type', 'UnfragileRank', 'Adoption', 'Quality', 'Ecosystem', 'Match Graph', 'Pricing', 'Starting Price', 'Capabilities', 'Times Matched']) {
      expect(body).toContain(`<th scope="row">${field}</th>`);
    }
    expect(body).toContain('<th scope="row">Type</th><td>Model</td><td>Product</td>');
    expect(body).toContain('$2.70e-8 per prompt token');
    expect(text).toContain('Meta: Llama 3.2 1B Instruct Capabilities');
    expect(text).toContain('gemini Capabilities');
    expect(text).toContain('Unique:');
    expect(text).toContain('vs alternatives:');
    expect(text).toContain('Capability matrix');
    expect(text).toContain('Evidence behind each signal');
    expect(body).toMatch(/<h2 id="verdict-heading">Verdict<\/h2><p class="verdict">gemini scores higher at \d+\/100/);
    expect(text).toContain('Need something different?');
    expect(body).toContain('<form class="search" role="search" action="/search" method="get">');
    expect(text).toContain('Search the match graph →');
    // three runs drawn: two lines (score and position) per product
    expect(body).toContain('3 scoring runs');
    expect(body.match(/<path d="M[^"]*" fill="none"/g)).toHaveLength(4);
    expect(body).toContain(`<a href="/chart/meta-llama/llama-3.2-1b-instruct-vs-gemini.png">`);
  });

  it('a page view changes nothing: the match graph does not count it', async () => {
    const before = await web.app.core.matches.timesMatched(SEED.ids[0], SEED.ids[1]);
    expect((await get(SEED.path)).status).toBe(200);
    expect((await get('/api/compare?a=llama%203.2%201b&b=gemini')).status).toBe(200);
    expect(await web.app.core.matches.timesMatched(SEED.ids[0], SEED.ids[1])).toBe(before);
  });

  it('draws PNG charts at stable addresses for a product and a comparison', async () => {
    for (const path of ['/chart/gemini.png', '/chart/meta-llama/llama-3.2-1b-instruct-vs-gemini.png']) {
      const res = await getPng(path);
      expect(res.status).toBe(200);
      expect(res.type).toBe('image/png');
      expect(pngSize(res.png)).toEqual({ width: 1280, height: 720 });
    }
    expect((await get('/chart/no-such-product.png')).status).toBe(404);
    expect((await get('/chart/gemini.svg')).status).toBe(404);
  });

  it('serves a product page with breakdown, evidence, offers, alternatives and history', async () => {
    const { status, body } = await get('/product/meta-llama/llama-3.2-1b-instruct');
    expect(status).toBe(200);
    const text = mainText(body);
    for (const heading of ['Score breakdown', 'Evidence behind each signal', 'Offers and prices', 'Alternatives', 'History']) expect(text).toContain(heading);
    expect(text).toContain('$2.70e-8 per prompt token');
    expect(body).toMatch(/<a href="\/compare\/meta-llama\/llama-3\.2-1b-instruct-vs-[^"]+">Compare with/);
    expect(body).toContain('<a href="/chart/meta-llama/llama-3.2-1b-instruct.png">');
  });

  it('sends a typed name to the product page address (301), and a name that is nothing to a 404 list', async () => {
    const typo = await get('/product/gemni');
    expect(typo.status).toBe(301);
    expect(typo.headers.get('location')).toBe('/product/gemini');
    const none = await get('/product/xqzzyqv-no-such-thing');
    expect(none.status).toBe(404);
    expect(mainText(none.body)).toContain('No product matches "xqzzyqv-no-such-thing"');
  });

  it('answers an ambiguous name with a did-you-mean list that keeps the other name', async () => {
    const res = await get('/compare?a=copilot&b=gemini');
    expect(res.status).toBe(200);
    expect(res.body).toContain('<h1>Did you mean…</h1>');
    expect(res.body).toContain('<a href="/compare?a=github-copilot&amp;b=gemini">GitHub Copilot</a>');
    const follow = await get('/compare?a=github-copilot&b=gemini');
    expect(follow.status).toBe(303);
    expect(follow.headers.get('location')).toBe('/compare/github-copilot-vs-gemini');
  });

  it('serves the leaderboards and search', async () => {
    const top = await get('/top');
    expect(top.status).toBe(200);
    expect(top.body.match(/<tr><td class="num">\d+<\/td><th scope="row">/g)).toHaveLength(25);
    const cat = await get('/top/coding');
    expect(cat.status).toBe(301);
    expect(cat.headers.get('location')).toBe('/top/Coding');
    expect((await get('/top/Coding')).status).toBe(200);
    // a wide tie is named under the table, not passed off as a ranking
    expect(mainText((await get('/top/Productivity')).body)).toMatch(/#\d+ is a \d+-way tie at [\d.]+\/100.*listed by id, not by merit\./);
    const unknown = await get('/top/no-such-category');
    expect(unknown.status).toBe(404);
    expect(mainText(unknown.body)).toContain('No category matches');
    // what a product does is no category: the search page answers it
    const business = await get('/top/business');
    expect(business.status).toBe(303);
    expect(business.headers.get('location')).toBe('/search?q=business');
    // models asked of a product category are searched for as models
    const codingModels = await get('/top/Coding?type=model');
    expect(codingModels.status).toBe(303);
    expect(codingModels.headers.get('location')).toBe('/search?q=Coding&type=model');
    const search = await get('/search?q=transcribe+meetings');
    expect(search.status).toBe(200);
    expect(search.body).toContain('<h1>Search: transcribe meetings</h1>');
    expect(search.body).toMatch(/<caption>Results<\/caption>/);
  });

  it('answers HEAD like GET, without a body', async () => {
    const res = await get('/product/gemini', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/html; charset=utf-8');
    expect(Number(res.headers.get('content-length'))).toBeGreaterThan(1000);
    expect(res.body).toBe('');
    expect((await get('/nope', { method: 'HEAD' })).status).toBe(404);
  });

  it('gives 404 for paths that name nothing', async () => {
    for (const path of ['/nope', '/compare/gemini', '/compare/a-vs-b-vs-c-vs-d', '/product/', '/compare/%E0%A4%A-vs-gemini', '/static/../../etc/passwd']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.type, path).toBe('text/html; charset=utf-8');
    }
    const api = await get('/api/nope');
    expect(api.status).toBe(404);
    expect(JSON.parse(api.body)).toEqual({ error: 'not found' });
    expect((await get('/healthz')).status).toBe(200);
  });
});

describe('hostile input in addresses and the search box', () => {
  const script = '<script>alert(1)</script>';

  it('shows markup in a search as text, without the bidi override, with a policy that runs no script', async () => {
    const res = await get(`/search?q=${encodeURIComponent(`${script}\u202Egnp.exe "onmouseover='x'`)}`);
    expect(res.status).toBe(200);
    expect(res.body).not.toContain('<script');
    expect(res.body).not.toContain('\u202E');
    expect(res.body).not.toContain(`"onmouseover`);
    expect(res.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(res.headers.get('content-security-policy')).toMatch(/^default-src 'none'; style-src 'sha256-/);
  });

  it('refuses 5,000 characters with a short 400 that does not echo them', async () => {
    const long = 'a'.repeat(5000);
    for (const path of [`/search?q=${long}`, `/compare?a=${long}&b=gemini`, `/compare/${long}-vs-gemini`, `/api/search?q=${long}`]) {
      const res = await get(path);
      expect(res.status, path).toBe(400);
      expect(res.body, path).toContain('too long');
      expect(res.body, path).not.toContain('a'.repeat(300));
    }
  });

  it('escapes names in comparison addresses and forms', async () => {
    for (const path of [
      `/compare?a=${encodeURIComponent(`<img src=x onerror=alert(1)>`)}&b=gemini`,
      `/compare/${encodeURIComponent(script)}-vs-gemini`,
      `/product/${encodeURIComponent(`${script}\u202E`)}`,
      `/compare?a=${encodeURIComponent('"><script>alert(1)</script>')}`,
    ]) {
      const res = await get(path);
      expect([400, 404], path).toContain(res.status);
      expect(res.body, path).not.toMatch(/<script|<img/);
      expect(res.body, path).not.toContain('\u202E');
    }
  });
});

describe('the read-only JSON API', () => {
  it('answers the CLI JSON contract for compare, product and search', async () => {
    const cmp = await get('/api/compare?a=llama%203.2%201b&b=gemini');
    expect(cmp.status).toBe(200);
    expect(cmp.type).toBe('application/json; charset=utf-8');
    const c = JSON.parse(cmp.body);
    expect(Object.keys(c)).toEqual(expect.arrayContaining(['products', 'timesMatched', 'verdict', 'asOf', 'sources', 'capabilityMatrix']));
    expect(c.products.map((p: { id: string }) => p.id)).toEqual([...SEED.ids]);
    expect(Object.keys(c.products[0])).toEqual(
      expect.arrayContaining(['id', 'name', 'type', 'vendor', 'category', 'rank', 'position', 'signals', 'pricing', 'capabilities', 'offers']),
    );
    const p = JSON.parse((await get('/api/product/meta-llama/llama-3.2-1b-instruct')).body);
    expect(Object.keys(p)).toEqual(
      expect.arrayContaining(['card', 'description', 'breakdown', 'signals', 'contextLength', 'modalities', 'providers', 'history', 'facts', 'asOf', 'sources']),
    );
    expect(p.card.id).toBe('meta-llama/llama-3.2-1b-instruct');
    expect(p.history).toHaveLength(3);
    const s = JSON.parse((await get('/api/search?q=transcribe%20meetings')).body);
    expect(Object.keys(s)).toEqual(expect.arrayContaining(['query', 'results', 'total', 'understood', 'suggestions', 'notes', 'asOf', 'sources']));
    expect(s.results.length).toBeGreaterThan(0);
  });

  it('answers an unknown name with the resolution view and 404', async () => {
    const res = await get('/api/compare?a=xqzzyqv-no-such-thing&b=gemini');
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body)).toMatchObject({ kind: 'resolution', status: 'none', field: 'first' });
  });

  it('limits each client address, with 429 and Retry-After, and leaves the pages alone', async () => {
    const limited = await startWeb({ app: web.app, apiRate: { requests: 3, windowMs: 60_000, maxClients: 100 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await fetch(`${limited.base}/api/product/gemini`)).status);
      expect(statuses).toEqual([200, 200, 200]);
      const refused = await fetch(`${limited.base}/api/search?q=tts`);
      expect(refused.status).toBe(429);
      const wait = Number(refused.headers.get('retry-after'));
      expect(wait).toBeGreaterThanOrEqual(1);
      expect(wait).toBeLessThanOrEqual(60);
      expect((await fetch(`${limited.base}/chart/gemini.png`)).status).toBe(429);
      expect((await fetch(`${limited.base}/product/gemini`)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  const statusesFrom = async (base: string, forwardedFor: string[]) => {
    const out: number[] = [];
    for (const xff of forwardedFor) out.push((await fetch(`${base}/api/product/gemini`, { headers: { 'x-forwarded-for': xff } })).status);
    return out;
  };

  it('without TRUST_PROXY a client cannot buy a fresh budget with X-Forwarded-For', async () => {
    const limited = await startWeb({ app: web.app, apiRate: { requests: 2, windowMs: 60_000, maxClients: 100 } });
    try {
      expect(await statusesFrom(limited.base, ['10.0.0.1', '10.0.0.2', '10.0.0.3'])).toEqual([200, 200, 429]);
    } finally {
      await limited.close();
    }
  });

  it('behind one trusted proxy each client has its own budget, keyed by the entry the proxy wrote', async () => {
    const limited = await startWeb({ app: web.app, apiRate: { requests: 2, windowMs: 60_000, maxClients: 100 }, trustProxy: 1 });
    try {
      // two clients behind the balancer: each gets its two requests
      expect(await statusesFrom(limited.base, ['203.0.113.7', '203.0.113.7', '203.0.113.8', '203.0.113.8'])).toEqual([200, 200, 200, 200]);
      expect(await statusesFrom(limited.base, ['203.0.113.7'])).toEqual([429]);
      // a spoofed entry on the left does not escape: the balancer's entry (the last) is the client
      expect(await statusesFrom(limited.base, ['1.2.3.4, 203.0.113.8', '5.6.7.8, 203.0.113.8'])).toEqual([429, 429]);
      // a request that reached the server without the header is keyed by its TCP peer
      expect((await fetch(`${limited.base}/api/product/gemini`)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
