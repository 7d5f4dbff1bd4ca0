import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/**
 * The address a request came from. With `trustedProxies` = n (the proxies in front of the hub
 * that you run), it is the address the outermost of them saw: the n-th entry of
 * `X-Forwarded-For` counted from the right, as Express's `trust proxy` with a hop count and
 * nginx's `real_ip_recursive` take it. Entries further left are whatever the client wrote. With
 * fewer entries than proxies, the leftmost one (the furthest any proxy saw). A missing or
 * malformed header, or `trustedProxies` = 0, gives the socket's own address.
 * @example
 * // Behind one load balancer: "forged, 203.0.113.7" → "203.0.113.7"
 * const ip = clientAddress(request, 1);
 */
export function clientAddress(request: IncomingMessage, trustedProxies: number): string {
  const own = socketAddress(request.socket);
  if (trustedProxies === 0) return own;
  const header = request.headers['x-forwarded-for'];
  // Node joins repeated X-Forwarded-For headers with ", ", so one string holds every hop.
  if (typeof header !== 'string') return own;
  const hops = header.split(',');
  const seen = hops.slice(Math.max(0, hops.length - trustedProxies)).map((hop) => hop.trim());
  // Every entry our proxies wrote must be an address; anything else means a proxy we do not know.
  if (!seen.every((hop) => isIP(hop) !== 0)) return own;
  return normalizeAddress(seen[0]!);
}

/** The address of a socket's peer, normalised; 'unknown' once the socket is gone. */
export function socketAddress(socket: { remoteAddress?: string | undefined }): string {
  return socket.remoteAddress === undefined ? 'unknown' : normalizeAddress(socket.remoteAddress);
}

/**
 * One spelling per address, so a count per address cannot be dodged: an IPv4-mapped IPv6
 * address (what a dual-stack server reports for IPv4 peers) becomes its IPv4 form, and IPv6 is
 * lower-cased.
 */
export function normalizeAddress(address: string): string {
  const lower = address.toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(lower);
  return mapped ? mapped[1]! : lower;
}

/** `trustProxy` as a number of proxies: `true` is one, `false` or absent none. */
export function trustedProxyCount(trustProxy: boolean | number | undefined): number | undefined {
  if (trustProxy === undefined || trustProxy === false) return 0;
  if (trustProxy === true) return 1;
  return Number.isSafeInteger(trustProxy) && trustProxy >= 0 ? trustProxy : undefined;
}
