/**
 * Button custom_ids. Each encodes what the click should do ("mg:<kind>:<payload>"); when the
 * payload does not fit Discord's 100 characters it is kept in a small in-memory TTL map and the
 * custom_id carries a short token instead ("mg:<kind>:~<token>"). Tokens outlive interaction
 * tokens (15 minutes) by a margin; an expired one answers "run the command again".
 */
import { randomBytes } from 'node:crypto';
import { DISCORD_LIMITS } from './limits.js';

export const CUSTOM_ID_PREFIX = 'mg';
export const PENDING_LIMITS = {
  /** how long a stored payload stays valid */
  ttlMs: 60 * 60 * 1000,
  /** most payloads kept; the oldest are dropped first */
  maxEntries: 10_000,
  /** random bytes per token (base64url: 4 characters per 3 bytes) */
  tokenBytes: 9,
} as const;

/** pick: did-you-mean choice; caps: capability pages; alt: alternatives; cmp: compare; sub: subscribe this channel to a product */
export type ButtonKind = 'pick' | 'caps' | 'alt' | 'cmp' | 'sub';
const KINDS: readonly ButtonKind[] = ['pick', 'caps', 'alt', 'cmp', 'sub'];

export interface CustomIdCodec {
  encode(kind: ButtonKind, payload: string): string;
  /** null when the id is not ours or its stored payload expired */
  decode(customId: string): { kind: ButtonKind; payload: string; expired: boolean } | null;
  readonly size: number;
}

export function createCustomIdCodec(opts: { ttlMs?: number; maxEntries?: number; now?: () => number } = {}): CustomIdCodec {
  const ttl = opts.ttlMs ?? PENDING_LIMITS.ttlMs;
  const max = opts.maxEntries ?? PENDING_LIMITS.maxEntries;
  const now = opts.now ?? Date.now;
  const store = new Map<string, { payload: string; expires: number }>();

  const sweep = () => {
    const t = now();
    for (const [k, v] of store) {
      if (v.expires > t && store.size <= max) break;
      store.delete(k);
    }
  };

  return {
    get size() {
      return store.size;
    },
    encode(kind, payload) {
      const direct = `${CUSTOM_ID_PREFIX}:${kind}:${payload}`;
      if (direct.length <= DISCORD_LIMITS.customId && !payload.startsWith('~')) return direct;
      const token = randomBytes(PENDING_LIMITS.tokenBytes).toString('base64url');
      store.set(token, { payload, expires: now() + ttl });
      sweep();
      return `${CUSTOM_ID_PREFIX}:${kind}:~${token}`;
    },
    decode(customId) {
      const m = /^mg:([a-z]+):(.*)$/s.exec(customId);
      if (!m || !KINDS.includes(m[1] as ButtonKind)) return null;
      const kind = m[1] as ButtonKind;
      const payload = m[2]!;
      if (!payload.startsWith('~')) return { kind, payload, expired: false };
      const entry = store.get(payload.slice(1));
      if (!entry || entry.expires <= now()) return { kind, payload: '', expired: true };
      return { kind, payload: entry.payload, expired: false };
    },
  };
}

/** A command run whose names may already be pinned to product ids (by a click or an autocomplete choice). */
export interface Invocation {
  command: string;
  options: Record<string, string | number | boolean>;
  /** option name -> product id, used instead of resolving the typed name */
  pins: Record<string, string>;
}

const PIN = 'p.';

/** "<command>?<options and pins>" */
export function encodeInvocation(inv: Invocation): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(inv.options)) q.set(k, String(v));
  for (const [k, v] of Object.entries(inv.pins)) q.set(`${PIN}${k}`, v);
  const qs = q.toString();
  return qs ? `${inv.command}?${qs}` : inv.command;
}

/** Option values come back as strings; `types` restores booleans and numbers. */
export function decodeInvocation(payload: string, types: (command: string, option: string) => string | undefined): Invocation | null {
  const i = payload.indexOf('?');
  const command = i < 0 ? payload : payload.slice(0, i);
  if (!/^[a-z-]+$/.test(command)) return null;
  const options: Invocation['options'] = {};
  const pins: Invocation['pins'] = {};
  for (const [k, v] of new URLSearchParams(i < 0 ? '' : payload.slice(i + 1))) {
    if (k.startsWith(PIN)) pins[k.slice(PIN.length)] = v;
    else {
      const t = types(command, k);
      options[k] = t === 'boolean' ? v === 'true' : t === 'integer' || t === 'number' ? Number(v) : v;
    }
  }
  return { command, options, pins };
}

/** ids joined with "," (each URI-encoded, so ids may hold any character) */
export function encodeIds(ids: string[]): string {
  return ids.map(encodeURIComponent).join(',');
}

/** [] when malformed */
export function decodeIds(s: string): string[] {
  if (s === '') return [];
  try {
    return s.split(',').map((x) => decodeURIComponent(x));
  } catch {
    return [];
  }
}
