/**
 * The bidirectional-text controls a shopper could type to reorder what the console shows: the
 * embeddings and overrides (U+202A–U+202E), the isolates (U+2066–U+2069) and the marks (U+200E,
 * U+200F, U+061C). With U+202E before `gpj.exe`, a photo's name read as `exe.jpg`.
 */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/**
 * A shopper's text without bidi controls, so it shows in the order it was typed: what remains
 * (Arabic or Hebrew letters) is ordered by the Unicode algorithm alone.
 * @example
 * bidiSafe('photo\u202Egpj.exe'); // 'photogpj.exe'
 */
export function bidiSafe(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}
