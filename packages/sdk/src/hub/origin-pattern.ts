/**
 * What is wrong with a site's `origins` entry, or null when a browser's `Origin` header can match
 * it. A page's origin is `scheme://host[:port]`, lower case, without a path and without the
 * scheme's default port: an entry written otherwise (`https://shop.example/`, `shop.example`,
 * `https://*.shop.example`) never matches, and the widget only says it cannot connect.
 * @example
 * originPatternProblem('https://shop.example/'); // 'has a path: write "https://shop.example"'
 */
const WILDCARD_HOST =
  'has a wildcard host, which matches nothing: list each origin (https://shop.example, https://m.shop.example); only the port may be "*" (http://localhost:*)';

export function originPatternProblem(pattern: unknown): string | null {
  if (typeof pattern !== 'string') return 'must be a string such as "https://shop.example"';
  if (pattern === '*') return null;
  const parts = /^([A-Za-z][\w+.-]*):\/\/([^/?#\s]*)(.*)$/s.exec(pattern);
  if (!parts) {
    const host = pattern.replace(/^\/+|\/.*$/gs, '');
    // "*.shop.example" once got the advice to write "https://*.shop.example", refused in turn.
    if (host.includes('*')) return WILDCARD_HOST;
    return `has no scheme: write "https://${host}" (browsers send scheme://host[:port])`;
  }
  const [, scheme = '', authority = '', rest = ''] = parts;
  const origin = `${scheme}://${authority}`;
  if (rest) return `has a path: write "${origin}" (an origin is scheme://host[:port], no path)`;
  const anyPort = authority.endsWith(':*');
  const host = anyPort ? authority.slice(0, -2) : authority;
  if (!host || host.includes('*')) return WILDCARD_HOST;
  if (origin !== origin.toLowerCase())
    return `is not in lower case, as browsers send it: write "${origin.toLowerCase()}"`;
  const defaultPort = { http: ':80', https: ':443' }[scheme];
  if (defaultPort && host.endsWith(defaultPort))
    return `names the default port, which browsers leave out: write "${scheme}://${host.slice(0, -defaultPort.length)}"`;
  return null;
}
