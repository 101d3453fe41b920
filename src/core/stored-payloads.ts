/**
 * Button payloads too long for a platform's custom_id (Discord: 100 characters), kept in the
 * store's ChatStateStore so a click reaching any instance finds them. `put` answers at once with
 * a short token (renderers are synchronous); the writes are awaited with `flush()` before the
 * message carrying the tokens is sent. `get` reads a token back on whichever instance the click
 * lands.
 *
 * Wiring: src/platforms/discord/custom-ids.ts keeps these payloads in one process's memory
 * today; `sharedCustomIdPayloads(core.chatState)` is what its codec calls instead (put when
 * encoding, flush before replying, get when decoding), so that several instances serve one bot.
 */
import { randomBytes } from 'node:crypto';
import type { ChatStateStore } from './ports.js';

export const STORED_PAYLOAD_LIMITS = {
  /** how long a payload stays valid: interaction tokens live 15 minutes; buttons may be clicked later */
  ttlMs: 60 * 60 * 1000,
  /** random bytes per token (base64url: 4 characters per 3 bytes) */
  tokenBytes: 9,
  /** key prefix in the chat-state store */
  keyPrefix: 'payload:',
} as const;

export interface StoredPayloads {
  /** stores `payload` and returns its token at once; the write completes before flush() resolves */
  put(payload: string): string;
  /** waits for every put so far; rejects when one could not be stored */
  flush(): Promise<void>;
  /** the payload of a token, or null when unknown or expired */
  get(token: string): Promise<string | null>;
}

export function sharedCustomIdPayloads(store: ChatStateStore, opts: { ttlMs?: number; now?: () => number } = {}): StoredPayloads {
  const ttl = opts.ttlMs ?? STORED_PAYLOAD_LIMITS.ttlMs;
  const now = opts.now ?? Date.now;
  let pending: Array<Promise<void>> = [];
  return {
    put(payload) {
      const token = randomBytes(STORED_PAYLOAD_LIMITS.tokenBytes).toString('base64url');
      pending.push(store.put(`${STORED_PAYLOAD_LIMITS.keyPrefix}${token}`, payload, now() + ttl));
      return token;
    },
    async flush() {
      const writes = pending;
      pending = [];
      await Promise.all(writes);
    },
    async get(token) {
      const v = await store.get(`${STORED_PAYLOAD_LIMITS.keyPrefix}${token}`);
      return typeof v === 'string' ? v : null;
    },
  };
}
