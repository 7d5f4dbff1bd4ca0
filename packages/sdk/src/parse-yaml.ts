import { isScalar, parseDocument, visit } from 'yaml';

/**
 * The `yaml` package's `parse`, with its duplicate-key check done in one pass: the package compares
 * each key with every earlier key of its map, so 0.4 MB of `k1: 1`, `k2: 1` … held the event loop
 * 11 s (1 MiB, a knowledge-base import's limit: over a minute). The same values, the same errors
 * (the first one thrown) and the same alias cap (`maxAliasCount`, 100) as `parse`.
 * @example
 * parseYaml('a: 1\na: 2'); // throws "Map keys must be unique at line 2, column 1"
 */
export function parseYaml(text: string): unknown {
  const doc = parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length > 0) throw doc.errors[0];
  visit(doc, {
    Map(_, map) {
      const keys = new Set<unknown>();
      for (const { key } of map.items) {
        const value = isScalar(key) ? key.value : key;
        if (keys.has(value)) throw new Error(`Map keys must be unique${where(text, key)}`);
        keys.add(value);
      }
    },
  });
  return doc.toJS();
}

/** ` at line L, column C` of a node, as the package's own errors say it. */
function where(text: string, node: unknown): string {
  const offset = isScalar(node) ? node.range?.[0] : undefined;
  if (offset === undefined) return '';
  const before = text.slice(0, offset);
  return ` at line ${before.split('\n').length}, column ${offset - before.lastIndexOf('\n')}`;
}
