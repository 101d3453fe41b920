/**
 * Actions: what a button does, the same on every platform. An action is a command plus fixed
 * options (a product id where the command asks for a name: the core takes an exact id without
 * matching it again). One codec turns an action into the id a platform carries back on a click
 * (Discord's custom_id, Slack's button value) within that platform's limit; an action too long for
 * it is kept in an ActionStateStore (shared through the database when there is one) and the id
 * carries a short key instead.
 */
import { randomBytes } from 'node:crypto';
import type { ChatStateStore } from '../core/ports.js';

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
 * Where actions too long for a platform's id wait for their click. `put` answers at once with the
 * key (renderers are synchronous) and starts the write; `flush()` waits for the writes, and every
 * adapter awaits it before sending a message that carries keys, so a click cannot arrive before
 * its action is stored. On a store with a database (`core.chatState`) the actions are shared by
 * every instance and survive restarts; without one they stay in this process's memory.
 */
export interface ActionStateStore {
  /** keeps a payload; returns its key (URL-safe, at most ACTION_CODEC.keyLength characters) at once */
  put(payload: string): string;
  /** waits for every put so far that is still being written; rejects when one could not be stored */
  flush(): Promise<void>;
  /** null when the key is unknown or expired */
  get(key: string): Promise<string | null>;
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
  /** how long a stored payload stays valid (interaction tokens live 15 minutes; buttons may be clicked later) */
  ttlMs: 60 * 60 * 1000,
  /** most payloads kept in memory (without a database); the oldest are dropped first */
  maxEntries: 10_000,
  /** prefix of a payload's key in the chat-state store */
  stateKeyPrefix: 'action:',
} as const;

/**
 * The action store on a ChatStateStore: the database's (`core.chatState`, shared by every
 * instance on it) or this process's memory (createMemoryActionStore).
 */
export function createActionStore(state: ChatStateStore, opts: { ttlMs?: number; now?: () => number } = {}): ActionStateStore {
  const ttl = opts.ttlMs ?? ACTION_CODEC.ttlMs;
  const now = opts.now ?? Date.now;
  // writes still running, and failed writes until a flush reports them. Requests share the store,
  // so a flush waits for every write in progress, not only its own (each stays here until it ends).
  const pending = new Set<Promise<void>>();
  return {
    put(payload) {
      const key = randomBytes(ACTION_CODEC.keyBytes).toString('base64url');
      // started now (a store in memory has it at once); a throw becomes the write's failure
      const write = (async () => state.put(`${ACTION_CODEC.stateKeyPrefix}${key}`, payload, now() + ttl))();
      pending.add(write);
      write.then(
        () => pending.delete(write),
        () => {},
      );
      return key;
    },
    async flush() {
      const writes = [...pending];
      try {
        await Promise.all(writes);
      } finally {
        for (const w of writes) pending.delete(w);
      }
    },
    async get(key) {
      const v = await state.get(`${ACTION_CODEC.stateKeyPrefix}${key}`);
      return typeof v === 'string' ? v : null;
    },
  };
}

/** A ChatStateStore in this process's memory: at most `maxEntries` live values, the oldest dropped first. */
function memoryChatState(opts: { maxEntries?: number; now?: () => number }): ChatStateStore {
  const max = opts.maxEntries ?? ACTION_CODEC.maxEntries;
  const now = opts.now ?? Date.now;
  const entries = new Map<string, { value: unknown; expires: number }>();
  return {
    async put(key, value, expiresAtMs) {
      entries.delete(key);
      entries.set(key, { value, expires: expiresAtMs });
      const t = now();
      for (const [k, v] of entries) {
        if (v.expires > t && entries.size <= max) break;
        entries.delete(k);
      }
    },
    async get(key) {
      const entry = entries.get(key);
      return entry && entry.expires > now() ? entry.value : null;
    },
  };
}

/** The action store of one process (no database to share it): kept in memory, for ACTION_CODEC.ttlMs. */
export function createMemoryActionStore(opts: { ttlMs?: number; maxEntries?: number; now?: () => number } = {}): ActionStateStore {
  return createActionStore(memoryChatState(opts), opts);
}

/** The action store of an adapter: shared through the database when the core has one, else in memory. */
export function actionStoreFor(core: { readonly chatState: ChatStateStore | null }): ActionStateStore {
  return core.chatState ? createActionStore(core.chatState) : createMemoryActionStore();
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

type OptionTypeOf = (command: string, option: string) => string | undefined;

/**
 * Decodes an action id, reading a stored payload back from `store` (on whichever instance the click
 * lands). Option values come back as strings; `optionType` restores booleans and numbers from the
 * command's declaration.
 */
export async function decodeAction(id: string | null | undefined, store: ActionStateStore | null, optionType: OptionTypeOf = () => undefined): Promise<DecodedAction> {
  if (typeof id === 'string' && id.startsWith(ACTION_CODEC.prefix + ACTION_CODEC.keyMark)) {
    const payload = store ? await store.get(id.slice(ACTION_CODEC.prefix.length + ACTION_CODEC.keyMark.length)) : null;
    return payload === null ? { ok: false, reason: 'expired' } : decodePayload(payload, optionType);
  }
  return decodeDirectAction(id, optionType);
}

/** Decodes an id that carries its action itself (alert buttons); a key to a stored action counts as expired. */
export function decodeDirectAction(id: string | null | undefined, optionType: OptionTypeOf = () => undefined): DecodedAction {
  if (typeof id !== 'string' || !id.startsWith(ACTION_CODEC.prefix)) return { ok: false, reason: 'not_ours' };
  const payload = id.slice(ACTION_CODEC.prefix.length);
  if (payload.startsWith(ACTION_CODEC.keyMark)) return { ok: false, reason: 'expired' };
  return decodePayload(payload, optionType);
}

function decodePayload(payload: string, optionType: OptionTypeOf): DecodedAction {
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
