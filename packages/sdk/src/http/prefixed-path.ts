import type { IncomingMessage, ServerResponse } from 'node:http';
import { quotedInput } from '../quoted-input.ts';
import { HttpError, sendError } from './api-error.ts';
import { requestUrl } from './request-url.ts';

// A reverse proxy that passes its own path prefix on (`location /kefu/ { proxy_pass http://hub; }`)
// sent every API call and health check to the hub's WebSocket answer, a 426 naming no path.

/** The hub's own paths as a prefixed request ends in them: the API's, the health checks', the document's. */
const SERVED = /^(\/.+?)(\/api\/v\d+(?:\/.*)?|\/healthz|\/readyz|\/openapi\.json|\/metrics)$/;

/**
 * Answers a request for one of the hub's HTTP paths under a prefix with a JSON 404 saying what to
 * strip, on the hub's own server only (a merchant's app serving `hub.attach` has its own paths).
 * @example
 * if (answerPrefixedPath(req, res)) return; // GET /kefu/healthz → 404 naming /healthz and /kefu
 */
export function answerPrefixedPath(req: IncomingMessage, res: ServerResponse): boolean {
  const path = requestUrl(req)?.pathname;
  const m = path ? SERVED.exec(path) : null;
  if (!m) return false;
  const prefix = quotedInput(m[1]!);
  const served = quotedInput(m[2]!);
  sendError(
    res,
    new HttpError(
      404,
      'not_found',
      `no endpoint ${quotedInput(path!)}: the hub serves ${served}; a proxy under ${prefix} must strip that prefix (nginx: location ${prefix}/ { proxy_pass http://<hub>/; }, the trailing slash strips it)`,
    ),
  );
  return true;
}
