/**
 * JSON logs to stderr, with secrets kept out of every line at every level: pino `redact` for
 * fields whose names say they hold one, serializers that reduce URLs, request bodies and errors
 * to what is safe to keep, and a last scrub of each finished line for anything shaped like a
 * secret (interaction tokens in webhook paths, bot tokens, authorization values, response URLs)
 * and for the configured secrets themselves.
 */
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

export const REDACTED = '[redacted]';

/** Field names whose values are secret wherever they appear (compared case-insensitively). */
export const SECRET_KEYS = [
  'authorization',
  'token',
  'access_token',
  'bot_token',
  'app_token',
  'signing_secret',
  'signingSecret',
  'client_secret',
  'secret',
  'password',
  'cookie',
  'response_url',
  'responseUrl',
  'webhook_url',
  'x-slack-signature',
  'x-signature-ed25519',
] as const;

/** Paths pino's `redact` censors (it matches exact paths; `*` stands for one level). */
export const LOG_REDACT_PATHS = [
  ...SECRET_KEYS.flatMap((k) => {
    const key = /^[A-Za-z_$][\w$]*$/.test(k) ? k : `["${k}"]`;
    const dot = key.startsWith('[') ? '' : '.';
    return [key, `*${dot}${key}`, `*.*${dot}${key}`];
  }),
  'req.headers.authorization',
  'req.headers.cookie',
];

const keyAlternation = SECRET_KEYS.map((k) => k.replace(/[-_]/g, '[-_]?')).join('|');
/** "token":"…" in a JSON line */
const JSON_PAIR = new RegExp(`"(${keyAlternation})"(\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi');
/** \"token\":\"…\" in JSON text carried inside a JSON string (a logged request body) */
const ESCAPED_JSON_PAIR = new RegExp(`\\\\"(${keyAlternation})\\\\"(\\s*:\\s*)\\\\"(?:(?!\\\\").)*\\\\"`, 'gi');
/** token=… in form bodies and query strings */
const FORM_PAIR = new RegExp(`\\b(${keyAlternation})=[^&\\s"\\\\]*`, 'gi');

/** Patterns of secrets in free text, each with its replacement. */
const SECRET_PATTERNS: Array<[RegExp, string]> = [
  // Discord interaction tokens: /webhooks/<application>/<token> and /interactions/<id>/<token>/callback
  [/(\/(?:webhooks|interactions)\/[^/\s"\\?#]+\/)[^/\s"\\?#]+/g, `$1${REDACTED}`],
  // Slack response URLs and incoming webhooks
  [/(hooks\.slack\.com(?:\/|%2F))[^\s"\\&]+/gi, `$1${REDACTED}`],
  // Slack tokens (bot, user, app-level, refresh, config)
  [/\bx(?:ox[a-z]|app)-[A-Za-z0-9-]+/g, REDACTED],
  // Discord bot tokens (three base64url parts) and JWT-shaped values
  [/\b[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{20,}/g, REDACTED],
  // authorization header values
  [/\b(Bearer)\s+[A-Za-z0-9._~+/=-]{6,}/g, `$1 ${REDACTED}`],
  [/\b(Bot)\s+[A-Za-z0-9._-]{20,}/g, `$1 ${REDACTED}`],
];

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Removes secrets from a piece of text (a log line, a message, a URL). `secrets` are exact values
 * known to be secret (configured tokens); each is removed as written and as JSON escapes it.
 */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const s of secrets) {
    if (s.length < 6) continue;
    for (const form of new Set([s, JSON.stringify(s).slice(1, -1)])) out = out.replace(new RegExp(escapeRegExp(form), 'g'), REDACTED);
  }
  out = out
    .replace(JSON_PAIR, `"$1"$2"${REDACTED}"`)
    .replace(ESCAPED_JSON_PAIR, `\\"$1\\"$2\\"${REDACTED}\\"`)
    .replace(FORM_PAIR, `$1=${REDACTED}`);
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** A URL with its secret parts (interaction tokens in the path, secret query values) removed. */
export function redactUrl(url: unknown): unknown {
  return typeof url === 'string' ? redactText(url) : url;
}

/** A request or response body reduced to its size: bodies carry tokens, response URLs and user text. */
export function summariseBody(body: unknown): unknown {
  if (body === null || body === undefined) return body;
  if (typeof body === 'string') return { omitted: 'body', chars: body.length };
  if (Buffer.isBuffer(body)) return { omitted: 'body', bytes: body.length };
  if (typeof body === 'object') return { omitted: 'body', keys: Object.keys(body as object).length };
  return { omitted: 'body' };
}

/** Properties of errors that hold request payloads, headers or transport state: never logged. */
const ERROR_DROP = new Set(['requestBody', 'rawError', 'config', 'request', 'response', 'headers', 'body', 'req', 'res', 'original', 'originals', 'data']);

/**
 * pino's error serializer, minus request bodies, headers and transport objects; URLs redacted.
 * Platform errors keep what explains them: code, status, method, the platform's error code.
 */
export function serializeError(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  const out = pino.stdSerializers.err(err) as unknown as Record<string, unknown>;
  const e = err as Error & Record<string, unknown>;
  for (const k of Object.keys(out)) if (ERROR_DROP.has(k)) delete out[k];
  if (typeof out.url === 'string') out.url = redactUrl(out.url);
  // Slack Web API: the platform's error code; Discord REST: its numeric code is kept above
  const data = e.data as { error?: unknown } | undefined;
  if (data && typeof data.error === 'string') out.platformError = data.error;
  if (Array.isArray(e.originals)) out.originals = e.originals.map((o) => serializeError(o));
  if (e.original instanceof Error) out.original = { type: e.original.name, message: redactText(e.original.message) };
  return out;
}

export interface LoggerOptions {
  /** where lines go (default stderr) */
  destination?: DestinationStream;
  /** exact values that must never appear in a line (configured tokens and secrets) */
  secrets?: ReadonlyArray<string | undefined>;
}

/** JSON logs to stderr, so stdout stays clean for command output and benchmarks. */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info', opts: LoggerOptions = {}): Logger {
  const secrets = (opts.secrets ?? []).filter((s): s is string => typeof s === 'string' && s.length >= 6);
  return pino(
    {
      level,
      base: { app: 'matchgraph' },
      redact: { paths: LOG_REDACT_PATHS, censor: REDACTED },
      serializers: {
        err: serializeError,
        error: serializeError,
        url: redactUrl,
        path: redactUrl,
        body: summariseBody,
        requestBody: summariseBody,
        payload: summariseBody,
      },
      hooks: { streamWrite: (line) => redactText(line, secrets) },
    },
    opts.destination ?? pino.destination(2),
  );
}
