import { customAlphabet, nanoid } from 'nanoid';

/** Makes ids. Tests pass a seeded one; everything else uses {@link defaultIds}. */
export type IdGenerator = (prefix: string) => string;

// Pure: a bundle that uses only randomToken (the widget) leaves customAlphabet out.
const lowerAlnum = /* @__PURE__ */ customAlphabet('0123456789abcdefghijklmnopqrstuvwxyz', 16);

/** Random, url-safe ids with a readable prefix (`c_…` conversation, `m_…` message). */
export const defaultIds: IdGenerator = (prefix) => `${prefix}_${lowerAlnum()}`;

/** A random secret-grade token (device ids, client message ids). */
export const randomToken = (size = 21): string => nanoid(size);

/**
 * Deterministic ids for tests: `prefix_1`, `prefix_2`, …
 * @example
 * const ids = sequentialIds(); ids('c'); // 'c_1'
 */
export function sequentialIds(): IdGenerator {
  let n = 0;
  return (prefix) => `${prefix}_${++n}`;
}
