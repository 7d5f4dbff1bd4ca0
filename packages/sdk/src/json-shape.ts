/** How deep a request body's or a frame's arrays and objects may nest: the deepest real shape nests under 10. */
export const MAX_JSON_DEPTH = 32;

/** How many keys one object of a request body or a knowledge-base file may have: the widest real one has under 20. */
export const MAX_JSON_KEYS = 1000;

/** What {@link jsonShapeProblem} measures against; a limit left out is not checked. */
export interface JsonShapeLimits {
  maxDepth: number;
  maxKeys?: number;
  /** Values in all (each comma adds one to its array or object). */
  maxValues?: number;
}

/** The first limit `text` goes past: nesting, one object's keys, or values in all. */
export type JsonShapeProblem = 'depth' | 'keys' | 'values';

/**
 * Which limit JSON `text` goes past, read before `JSON.parse`; undefined when it goes past none.
 * One pass over the characters, strings skipped. JSON costs by its shape, not its size: 1 MiB of
 * `[[[…]]]` was half a million levels (~1.7 s through the parse, the storable-text walk and the
 * schema), one object of 80,000 keys ~0.3 s, and a 64 KB frame of 8,000 keys ~30 ms to parse and
 * refuse, where 64 KB of text takes under 1 ms.
 * @example
 * jsonShapeProblem('{"a":[1,2,3]}', { maxDepth: 32, maxKeys: 64, maxValues: 2 }); // 'values'
 */
export function jsonShapeProblem(text: string, limits: JsonShapeLimits): JsonShapeProblem | undefined {
  const { maxDepth } = limits;
  const maxKeys = limits.maxKeys ?? Number.POSITIVE_INFINITY;
  const maxValues = limits.maxValues ?? Number.POSITIVE_INFINITY;
  // Per open container: the keys of an object so far, or -1 for an array.
  const open: number[] = [];
  let values = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      // A backslash escapes the next character, a quote included.
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (open.push(c === 0x7b ? 1 : -1) > maxDepth) return 'depth';
    } else if (c === 0x5d || c === 0x7d) open.pop();
    else if (c === 0x2c) {
      if (++values > maxValues) return 'values';
      const top = open.length - 1;
      if (top >= 0 && open[top]! >= 0 && ++open[top]! > maxKeys) return 'keys';
    }
  }
  return undefined;
}
