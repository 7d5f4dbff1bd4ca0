import type { IncomingMessage } from 'node:http';

/**
 * The request's URL, or null when it cannot be parsed (`GET //[ HTTP/1.1` is a valid request
 * line that `new URL` refuses): a stranger's odd request must not throw in a request listener.
 * A path that starts with `//` is null too: `new URL` reads it as `//host/path`, so
 * `GET //x/api/v1/tickets` was served as `/api/v1/tickets`, past a proxy's rule for `/api`.
 * @example
 * const path = requestUrl(req)?.pathname;
 */
export function requestUrl(req: IncomingMessage): URL | null {
  const target = req.url ?? '/';
  if (target.startsWith('//')) return null;
  try {
    return new URL(target, 'http://hub');
  } catch {
    return null;
  }
}
