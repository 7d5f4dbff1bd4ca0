/** How much of a caller's input an error message repeats: enough to find it, never the whole of it. */
export const QUOTED_INPUT_CHARS = 80;

/**
 * `text` as an error message may quote it: at most `max` characters, then `…`. A request can
 * carry a megabyte in one cell, key or path, and an error that echoes all of it back (and into
 * whatever logs the caller keeps) helps nobody. A surrogate pair is never cut in half.
 * @example
 * throw new KefuError('not_found', `no endpoint ${quotedInput(path)}`);
 */
export function quotedInput(text: string, max = QUOTED_INPUT_CHARS): string {
  if (text.length <= max) return text;
  const cut = /[\uD800-\uDBFF]/.test(text[max - 1] ?? '') ? max - 1 : max;
  return `${text.slice(0, cut)}…`;
}

/** How many names of a list a message repeats. */
const LISTED_NAMES = 10;

/**
 * Names as a message lists them: each quoted as above (then put in `wrap`), at most ten, then how many more.
 * @example
 * `unknown query parameters: ${quotedList(names)}` // "a, b, … and 3 more"
 */
export function quotedList(names: readonly string[], wrap = (name: string) => name): string {
  const max = LISTED_NAMES;
  const shown = names.slice(0, max).map((n) => wrap(quotedInput(n)));
  return names.length > max ? `${shown.join(', ')} … and ${names.length - max} more` : shown.join(', ');
}
