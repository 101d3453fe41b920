/**
 * Actions: what a button does, the same on every platform. An action is a command plus fixed
 * options (a product id where the command asks for a name: the core takes an exact id without
 * matching it again). One codec turns an action into the id a platform carries back on a click
 * (Discord's custom_id, Slack's button value) within that platform's limit; an action too long for
 * it is kept in an ActionStateStore and the id carries a short key instead.
 */
import { randomBytes } from 'node:crypto';

export type OptionValue = string | number | boolean;

export interface Action {
  /** the command the click runs */
  command: string;
  /** the options it runs with */
  options: Record<string, OptionValue>;
  /** raw text (adapters escape it) */
  label: string;
  style?: 'primary';
  /** the click completes the message it sits on (a did-you-mean choice): its answer takes the message's place */
  replace?: boolean;
  /** the list entry (product id) the action belongs to: a platform that shows controls beside entries puts it there */
  item?: string;
  /** the label beside that entry, where the entry already names the product ("Compare", "Details") */
  short?: string;
}

/** "Compare these two": on cards and on alert messages alike. */
export function compareAction(first: string, second: string, label: string): Action {
  return { command: 'compare', options: { first, second }, label };
}

/** What a click asks for, decoded. */
export interface ActionInvocation {
  command: string;
  options: Record<string, OptionValue>;
  replace: boolean;
}

/**
 * Where actions too long for a platform's id wait for their click. The in-memory store below
 * keeps them for an hour in this process; a store in the database would share them between
 * instances and restarts.
 */
export interface ActionStateStore {
  /** keeps a payload; returns its key (URL-safe, at most ACTION_CODEC.keyLength characters) */
  put(payload: string): string;
  /** null when the key is unknown or expired */
  get(key: string): string | null;
  readonly size: number;
}

export const ACTION_CODEC = {
  /** every action id starts with it; anything else is not ours */
  prefix: 'mg:',
  /** marks a stored payload's key */
  keyMark: '~',
  /** option name that carries `replace` */
  replaceOption: '_r',
  /** random bytes per key (base64url: 4 characters per 3 bytes) */
  keyBytes: 9,
  keyLength: 12,
  /** how long a stored payload stays valid (interaction tokens live 15 minutes) */
  ttlMs: 60 * 60 * 1000,
  /** most payloads kept; the oldest are dropped first */
  maxEntries: 10_000,
} as const;

export function createMemoryActionStore(opts: { ttlMs?: number; maxEntries?: number; now?: () => number } = {}): ActionStateStore {
  const ttl = opts.ttlMs ?? ACTION_CODEC.ttlMs;
  const max = opts.maxEntries ?? ACTION_CODEC.maxEntries;
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
    put(payload) {
      const key = randomBytes(ACTION_CODEC.keyBytes).toString('base64url');
      store.set(key, { payload, expires: now() + ttl });
      sweep();
      return key;
    },
    get(key) {
      const entry = store.get(key);
      return entry && entry.expires > now() ? entry.payload : null;
    },
  };
}

/** "<command>?<options>" (URL query syntax, so option values may hold any character) */
export function actionPayload(a: Pick<Action, 'command' | 'options' | 'replace'>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(a.options)) q.set(k, String(v));
  if (a.replace) q.set(ACTION_CODEC.replaceOption, '1');
  const qs = q.toString();
  return qs ? `${a.command}?${qs}` : a.command;
}

/**
 * The id of an action within `maxLength` characters: the payload itself when it fits, otherwise
 * a key into `store`. Without a store (alert messages, sent by another process) an action that does
 * not fit gets no id: null.
 */
export function encodeAction(a: Pick<Action, 'command' | 'options' | 'replace'>, maxLength: number, store: ActionStateStore | null): string | null {
  const payload = actionPayload(a);
  const direct = `${ACTION_CODEC.prefix}${payload}`;
  if (direct.length <= maxLength && !payload.startsWith(ACTION_CODEC.keyMark)) return direct;
  if (!store) return null;
  const keyed = `${ACTION_CODEC.prefix}${ACTION_CODEC.keyMark}${store.put(payload)}`;
  return keyed.length <= maxLength ? keyed : null;
}

export type DecodedAction = { ok: true; invocation: ActionInvocation } | { ok: false; reason: 'not_ours' | 'expired' };

/** Option values come back as strings; `optionType` restores booleans and numbers from the command's declaration. */
export function decodeAction(
  id: string | null | undefined,
  store: ActionStateStore | null,
  optionType: (command: string, option: string) => string | undefined = () => undefined,
): DecodedAction {
  if (typeof id !== 'string' || !id.startsWith(ACTION_CODEC.prefix)) return { ok: false, reason: 'not_ours' };
  let payload: string | null = id.slice(ACTION_CODEC.prefix.length);
  if (payload.startsWith(ACTION_CODEC.keyMark)) {
    payload = store?.get(payload.slice(1)) ?? null;
    if (payload === null) return { ok: false, reason: 'expired' };
  }
  const i = payload.indexOf('?');
  const command = i < 0 ? payload : payload.slice(0, i);
  if (!/^[a-z][a-z-]{0,31}$/.test(command)) return { ok: false, reason: 'not_ours' };
  const options: Record<string, OptionValue> = {};
  let replace = false;
  for (const [k, v] of new URLSearchParams(i < 0 ? '' : payload.slice(i + 1))) {
    if (k === ACTION_CODEC.replaceOption) {
      replace = v === '1';
      continue;
    }
    const t = optionType(command, k);
    options[k] = t === 'boolean' ? v === 'true' : t === 'integer' || t === 'number' ? Number(v) : v;
  }
  return { ok: true, invocation: { command, options, replace } };
}
