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

/** Fills `state.codes` with 16 random characters of the alphabet. */
function fillCodes(state: IdState): Uint8Array {
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
  return codes;
}

/**
 * The id as one flat string. A one-letter prefix (every id on the message path) goes into the same
 * fromCharCode call as the codes, passed as arguments: `apply` copies them into an array, and
 * `prefix_` joined on made a cons string, flattened again by the id's first hash or JSON.
 */
function idString(prefix: string, c: Uint8Array): string {
  if (prefix.length !== 1) return `${prefix}_${String.fromCharCode.apply(null, c as unknown as number[])}`;
  return String.fromCharCode(
    prefix.charCodeAt(0),
    UNDERSCORE,
    c[0]!,
    c[1]!,
    c[2]!,
    c[3]!,
    c[4]!,
    c[5]!,
    c[6]!,
    c[7]!,
    c[8]!,
    c[9]!,
    c[10]!,
    c[11]!,
    c[12]!,
    c[13]!,
    c[14]!,
    c[15]!,
  );
}

const UNDERSCORE = 0x5f;

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
  return idString(prefix, fillCodes(idState));
};

/**
 * A random secret-grade token (device ids, client message ids): `size` characters of [0-9a-v], 5
 * random bits each (130 bits by default). Base 32 from the bytes' low bits needs no alphabet
 * string: nanoid's cost the widget's chat app 71 B gzip. No `Array.from(bytes, map)`: the widget
 * runs on shop pages whose Array.from (Prototype.js 1.7, MooTools) drops the map function.
 */
export const randomToken = (size = 26): string => {
  let token = '';
  for (const byte of crypto.getRandomValues(new Uint8Array(size))) token += (byte & 31).toString(32);
  return token;
};

/**
 * Deterministic ids for tests: `prefix_1`, `prefix_2`, …
 * @example
 * const ids = sequentialIds(); ids('c'); // 'c_1'
 */
export function sequentialIds(): IdGenerator {
  let n = 0;
  return (prefix) => `${prefix}_${++n}`;
}
