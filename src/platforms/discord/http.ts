/**
 * POST /discord/interactions: Discord's HTTP interactions endpoint. Every request is checked
 * before the handler sees it: Ed25519 signature over timestamp + raw body, timestamp within
 * a few minutes, interaction id not seen before.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { APIInteraction } from 'discord.js';
import { sendJson, type HttpServer } from '../../http/server.js';
import type { Logger } from '../../log.js';
import type { Metrics } from '../../metrics.js';
import { PLATFORM, type InteractionHandler } from './handler.js';

export const INTERACTIONS_PATH = '/discord/interactions';

export const VERIFY_LIMITS = {
  /** a request whose timestamp is further than this from our clock is refused */
  maxClockSkewSeconds: 5 * 60,
  /** interaction ids remembered for replay detection (the oldest are forgotten first) */
  replayMaxEntries: 100_000,
} as const;

/** Ed25519 public key from the 64-character hex key of the developer portal. */
export function discordPublicKey(hex: string): KeyObject {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error('DISCORD_PUBLIC_KEY must be 64 hex characters');
  const x = Buffer.from(hex, 'hex').toString('base64url');
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
}

export function verifyDiscordSignature(key: KeyObject, signatureHex: string, timestamp: string, body: Buffer): boolean {
  if (!/^[0-9a-fA-F]{128}$/.test(signatureHex)) return false;
  try {
    return verify(null, Buffer.concat([Buffer.from(timestamp, 'utf8'), body]), key, Buffer.from(signatureHex, 'hex'));
  } catch {
    return false;
  }
}

/** Interaction ids seen within the skew window; a bounded, time-limited set. */
export function createReplayGuard(opts: { ttlMs?: number; maxEntries?: number; now?: () => number } = {}) {
  // an id older than twice the skew window cannot pass the timestamp check again anyway
  const ttl = opts.ttlMs ?? VERIFY_LIMITS.maxClockSkewSeconds * 2 * 1000;
  const max = opts.maxEntries ?? VERIFY_LIMITS.replayMaxEntries;
  const now = opts.now ?? Date.now;
  const seen = new Map<string, number>();
  return {
    /** true the first time an id is seen, false for a replay */
    firstSeen(id: string): boolean {
      const t = now();
      for (const [k, exp] of seen) {
        if (exp > t && seen.size < max) break;
        seen.delete(k);
      }
      const exp = seen.get(id);
      if (exp !== undefined && exp > t) return false;
      seen.set(id, t + ttl);
      return true;
    },
    get size() {
      return seen.size;
    },
  };
}

export interface InteractionsEndpointOptions {
  publicKey: string;
  handler: InteractionHandler;
  log: Logger;
  metrics: Metrics;
  now?: () => number;
}

export function mountDiscordInteractions(http: HttpServer, opts: InteractionsEndpointOptions): void {
  const key = discordPublicKey(opts.publicKey);
  const now = opts.now ?? Date.now;
  const replay = createReplayGuard({ now });
  const refuse = (res: ServerResponse, kind: string, error: string) => {
    opts.metrics.errors.inc({ platform: PLATFORM, kind });
    sendJson(res, 401, { error });
  };

  http.route('POST', INTERACTIONS_PATH, async (req, res, body) => {
    const signature = req.headers['x-signature-ed25519'];
    const timestamp = req.headers['x-signature-timestamp'];
    if (typeof signature !== 'string' || typeof timestamp !== 'string' || !verifyDiscordSignature(key, signature, timestamp, body)) {
      refuse(res, 'bad_signature', 'invalid request signature');
      return;
    }
    const ts = Number(timestamp);
    if (!/^\d{1,12}$/.test(timestamp) || Math.abs(now() / 1000 - ts) > VERIFY_LIMITS.maxClockSkewSeconds) {
      refuse(res, 'stale', 'request timestamp too far from now');
      return;
    }
    let interaction: APIInteraction;
    try {
      interaction = JSON.parse(body.toString('utf8')) as APIInteraction;
    } catch {
      opts.metrics.errors.inc({ platform: PLATFORM, kind: 'bad_request' });
      sendJson(res, 400, { error: 'body is not JSON' });
      return;
    }
    if (!interaction || typeof interaction.id !== 'string' || typeof interaction.type !== 'number') {
      opts.metrics.errors.inc({ platform: PLATFORM, kind: 'bad_request' });
      sendJson(res, 400, { error: 'not an interaction' });
      return;
    }
    if (!replay.firstSeen(interaction.id)) {
      refuse(res, 'replay', 'interaction already received');
      return;
    }
    const result = await opts.handler(interaction);
    sendJson(res, 200, result.response);
    if (result.followUp) void result.followUp();
  });
}
