import type { ServerResponse } from 'node:http';
import { type ErrorCode, isKefuError, KefuError } from '@kefu/protocol';
import { isStoreUnavailable, STORE_AWAY_MESSAGE } from '../store/transient-failure.ts';
import { PreparedJson } from './prepared-json.ts';

/** A protocol error with the HTTP status to answer it with, where the code alone does not say (415). */
export class HttpError extends KefuError {
  constructor(
    readonly status: number,
    code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(code, message);
  }
}

/** The HTTP status for each protocol error code. */
export const STATUS_OF_CODE: Record<ErrorCode, number> = {
  invalid_frame: 400,
  frame_too_large: 413,
  unsupported_version: 400,
  unauthorized: 401,
  forbidden: 403,
  rate_limited: 429,
  too_many_connections: 429,
  not_found: 404,
  conflict: 409,
  plugin_failed: 502,
  connection_lost: 503,
  idle_timeout: 408,
  slow_consumer: 503,
  bus_outage: 503,
  server_shutdown: 503,
  internal: 500,
  timeout: 504,
};

/**
 * What a store (or bus) that is away for a moment answers: 503 with `Retry-After`, so a client
 * or a balancer tries again, where a 500 would read as a bug. Its message does not say which
 * server, nor the driver's words (internal addresses).
 */
const STORE_AWAY = new HttpError(503, 'internal', STORE_AWAY_MESSAGE, {
  'retry-after': '5',
});

/**
 * `{ error: { code, message } }` with its status; anything that is not a KefuError is `internal`
 * (its message is not shown): 503 with `Retry-After` when the store was briefly away, else 500.
 */
export function sendError(res: ServerResponse, thrown: unknown): { status: number; code: ErrorCode } {
  const error = isStoreUnavailable(thrown) ? STORE_AWAY : thrown;
  const known = isKefuError(error);
  const code: ErrorCode = known ? error.code : 'internal';
  const status = error instanceof HttpError ? error.status : STATUS_OF_CODE[code];
  const message = known ? error.message : 'internal error';
  const headers = error instanceof HttpError ? error.headers : {};
  sendJson(res, status, { error: { code, message } }, headers);
  return { status, code };
}

/** The headers of the hub's plain-text answers (the root, /metrics): metric labels carry merchants' names, never sniffed as a page. */
export const PLAIN_TEXT: Readonly<Record<string, string>> = {
  'content-type': 'text/plain; charset=utf-8',
  'x-content-type-options': 'nosniff',
};

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return;
  const text = body instanceof PreparedJson ? body.bytes : JSON.stringify(body);
  res
    .writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(text)),
      'cache-control': 'no-store',
      // An answer may echo what the client sent (a path, a field): never sniffed as a page.
      'x-content-type-options': 'nosniff',
      ...headers,
    })
    .end(text);
}
