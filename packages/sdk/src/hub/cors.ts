import type { IncomingMessage, ServerResponse } from 'node:http';
import { KefuError } from '@kefu/protocol';
import { sendError } from '../http/api-error.ts';
import { quotedInput } from '../quoted-input.ts';

/** How long a browser may reuse a preflight's answer: short, so a change to the allowed origins shows soon. */
export const CORS_MAX_AGE_SECONDS = 600;

export interface CorsOptions {
  /** Whether a page at this origin (the `Origin` header as sent) may call the route. */
  allowed: (origin: string) => boolean;
  /** The methods the route takes, e.g. `['POST']`. */
  methods: readonly string[];
  /** The request headers a page may send, e.g. `['Authorization', 'Content-Type']`. */
  headers: readonly string[];
  /** Answer headers the page may read besides the safelisted ones, e.g. `['Retry-After']`. */
  expose?: readonly string[];
  /** The option that lists the allowed origins, named in a refusal (`http.corsOrigins`). */
  listedIn?: string;
}

/**
 * CORS for a route that pages on other origins call with a bearer token in a header, never a
 * cookie: an allowed origin is named back (never `*`), credentials are not allowed (the browser
 * sends no cookie), and a page on any other origin gets no CORS header at all, so its browser
 * neither sends the request nor shows it the answer. Every answer says `Vary: Origin`, since its
 * headers depend on it.
 * @example
 * const cors = createCors({ allowed: (o) => o === 'https://shop.example', methods: ['POST'], headers: ['Authorization'] });
 * if (req.method === 'OPTIONS') return cors.preflight(req, res);
 * cors.grant(req, res); // before writing the answer, success or error
 */
export function createCors(options: CorsOptions) {
  const methods = options.methods.join(', ');
  const headers = options.headers.join(', ');
  const expose = options.expose?.join(', ');
  const allowedOrigin = (req: IncomingMessage): string | undefined => {
    const origin = req.headers.origin;
    return origin !== undefined && options.allowed(origin) ? origin : undefined;
  };

  /**
   * Sets the grant on the answer still to be written (it keeps through `writeHead`), when the
   * request's origin is allowed; true then.
   */
  function grant(req: IncomingMessage, res: ServerResponse): boolean {
    res.setHeader('vary', 'Origin');
    const origin = allowedOrigin(req);
    if (origin === undefined) return false;
    res.setHeader('access-control-allow-origin', origin);
    if (expose) res.setHeader('access-control-expose-headers', expose);
    return true;
  }

  /**
   * Answers `OPTIONS`: 204 with the methods, headers and max age for an allowed origin; a typed
   * 403 without any CORS header for another one, so the browser stops there. Without an
   * `Origin` it is no preflight: 204 with `Allow`.
   */
  function preflight(req: IncomingMessage, res: ServerResponse): void {
    const allow = `OPTIONS, ${methods}`;
    if (req.headers.origin === undefined) {
      res.writeHead(204, { allow }).end();
      return;
    }
    if (!grant(req, res)) {
      // The header is the caller's: cut before it goes into the answer.
      const origin = quotedInput(req.headers.origin);
      const listed = options.listedIn ? `: it is not in ${options.listedIn}` : '';
      sendError(res, new KefuError('forbidden', `origin ${origin} may not call this route${listed}`));
      return;
    }
    res
      .writeHead(204, {
        allow,
        'access-control-allow-methods': methods,
        'access-control-allow-headers': headers,
        'access-control-max-age': String(CORS_MAX_AGE_SECONDS),
      })
      .end();
  }

  return { grant, preflight };
}
