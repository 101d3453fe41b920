/**
 * POST /discord/interactions: Discord's HTTP interactions endpoint. Every request is checked
 * before the handler sees it: Ed25519 signature over timestamp + raw body, timestamp within
 * a few minutes, interaction id not seen before.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { APIInteraction } from 'discord.js';
import type { ReplayStore } from '../../core/ports.js';
import { createMemoryReplayStore } from '../../core/replay.js';
import { jsonTooDeep, sendJson, type HttpServer } from '../../http/server.js';
import type { Logger } from '../../log.js';
import type { Metrics } from '../../metrics.js';
import { PLATFORM, type InteractionHandler } from './handler.js';

export const INTERACTIONS_PATH = '/discord/interactions';

export const VERIFY_LIMITS = {
  /** a request whose timestamp is further than this from our clock is refused */
  maxClockSkewSeconds: 5 * 60,
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

export interface InteractionsEndpointOptions {
  publicKey: string;
  handler: InteractionHandler;
  log: Logger;
  metrics: Metrics;
  /** where interaction ids are remembered for replay detection (default: this process's memory) */
  replay?: ReplayStore;
  now?: () => number;
}

export function mountDiscordInteractions(http: HttpServer, opts: InteractionsEndpointOptions): void {
  const key = discordPublicKey(opts.publicKey);
  const now = opts.now ?? Date.now;
  const replay = opts.replay ?? createMemoryReplayStore({ now });
  // an id older than twice the skew window cannot pass the timestamp check again anyway
  const replayTtlMs = VERIFY_LIMITS.maxClockSkewSeconds * 2 * 1000;
  const refuse = (res: ServerResponse, kind: string, error: string) => {
    opts.metrics.errors.inc({ platform: PLATFORM, kind });
    sendJson(res, 401, { error });
  };
  /** signed, but not an interaction at all: 400, one warning without a stack */
  const badRequest = (res: ServerResponse, problem: string) => {
    opts.metrics.errors.inc({ platform: PLATFORM, kind: 'bad_request' });
    opts.log.warn({ problem }, 'discord request of an unexpected shape');
    sendJson(res, 400, { error: problem });
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
      const text = body.toString('utf8');
      if (jsonTooDeep(text)) throw new Error('JSON nested too deeply');
      interaction = JSON.parse(text) as APIInteraction;
    } catch {
      badRequest(res, 'body is not JSON');
      return;
    }
    if (!interaction || typeof interaction !== 'object' || typeof interaction.id !== 'string' || interaction.id.length > 32 || typeof interaction.type !== 'number') {
      badRequest(res, 'not an interaction');
      return;
    }
    if (!(await replay.firstSeen(`discord:${interaction.id}`, now() + replayTtlMs))) {
      refuse(res, 'replay', 'interaction already received');
      return;
    }
    const result = await opts.handler(interaction);
    sendJson(res, 200, result.response);
    if (result.followUp) void result.followUp();
  });
}
