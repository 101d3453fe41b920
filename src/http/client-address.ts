/**
 * The address of the client behind a request, for per-client limits and logs. Behind N trusted
 * proxies (TRUST_PROXY), each appends the address it received the request from to
 * X-Forwarded-For, so the client is the entry N from the right: entries further left were written
 * by the client itself and can be anything. With no trusted proxy the header is ignored.
 */
import { isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';

export function clientAddress(req: IncomingMessage, trustedProxies: number): string {
  const peer = req.socket.remoteAddress ?? 'unknown';
  if (trustedProxies <= 0) return peer;
  const header = req.headers['x-forwarded-for'];
  const raw = Array.isArray(header) ? header.join(',') : (header ?? '');
  const hops = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (hops.length === 0) return peer;
  // the last proxy's peer is the TCP peer; the N-1 proxies before it wrote the last N-1 entries
  const at = hops.length - trustedProxies;
  const entry = hops[Math.max(0, at)]!;
  return isIP(entry) ? entry : peer;
}
