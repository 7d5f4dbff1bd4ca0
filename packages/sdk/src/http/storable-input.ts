import { STORED_TEXT_PATTERN } from '@kefu/protocol';
import { HttpError } from './api-error.ts';

/**
 * Refuses a request part holding a string a store cannot keep (U+0000, a lone surrogate), in a
 * value or a key at any depth, with 400 `invalid_frame` naming where: on PostgreSQL and PGlite
 * such a string, even only looked up (a path id, a query filter, a shopper's user id), failed the
 * statement and answered 500. Iterative, so a deeply nested body cannot exhaust the stack.
 * @example
 * refuseUnstorable({ id: 'c_1\u0000' }, 'path'); // throws: path.id must not contain U+0000 …
 */
export function refuseUnstorable(value: unknown, where: string): void {
  const pending: Array<[unknown, string]> = [[value, where]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [item, path] = next;
    if (typeof item === 'string') {
      if (!STORED_TEXT_PATTERN.test(item))
        throw new HttpError(
          400,
          'invalid_frame',
          `invalid request: ${path}: must not contain U+0000 (NUL) or a lone surrogate (half of a UTF-16 surrogate pair)`,
        );
    } else if (Array.isArray(item)) {
      for (const [i, v] of item.entries()) pending.push([v, `${path}.${i}`]);
    } else if (item !== null && typeof item === 'object') {
      for (const [key, v] of Object.entries(item)) pending.push([key, path], [v, `${path}.${key}`]);
    }
  }
}
