import { KefuError } from '@kefu/protocol';

/**
 * A list's `next` cursor: opaque to callers (base64url JSON), so its shape can change without
 * breaking anyone.
 * @example
 * encodePageCursor(['t_1']); // 'WyJ0XzEiXQ'
 */
export function encodePageCursor(values: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/**
 * The values of a cursor {@link encodePageCursor} made, as `read` takes them; `invalid_frame`
 * for any other text, or values `read` refuses (undefined).
 * @example
 * const id = decodePageCursor(text, ([id]) => (typeof id === 'string' ? id : undefined));
 */
export function decodePageCursor<T>(text: string, read: (values: unknown[]) => T | undefined): T {
  // `?cursor=` from a client that fills in the parameter before it has a cursor.
  if (text === '')
    throw new KefuError(
      'invalid_frame',
      'cursor is empty: leave it out for the first page, then pass the next one a page returned',
    );
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    // Buffer's base64url decoding skips stray characters; only our own encoding is accepted.
    if (Array.isArray(value) && encodePageCursor(value) === text) {
      const values = read(value);
      if (values !== undefined) return values;
    }
  } catch {
    // Falls through to the error below: a cursor that is not ours.
  }
  throw invalidCursor();
}

/** The refusal of a cursor the API did not make. */
export const invalidCursor = (): KefuError =>
  new KefuError('invalid_frame', 'cursor is not one this API returned');
