/**
 * A JSON answer serialised once, whose bytes every request is sent as they are: for a large body
 * that never changes. The OpenAPI document needs no key, and serialising its 111 KB again for each
 * request let one address keep the event loop busy by asking for it (see sendJson).
 * @example
 * const doc = new PreparedJson(openApiDocument(routes, info));
 * sendJson(res, 200, doc);
 */
export class PreparedJson {
  readonly bytes: Buffer;
  constructor(value: unknown) {
    this.bytes = Buffer.from(JSON.stringify(value));
  }
}
