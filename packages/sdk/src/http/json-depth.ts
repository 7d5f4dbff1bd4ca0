/** How deep a request body's arrays and objects may nest: the API's deepest shape is under 10. */
export const MAX_JSON_DEPTH = 32;

/**
 * Whether `text` nests arrays and objects deeper than `max`, read before `JSON.parse`. One pass
 * over the characters, strings skipped, nothing allocated: 1 MiB of `[[[…]]]` was half a million
 * levels, which the parse, the storable-text walk and the schema then took ~1.7 s to go through.
 * @example
 * if (nestsDeeperThan(text, MAX_JSON_DEPTH)) refuse(400, 'nested too deep');
 */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      // A backslash escapes the next character, a quote included.
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}
