import { nanoid } from 'nanoid';

/**
 * Makes ids: the prefix, `_`, then letters, digits, `_` or `-` (the protocol checks a knowledge
 * proposal's id, `lq_…`, by that shape). Tests pass a seeded one; everything else uses {@link defaultIds}.
 */
export type IdGenerator = (prefix: string) => string;

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
/** 252 = 7 × 36: a byte under it picks a character without bias; the rest are skipped. */
const UNBIASED_BELOW = 256 - (256 % ALPHABET.length);
const ID_LENGTH = 16;

/**
 * 16 random characters of [0-9a-z], from a pool of random bytes refilled 4 KiB at a time. Several
 * ids are made for every message (its own, its events'), so each one costs one string and
 * nothing else: no slice of the pool, no string per character.
 */
interface IdState {
  pool: Uint8Array<ArrayBuffer>;
  at: number;
  codes: Uint8Array;
  chars: Uint8Array;
}

function lowerAlnum(state: IdState): string {
  const { pool, codes, chars } = state;
  let n = 0;
  while (n < ID_LENGTH) {
    if (state.at === pool.length) {
      crypto.getRandomValues(pool);
      state.at = 0;
    }
    const byte = pool[state.at++]!;
    if (byte < UNBIASED_BELOW) codes[n++] = chars[byte % ALPHABET.length]!;
  }
  return String.fromCharCode.apply(null, codes as unknown as number[]);
}

// Made on first use: a bundle that uses only randomToken (the widget) carries no pool.
let idState: IdState | undefined;

/** Random, url-safe ids with a readable prefix (`c_…` conversation, `m_…` message). */
export const defaultIds: IdGenerator = (prefix) => {
  idState ??= {
    pool: new Uint8Array(4096),
    at: 4096,
    codes: new Uint8Array(ID_LENGTH),
    chars: Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0)),
  };
  return `${prefix}_${lowerAlnum(idState)}`;
};

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
