/**
 * Sorts config issues (or anything with a key path: `pathOf`) into the order their keys are written in the file, so a merchant reads the
 * report top to bottom beside the file. Checks find problems in their own order (the environment,
 * the schema, then the store, bus, webhooks and knowledge-base files), which jumped around the file.
 * An issue about a key that is not written (a required key left out) goes where its nearest written
 * parent is; issues on one key keep the order they were found in.
 *
 * @example
 * inDocumentOrder([{ path: 'log.level', message: '…' }, { path: 'store', message: '…' }], { store: 'x', log: {} });
 * // store first, then log.level
 */
export function inDocumentOrder<T extends { path: string }>(
  issues: readonly T[],
  document: unknown,
  pathOf: (issue: T) => string = (issue) => issue.path,
): T[] {
  const rank = new Map<string, number>();
  const walk = (value: unknown, path: string) => {
    rank.set(path, rank.size);
    if (Array.isArray(value)) for (const [i, v] of value.entries()) walk(v, `${path}[${i}]`);
    else if (value !== null && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
  };
  walk(document, '');
  const rankOf = (issue: T) => {
    for (let path = pathOf(issue); ; path = parentOf(path)) {
      const found = rank.get(path);
      if (found !== undefined) return found;
      if (path === '') return 0;
    }
  };
  return issues
    .map((issue, i) => ({ issue, i, rank: rankOf(issue) }))
    .sort((a, b) => a.rank - b.rank || a.i - b.i)
    .map(({ issue }) => issue);
}

function parentOf(path: string): string {
  const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
  return cut < 0 ? '' : path.slice(0, cut);
}
