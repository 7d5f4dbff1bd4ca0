import type { IncomingMessage } from 'node:http';

/**
 * The request's URL, or null when it cannot be parsed (`GET //[ HTTP/1.1` is a valid request
 * line that `new URL` refuses): a stranger's odd request must not throw in a request listener.
 * @example
 * const path = requestUrl(req)?.pathname;
 */
export function requestUrl(req: IncomingMessage): URL | null {
  try {
    return new URL(req.url ?? '/', 'http://hub');
  } catch {
    return null;
  }
}
