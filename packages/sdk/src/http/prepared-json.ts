import { createHash } from 'node:crypto';

/**
 * A JSON answer serialised once, whose bytes every request is sent as they are: for a large body
 * that changes seldom. The OpenAPI document needs no key, and serialising its 111 KB again for each
 * request let one address keep the event loop busy by asking for it (see sendJson). A route that
 * returns one has checked its value against its response schema when it made it.
 * @example
 * const doc = new PreparedJson(openApiDocument(routes, info));
 * sendJson(res, 200, doc);
 */
export class PreparedJson {
  readonly bytes: Buffer;
  /** A strong validator of the bytes (RFC 9110 §8.8.3), sent by routes that declare `etag`. */
  readonly etag: string;
  constructor(value: unknown) {
    this.bytes = Buffer.from(JSON.stringify(value));
    // Of the bytes, not of a revision counter: a counter starts again at each start and on each node.
    this.etag = `"${createHash('sha256').update(this.bytes).digest('base64url').slice(0, 32)}"`;
  }
}

/**
 * Whether an `If-None-Match` header names this ETag (or is `*`): the client holds these bytes
 * already. Weak comparison, as RFC 9110 §13.1.2 asks of it.
 * @example
 * if (notModified(req.headers['if-none-match'], prepared.etag)) res.writeHead(304, { etag }).end();
 */
export function notModified(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}
