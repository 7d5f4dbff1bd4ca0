/**
 * `key` starts with `prefix`, as one index range: keys are `COLLATE "C"`, whose byte order is
 * code point order, so they are those from `prefix` up to (not including) {@link prefixEnd}.
 * Unlike LIKE, `_` and `%` in a prefix are plain characters. Pushes its params.
 */
export function keyPrefix(prefix: string, params: unknown[]): string {
  params.push(prefix);
  let sql = `key >= $${params.length}`;
  const end = prefixEnd(prefix);
  if (end !== null) {
    params.push(end);
    sql += ` AND key < $${params.length}`;
  }
  return sql;
}

/** The least string above every string starting with `prefix`; null when there is none. */
function prefixEnd(prefix: string): string | null {
  const points = [...prefix].map((c) => c.codePointAt(0)!);
  while (points.length > 0) {
    let last = points.pop()!;
    // A lone surrogate reaches the database as U+FFFD (UTF-8 cannot carry it).
    if (last >= 0xd800 && last <= 0xdfff) last = 0xfffd;
    if (last < 0x10ffff) {
      // The next character; surrogates are not characters, so U+D7FF is followed by U+E000.
      points.push(last === 0xd7ff ? 0xe000 : last + 1);
      return String.fromCodePoint(...points);
    }
  }
  return null;
}
