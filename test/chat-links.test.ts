/**
 * Chat answers and the web: with PUBLIC_URL, Discord and Slack cards link to their web page
 * (and Slack shows the chart); Discord /compare and /product replies carry the rank-history
 * chart as a PNG attachment, sent multipart to the fake Discord API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compare, product } from '../commands/index.js';
import { runCommand } from '../commands/run.js';
import { createApp, ensureCatalog, type App } from '../src/bootstrap.js';
import { renderText } from '../src/cli/render-text.js';
import { createHttpServer, type HttpServer } from '../src/http/server.js';
import { createLogger } from '../src/log.js';
import { createMetrics } from '../src/metrics.js';
import { CHART_FILE } from '../src/platforms/discord/handler.js';
import { startDiscord, type DiscordRuntime } from '../src/platforms/discord/index.js';
import { createDiscordRest } from '../src/platforms/discord/rest.js';
import { startSlack, type SlackHandle } from '../src/platforms/slack/index.js';
import { renderSlack, slackLimitProblems } from '../src/platforms/slack/render.js';
import { CHART } from '../src/web/chart.js';
import { viewChartPng } from '../src/web/charts.js';
import { DiscordClient, FakeDiscordApi, FakeSlackApi, SlackClient, waitFor } from './chat-fakes.js';
import { pngSize, SEED, startWeb } from './web-fixture.js';

const APP_ID = '123456789012345678';
const PUBLIC_URL = 'https://mg.example.com';
const SEED_PAGE = `${PUBLIC_URL}${SEED.path}`;
let app: App;
let fake: FakeDiscordApi;
let http: HttpServer;
let runtime: DiscordRuntime;
const discord = new DiscordClient(APP_ID);
const SLACK_SECRET = 'links-signing-secret';
let slackFake: FakeSlackApi;
let slack: SlackHandle;
let slackClient: SlackClient;

beforeAll(async () => {
  app = createApp(':memory:', { publicUrl: PUBLIC_URL });
  await ensureCatalog(app.core);
  fake = new FakeDiscordApi();
  await fake.start();
  const log = createLogger('silent');
  const metrics = createMetrics(false);
  http = createHttpServer({ metrics, log });
  runtime = await startDiscord({
    core: app.core,
    config: { DISCORD_PUBLIC_KEY: discord.publicKeyHex, DISCORD_APPLICATION_ID: APP_ID, DISCORD_TOKEN: undefined, DISCORD_API_BASE: fake.apiBase, DISCORD_GUILD_ID: undefined },
    http,
    log,
    metrics,
    rest: createDiscordRest({ apiBase: fake.apiBase, retries: 0, timeoutMs: 5000 }),
    chart: (view) => viewChartPng(app.core, view),
    // /product answers at once when it can (the chart is then attached by an edit)
    handler: { deferAfterMs: 2500 },
  });
  slackFake = new FakeSlackApi();
  await slackFake.start();
  slack = await startSlack({
    core: app.core,
    config: { SLACK_BOT_TOKEN: 'xoxb-links-token', SLACK_APP_TOKEN: undefined, SLACK_SIGNING_SECRET: SLACK_SECRET, SLACK_API_URL: slackFake.apiUrl },
    http,
    log,
    metrics,
  });
  slackClient = new SlackClient(SLACK_SECRET, slackFake);
  discord.endpoint = (await http.listen(0, '127.0.0.1')).url;
  slackClient.base = discord.endpoint;
});

afterAll(async () => {
  await runtime?.stop();
  await slack?.stop();
  await http?.close();
  await fake?.close();
  await slackFake?.close();
  app?.close();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const linkButtons = (msg: any): Array<{ style: number; label: string; url?: string; custom_id?: string }> =>
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  (msg.components ?? []).flatMap((r: any) => r.components).filter((b: any) => b.style === 5);

const editOf = (token: string) => `/api/v10/webhooks/${APP_ID}/${token}/messages/@original`;

describe('Discord replies link to the web and carry the chart', () => {
  it('/compare: the deferred answer is edited in multipart with the PNG chart and an "Open full comparison" link button', async () => {
    const ix = discord.slash('compare', { first: 'llama 3.2 1b', second: 'gemini' });
    const r = await discord.send(ix);
    expect(r.status).toBe(200);
    const edit = await waitFor(() => fake.requests.find((x) => x.method === 'PATCH' && x.path === editOf(ix.token)), 'the edit');
    expect(edit.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(edit.files).toHaveLength(1);
    const file = edit.files![0]!;
    expect(file.name).toBe(CHART_FILE);
    expect(file.type).toBe('image/png');
    expect(pngSize(file.data)).toEqual({ width: CHART.width * CHART.pngZoom, height: CHART.height * CHART.pngZoom });
    expect(edit.body.attachments).toEqual([{ id: '0', filename: CHART_FILE }]);
    expect(edit.body.embeds[0].title).toBe('Meta: Llama 3.2 1B Instruct vs gemini');
    expect(edit.body.embeds[0].image).toEqual({ url: `attachment://${CHART_FILE}` });
    expect(linkButtons(edit.body)).toEqual([{ type: 2, style: 5, label: 'Open full comparison', url: SEED_PAGE }]);
  });

  it('/product: answered at once with an "Open full page" button, then the chart is attached by an edit', async () => {
    const ix = discord.slash('product', { name: 'gemini' });
    const r = await discord.send(ix);
    expect(r.status).toBe(200);
    expect(r.json.type).toBe(4);
    expect(linkButtons(r.json.data)).toEqual([{ type: 2, style: 5, label: 'Open full page', url: `${PUBLIC_URL}/product/gemini` }]);
    const edit = await waitFor(() => fake.requests.find((x) => x.method === 'PATCH' && x.path === editOf(ix.token)), 'the chart edit');
    expect(edit.files?.map((f) => [f.name, f.type])).toEqual([[CHART_FILE, 'image/png']]);
    expect(pngSize(edit.files![0]!.data).width).toBe(CHART.width * CHART.pngZoom);
    expect(edit.body.embeds[0].image).toEqual({ url: `attachment://${CHART_FILE}` });
  });

  it('a comparison picked from "did you mean" is posted with the chart too', async () => {
    const ix = discord.slash('compare', { first: 'copilot', second: 'gemini' });
    await discord.send(ix);
    // the choice is private: posted as an ephemeral follow-up in place of the placeholder
    const edit = await waitFor(() => fake.requests.find((x) => x.method === 'POST' && x.path === `/api/v10/webhooks/${APP_ID}/${ix.token}`), 'the did-you-mean');
    expect(edit.files).toBeUndefined();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const pick = (edit.body.components as any[]).flatMap((r) => r.components).find((b) => b.label === 'GitHub Copilot');
    const click = discord.click(pick.custom_id);
    expect((await discord.send(click)).status).toBe(200);
    const posted = await waitFor(() => fake.requests.find((x) => x.method === 'POST' && x.path === `/api/v10/webhooks/${APP_ID}/${click.token}`), 'the picked comparison');
    expect(posted.body.embeds[0].title).toBe('GitHub Copilot vs gemini');
    expect(posted.files?.map((f) => f.name)).toEqual([CHART_FILE]);
    expect(linkButtons(posted.body).map((b) => b.url)).toEqual([`${PUBLIC_URL}/compare/github-copilot-vs-gemini`]);
  });

  it('/top gets no chart and no page button', async () => {
    const ix = discord.slash('top', {});
    const r = await discord.send(ix);
    expect(r.json.type).toBe(4);
    expect(linkButtons(r.json.data)).toEqual([]);
    // the answer was final: nothing edits it afterwards
    const afterTop = discord.slash('product', { name: 'gemini' });
    await discord.send(afterTop);
    await waitFor(() => fake.requests.find((x) => x.method === 'PATCH' && x.path === editOf(afterTop.token)), 'a later edit');
    expect(fake.requests.filter((x) => x.path === editOf(ix.token))).toEqual([]);
  });
});

describe('Slack cards link to the web and show the chart', () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const blocksOf = (msg: { blocks: unknown[] }) => msg.blocks as any[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const urlButtons = (msg: { blocks: unknown[] }) => blocksOf(msg).filter((b) => b.type === 'actions').flatMap((b) => b.elements).filter((e: any) => e.url);

  it('a comparison gets the chart as an image block and an "Open full comparison" button, within Slack limits', async () => {
    const view = await runCommand(compare, { first: 'llama 3.2 1b', second: 'gemini' }, app.core);
    const msg = renderSlack(view);
    expect(blocksOf(msg).filter((b) => b.type === 'image')).toEqual([
      { type: 'image', image_url: `${PUBLIC_URL}/chart/meta-llama/llama-3.2-1b-instruct-vs-gemini.png`, alt_text: 'Rank history: Meta: Llama 3.2 1B Instruct vs gemini' },
    ]);
    expect(urlButtons(msg)).toEqual([{ type: 'button', text: { type: 'plain_text', text: 'Open full comparison' }, action_id: 'mg_page', url: SEED_PAGE }]);
    expect(slackLimitProblems(msg)).toEqual([]);
  });

  it('/compare over Slack answers with the chart and the page button; a click on it is acknowledged and runs nothing', async () => {
    const { body, responsePath } = slackClient.command('/compare', 'llama 3.2 1b vs gemini');
    expect((await slackClient.post(body)).status).toBe(200);
    await slack.idle();
    const [answer] = await waitFor(() => slackFake.responses(responsePath).length > 0 && slackFake.responses(responsePath), 'the /compare answer');
    const msg = answer!.body;
    expect(blocksOf(msg).filter((b) => b.type === 'image').map((b) => b.image_url)).toEqual([`${PUBLIC_URL}/chart/meta-llama/llama-3.2-1b-instruct-vs-gemini.png`]);
    const page = urlButtons(msg)[0];
    expect(page.url).toBe(SEED_PAGE);
    const click = slackClient.action({ action_id: page.action_id });
    expect((await slackClient.post(click.body)).status).toBe(200);
    await slack.idle();
    expect(slackFake.responses(click.responsePath)).toEqual([]);
  });

  it('a product gets its chart and an "Open full page" button; without PUBLIC_URL, neither', async () => {
    const view = await runCommand(product, { name: 'gemini' }, app.core);
    const msg = renderSlack(view);
    expect(blocksOf(msg).filter((b) => b.type === 'image').map((b) => b.image_url)).toEqual([`${PUBLIC_URL}/chart/gemini.png`]);
    expect(urlButtons(msg).map((b: { url: string }) => b.url)).toEqual([`${PUBLIC_URL}/product/gemini`]);
    expect(slackLimitProblems(msg)).toEqual([]);
    const plain = renderSlack({ ...view, links: null } as typeof view);
    expect(blocksOf(plain).filter((b) => b.type === 'image')).toEqual([]);
    expect(urlButtons(plain)).toEqual([]);
  });
});

describe('link previews of the pages', () => {
  it('name the public address and the chart when PUBLIC_URL is set', async () => {
    const web = await startWeb({ app });
    try {
      const html = await (await fetch(web.base + SEED.path)).text();
      expect(html).toContain(`<link rel="canonical" href="${SEED_PAGE}">`);
      expect(html).toContain(`<meta property="og:image" content="${PUBLIC_URL}/chart/meta-llama/llama-3.2-1b-instruct-vs-gemini.png">`);
      expect(html).toMatch(/<meta property="og:description" content="gemini ranks higher at \d+\/100 vs Meta: Llama 3\.2 1B Instruct at \d+\/100\.">/);
    } finally {
      await web.close();
    }
  });
});

describe('the console prints the page address', () => {
  it('after a comparison and a product, when PUBLIC_URL is set', async () => {
    const c = await runCommand(compare, { first: 'llama 3.2 1b', second: 'gemini' }, app.core);
    expect(renderText(c)).toContain(`Full comparison: ${SEED_PAGE}`);
    const p = await runCommand(product, { name: 'gemini' }, app.core);
    expect(renderText(p)).toContain(`Full page: ${PUBLIC_URL}/product/gemini`);
  });
});
