import { describe, expect, it } from 'vitest';
import { decodePageCursor, encodePageCursor } from './page-cursor.ts';

const anyArray = (values: unknown[]) => values;

describe('page cursors', () => {
  it('reads back what it wrote', () => {
    expect(decodePageCursor(encodePageCursor(['t_1']), anyArray)).toEqual(['t_1']);
    expect(decodePageCursor(encodePageCursor([1_000, 2]), anyArray)).toEqual([1_000, 2]);
  });

  it('refuses text it did not write, and values the reader refuses, as invalid_frame', () => {
    const ours = encodePageCursor(['t_1']);
    for (const text of ['nope', `${ours}!`, Buffer.from('{"a":1}').toString('base64url')])
      expect(() => decodePageCursor(text, anyArray), text).toThrow(
        expect.objectContaining({ code: 'invalid_frame', message: 'cursor is not one this API returned' }),
      );
    expect(() => decodePageCursor(ours, () => undefined)).toThrow(
      expect.objectContaining({ code: 'invalid_frame' }),
    );
  });

  it('says an empty cursor (`?cursor=`) is empty, and how to ask for the first page', () => {
    expect(() => decodePageCursor('', anyArray)).toThrow(
      expect.objectContaining({
        code: 'invalid_frame',
        message: 'cursor is empty: leave it out for the first page, then pass the next one a page returned',
      }),
    );
  });
});
