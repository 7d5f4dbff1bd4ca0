/**
 * Characters that show nothing themselves but change how the text around them shows or compares:
 * bidi controls (U+202E turns "gpj.exe" into what reads "exe.jpg"), zero-width spaces and joiners
 * used to split a word past a filter, the byte-order mark, soft hyphens. ZWJ (U+200D) stays: it
 * joins emoji sequences.
 */
const INVISIBLE =
  /[\u00AD\u061C\u180E\u200B\u200C\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

/**
 * The text without invisible formatting characters: for shopper-written text that becomes the
 * shop's own (a learned question approved into the knowledge base), where it must read and match as
 * it looks.
 * @example
 * withoutInvisibles('退\u200B货'); // '退货'
 */
export function withoutInvisibles(text: string): string {
  return text.replace(INVISIBLE, '');
}

/** Bidi embeddings, overrides and isolates: they change the order characters show in, not which. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/**
 * The text without bidi embeddings, overrides and isolates: for the shop's text that shows a link's
 * address (an answer), where U+202E before `https://evil.example/moc.pohs` makes it read
 * `shop.com/…`. Marks (U+200E, U+200F) stay: they set the direction of what is neutral, never
 * reverse a word.
 * @example
 * withoutBidiControls('\u202Ehttps://evil.example/'); // 'https://evil.example/'
 */
export function withoutBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

/**
 * Whether a code point shows nothing itself: a control other than tab and line breaks, or one of
 * the invisible formatting characters above.
 */
export function showsNothing(code: number): boolean {
  if (code < 0x20) return code !== 0x09 && code !== 0x0a && code !== 0x0d;
  if (code >= 0x7f && code <= 0x9f) return true;
  return withoutInvisibles(String.fromCodePoint(code)) === '';
}

/**
 * The code points of text that holds characters but shows none ("U+202E"), up to three; undefined
 * for text with something visible, or nothing but white space: a U+202E alone passed every
 * "not blank" check, and the bot then sent an empty message.
 * @example
 * onlyInvisible('\u202E'); // 'U+202E'
 */
export function onlyInvisible(text: unknown): string | undefined {
  if (typeof text !== 'string') return undefined;
  const chars = [...text].filter((c) => !/\s/.test(c));
  if (!chars.length || !chars.every((c) => showsNothing(c.codePointAt(0)!))) return undefined;
  const names = [
    ...new Set(chars.map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`)),
  ];
  return names.length > 3 ? `${names.slice(0, 3).join(', ')}…` : names.join(', ');
}
