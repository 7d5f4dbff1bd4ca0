/** How many keys one object of a request body may have: the API's widest body has under 20. */
export const MAX_JSON_KEYS = 1000;

/**
 * Whether an object in `text` has more than `max` keys, read before `JSON.parse`. One pass over
 * the characters, strings skipped: `JSON.parse` of one object with 80,000 keys (a megabyte) held
 * the event loop ~0.3 s, and the schema then listed them all as unknown.
 * @example
 * if (objectWiderThan(text, MAX_JSON_KEYS)) refuse(400, 'too many keys');
 */
export function objectWiderThan(text: string, max: number): boolean {
  // Per open container: the keys of an object so far, or -1 for an array.
  const open: number[] = [];
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      // A backslash escapes the next character, a quote included.
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b) open.push(1);
    else if (c === 0x5b) open.push(-1);
    else if (c === 0x5d || c === 0x7d) open.pop();
    else if (c === 0x2c) {
      const top = open.length - 1;
      if (top >= 0 && open[top]! >= 0 && ++open[top]! > max) return true;
    }
  }
  return false;
}
