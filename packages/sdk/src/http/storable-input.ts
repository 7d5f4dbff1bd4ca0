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
  const bad = firstUnstorable(value);
  if (bad === undefined) return;
  throw new HttpError(
    400,
    'invalid_frame',
    `invalid request: ${[where, ...bad].join('.')}: must not contain U+0000 (NUL) or a lone surrogate (half of a UTF-16 surrogate pair)`,
  );
}

/** A container being walked, and how it was reached (its parent and its key there). */
interface Step {
  item: object;
  parent: Step | undefined;
  key: string;
}

/**
 * The path (keys from the top) of the first string that cannot be stored, or undefined. The path
 * is put together only for that one: built for every element as the walk went ("body.tags.41235"),
 * it cost 1 MiB of `[1,1,…]` half a second of the event loop before anything was refused.
 */
function firstUnstorable(value: unknown): string[] | undefined {
  if (typeof value === 'string') return STORED_TEXT_PATTERN.test(value) ? undefined : [];
  if (value === null || typeof value !== 'object') return undefined;
  const pending: Step[] = [{ item: value, parent: undefined, key: '' }];
  for (let step = pending.pop(); step; step = pending.pop()) {
    const { item } = step;
    const keys = Array.isArray(item) ? undefined : Object.keys(item);
    const size = keys ? keys.length : (item as unknown[]).length;
    for (let i = 0; i < size; i++) {
      const key = keys ? keys[i]! : undefined;
      const v = keys ? (item as Record<string, unknown>)[key!] : (item as unknown[])[i];
      // A key is named by its object's path, as its value would be by the key.
      if (key !== undefined && !STORED_TEXT_PATTERN.test(key)) return pathOf(step);
      if (typeof v === 'string') {
        if (!STORED_TEXT_PATTERN.test(v)) return [...pathOf(step), key ?? String(i)];
      } else if (v !== null && typeof v === 'object')
        pending.push({ item: v, parent: step, key: key ?? String(i) });
    }
  }
  return undefined;
}

function pathOf(step: Step): string[] {
  const path: string[] = [];
  for (let s: Step | undefined = step; s?.parent; s = s.parent) path.unshift(s.key);
  return path;
}
