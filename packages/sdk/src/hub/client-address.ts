import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/**
 * The client a request came from, as the per-address limits count it (see {@link addressKey}).
 * With `trustedProxies` = n (the proxies in front of the hub that you run), it is the address the
 * outermost of them saw: the n-th entry of `X-Forwarded-For` counted from the right, as Express's
 * `trust proxy` with a hop count and nginx's `real_ip_recursive` take it. Entries further left are whatever the client wrote. With
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
  return addressKey(seen[0]!);
}

/** The client of a socket's peer, as {@link clientAddress} counts it; 'unknown' once the socket is gone. */
export function socketAddress(socket: { remoteAddress?: string | undefined }): string {
  return socket.remoteAddress === undefined ? 'unknown' : addressKey(socket.remoteAddress);
}

/**
 * What the per-address limits count by: an IPv4 address, or the /64 network of an IPv6 one. An
 * ISP gives each home line and each phone a /64 (or more), so counting IPv6 addresses one by one
 * gave one client 2^64 of them: a socket, a new conversation and five free agent-token guesses
 * from each. Before 2026-12-05 the limits counted whole IPv6 addresses.
 * @example
 * addressKey('2001:db8:1:2::7'); // '2001:db8:1:2::/64'
 * addressKey('::ffff:203.0.113.7'); // '203.0.113.7'
 */
export function addressKey(address: string): string {
  const normal = normalizeAddress(address);
  return isIP(normal) === 6 ? ipv6Network64(normal) : normal;
}

/** The first four groups of a valid IPv6 address, as `a:b:c:d::/64` (zone id and embedded IPv4 allowed). */
function ipv6Network64(address: string): string {
  const bare = address.split('%')[0]!;
  // An embedded IPv4 address (`::1.2.3.4`) is two groups, past the first four in any case.
  const groups = (part: string) =>
    part === '' ? [] : part.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g]));
  const gap = bare.indexOf('::');
  const head = groups(gap < 0 ? bare : bare.slice(0, gap));
  const tail = gap < 0 ? [] : groups(bare.slice(gap + 2));
  const all = [...head, ...Array<string>(8 - head.length - tail.length).fill('0'), ...tail];
  return `${all
    .slice(0, 4)
    .map((g) => Number.parseInt(g, 16).toString(16))
    .join(':')}::/64`;
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
