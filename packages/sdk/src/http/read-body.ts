import type { IncomingMessage } from 'node:http';
import { quotedInput } from '../quoted-input.ts';
import { HttpError } from './api-error.ts';

/** Charsets a body may declare: UTF-8, and ASCII, which is UTF-8 too. */
const UTF8_NAMES = ['utf-8', 'utf8', 'us-ascii'];

/**
 * The request body as text (by `decode`: UTF-8 unless the route says), if its media type is one of
 * `types` and it is at most `maxBytes` (the 413 names `setting`, the option that sets that limit, if any).
 * A declared `Content-Length` over the limit is refused before a byte is read; a chunked body
 * is refused as soon as it passes the limit, and reading stops there (the caller answers with
 * `Connection: close`, so the rest is never read).
 * @example
 * const { text, type } = await readBody(req, ['application/json'], 1024 * 1024);
 */
export async function readBody(
  req: IncomingMessage,
  types: readonly string[],
  maxBytes: number,
  decode: (bytes: Uint8Array) => string = utf8,
  setting?: string,
): Promise<{ text: string; type: string }> {
  const [media = '', ...parameters] = (req.headers['content-type'] ?? '').split(';');
  const type = media.trim().toLowerCase();
  if (!types.includes(type))
    throw new HttpError(415, 'invalid_frame', `Content-Type must be ${types.join(' or ')}`, {
      accept: types.join(', '),
    });
  // Bodies are read as UTF-8 whatever the header says: a CSV saved as GBK by a spreadsheet would
  // otherwise be refused as "not valid UTF-8" without saying why, or worse, read as something else.
  const charset = parameters
    .map((p) => /^\s*charset\s*=\s*"?([^";\s]*)"?\s*$/i.exec(p)?.[1]?.toLowerCase())
    .find((c) => c !== undefined);
  if (charset !== undefined && !UTF8_NAMES.includes(charset))
    throw new HttpError(
      415,
      'invalid_frame',
      `charset=${quotedInput(charset)} is not taken: send the body as UTF-8 (charset=utf-8)`,
      { accept: types.map((t) => `${t}; charset=utf-8`).join(', ') },
    );
  // Read as is, never inflated: a gzip body was refused as "not valid UTF-8", which sent the
  // sender looking for a wrong character instead of at its compression setting.
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity')
    throw new HttpError(
      415,
      'invalid_frame',
      `Content-Encoding ${quotedInput(encoding)} is not taken: send the body uncompressed`,
      { 'accept-encoding': 'identity' },
    );
  const tooLarge = () =>
    new HttpError(
      413,
      'frame_too_large',
      // The setting that raises it, where the hub's operator may: a 10,000-entry knowledge base is
      // several megabytes, and a bare "over 1048576 bytes" left the merchant splitting the file.
      `the body is over ${maxBytes} bytes${setting ? ` (the hub's ${setting} sets this limit)` : ''}`,
      { connection: 'close' },
    );
  // A body parser mounted before the hub has read it already: waiting for data would hang.
  if (req.readableEnded)
    throw new HttpError(
      500,
      'internal',
      'the request body was read before the hub got it: mount hub.http before any body parser',
    );
  const declared = Number(req.headers['content-length']);
  if (declared > maxBytes) throw tooLarge();
  const body = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      // Stop reading but keep the socket: the 413 still has to go out on it.
      req.off('data', onData);
      req.pause();
      reject(tooLarge());
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
  return { text: decode(body), type };
}

function utf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new HttpError(400, 'invalid_frame', 'the body is not valid UTF-8');
  }
}
