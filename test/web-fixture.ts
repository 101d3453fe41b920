/**
 * The web pages on the real HTTP server (127.0.0.1, a free port) over the real SQLite database,
 * migrated by the real migrations and filled with the bundled catalog.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, ensureCatalog, type App } from '../src/bootstrap.js';
import { createHttpServer, type HttpServer } from '../src/http/server.js';
import { createLogger } from '../src/log.js';
import { createMetrics } from '../src/metrics.js';
import { mountWeb, type WebOptions } from '../src/web/index.js';

export interface WebFixture {
  app: App;
  http: HttpServer;
  base: string;
  close(): Promise<void>;
}

export async function startWeb(opts: Partial<Pick<WebOptions, 'apiRate' | 'trustProxy'>> & { app?: App } = {}): Promise<WebFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'mg-web-'));
  const app = opts.app ?? createApp(join(dir, 'web.db'));
  if (!opts.app) await ensureCatalog(app.core);
  const log = createLogger('silent');
  const http = createHttpServer({ metrics: createMetrics(false), log });
  mountWeb(http, { core: app.core, log, apiRate: opts.apiRate, trustProxy: opts.trustProxy });
  const { url } = await http.listen(0, '127.0.0.1');
  return {
    app,
    http,
    base: url,
    async close() {
      await http.close();
      if (!opts.app) {
        app.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** The PNG's width and height from its IHDR chunk, after checking the signature. */
export function pngSize(png: Buffer): { width: number; height: number } {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (!png.subarray(0, 8).equals(signature)) throw new Error('not a PNG: bad signature');
  if (png.subarray(12, 16).toString('latin1') !== 'IHDR') throw new Error('not a PNG: no IHDR first');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** The seed comparison: "Meta: Llama 3.2 1B Instruct vs gemini". */
export const SEED = {
  ids: ['meta-llama/llama-3.2-1b-instruct', 'gemini'] as const,
  names: ['Meta: Llama 3.2 1B Instruct', 'gemini'] as const,
  path: '/compare/meta-llama/llama-3.2-1b-instruct-vs-gemini',
};
