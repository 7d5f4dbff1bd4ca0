import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { normalizeAddress } from './client-address.ts';

/** What `/metrics` answers a request: 200, 401 (token missing or wrong) or 403 (not loopback). */
export type MetricsVerdict = 'allowed' | 'unauthorized' | 'forbidden';

const LOOPBACK = new Set(['127.0.0.1', '::1']);
// What proxies add (nginx, Apache, Caddy, Envoy, Cloudflare's tunnel, CDNs), not only the address:
// one that sets `Via` or `X-Forwarded-Proto` and no `X-Forwarded-For` still makes visitors loopback.
const PROXY_HEADERS = [
  'forwarded',
  'via',
  'x-real-ip',
  'cf-connecting-ip',
  'true-client-ip',
  'x-client-ip',
  'fastly-client-ip',
  'x-cluster-client-ip',
] as const;
const viaProxy = (headers: IncomingMessage['headers']) =>
  PROXY_HEADERS.some((name) => headers[name] !== undefined) ||
  Object.keys(headers).some((name) => name.startsWith('x-forwarded-') || name.startsWith('x-envoy-'));

/**
 * The request names this machine as loopback (`localhost`, `127.0.0.1:3000`, `[::1]`), or names
 * nothing (HTTP/1.0). A web page whose own name an attacker re-pointed at 127.0.0.1 (DNS rebinding)
 * reaches the hub from loopback too, but its browser sends the page's name: refused.
 */
function addressedAsLoopback(host: string | undefined): boolean {
  if (host === undefined) return true;
  const name = (host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:\d*$/, ''))
    .toLowerCase()
    .replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  return isIP(name) !== 0 && (name === '::1' || /^127\./.test(normalizeAddress(name)));
}

/**
 * Who may read `/metrics`. With a token: requests whose `Authorization` is `Bearer <token>` (any case),
 * compared in constant time (digests of equal length, so neither the token's length nor its
 * first differing byte shows in the answer's timing). Without one: only a direct request from
 * loopback; a request that came through a proxy is refused, since a proxy on the same host makes
 * every visitor look like loopback, and one addressed to another name than `localhost` or a
 * loopback address (DNS rebinding: a web page whose name now leads to 127.0.0.1). A request came through a proxy when the hub trusts proxies
 * (`trustProxy`) or carries a header a proxy adds: `Forwarded`, `Via`, any `X-Forwarded-…`, `X-Real-IP`,
 * a CDN's client address (`CF-Connecting-IP`, `True-Client-IP` …) or Envoy's `X-Envoy-…`.
 * @example
 * const access = createMetricsAccess({ token: process.env.METRICS_TOKEN, trustProxy: 1 });
 * if (access(req) === 'unauthorized') res.writeHead(401).end();
 */
export function createMetricsAccess({
  token,
  trustProxy,
}: {
  token?: string | undefined;
  trustProxy: number;
}): (req: IncomingMessage) => MetricsVerdict {
  if (token) {
    const expected = digest(token);
    return (req) => {
      // The scheme is case-insensitive (RFC 9110), as the HTTP API reads it: `bearer <token>` too.
      const credentials = /^bearer +(.*)$/i.exec(req.headers.authorization ?? '')?.[1];
      if (credentials === undefined) return 'unauthorized';
      const presented = digest(credentials);
      return timingSafeEqual(presented, expected) ? 'allowed' : 'unauthorized';
    };
  }
  return (req) => {
    if (trustProxy > 0 || viaProxy(req.headers) || !addressedAsLoopback(req.headers.host)) return 'forbidden';
    // The peer's own address, not the network the limits count by (`::1`'s /64 holds more than it).
    const peer = req.socket.remoteAddress;
    return peer !== undefined && LOOPBACK.has(normalizeAddress(peer)) ? 'allowed' : 'forbidden';
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
