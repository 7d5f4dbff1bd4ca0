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
