// What text a store can hold, apart from the zod schema that checks it (`storedText`, stored-text.ts),
// so that a bundle can use it without zod (the widget).

/**
 * Well-formed text without U+0000: PostgreSQL's `text` cannot hold NUL and UTF-8 cannot encode a
 * lone surrogate, so a string with either fails (or silently changes) in a store. Written as
 * "runs of ordinary characters between surrogate pairs", which checks in one linear pass and
 * means the same in code-point regex engines (JSON Schema validators in other languages).
 */
export const STORED_TEXT_PATTERN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing NUL is the point.
  /^[^\u0000\ud800-\udfff]*(?:[\ud800-\udbff][\udc00-\udfff][^\u0000\ud800-\udfff]*)*$/;

/**
 * What an id may hold (1–64 of them, see `id` in primitives.ts): no control characters (stores and
 * logs cannot hold NUL) and no lone surrogate.
 */
export const ID_PATTERN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point.
  /^(?:[^\u0000-\u001f\u007f\ud800-\udfff]|[\ud800-\udbff][\udc00-\udfff])+$/;

// With the u flag a surrogate pair is one code point, so only NUL and lone halves match.
// biome-ignore lint/suspicious/noControlCharactersInRegex: replacing NUL is the point.
const UNSTORABLE = /[\u0000\ud800-\udfff]/gu;

/**
 * Makes text a client did not write itself (a page title, a product name) storable: at most `max`
 * UTF-16 units (what `storedText(max)` counts), never cutting a surrogate pair, with NUL and lone
 * surrogates replaced by U+FFFD.
 * @example
 * toStoredText(document.title, 300); // what `page.title` accepts, whatever the page holds
 */
export function toStoredText(text: string, max: number): string {
  const clean = text.replace(UNSTORABLE, '\ufffd');
  // Only pairs are left: a high surrogate at the cut would lose its other half.
  const high = clean.charCodeAt(max - 1);
  return clean.slice(0, clean.length > max && high >= 0xd800 && high <= 0xdbff ? max - 1 : max);
}

/**
 * Where an image may be served from: a path on the hub (`/images/…`) or an absolute http(s) URL,
 * in printable ASCII. Never `javascript:`, `data:` or `//host`, since clients put it in `src` and
 * `href`. Here rather than in content.ts so the widget's guard checks the same rule without zod.
 */
export const IMAGE_URL_PATTERN = /^(?:https?:\/\/|\/(?!\/))[!-~]*$/;
