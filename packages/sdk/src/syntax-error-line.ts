/**
 * A JSON or YAML parser's error as one line that says where: the yaml package appends an excerpt
 * of the text with a caret (four more lines under a one-line-per-problem report), and Node 20's
 * `JSON.parse` names a character offset, which nobody can find in an editor, or for an unexpected
 * token (a trailing comma) only the 20 characters around it.
 * @example
 * syntaxErrorLine(jsonError, '{\n  "a": 1,\n}');
 * // 'Expected double-quoted property name in JSON at position 13 (line 3, column 1)'
 */
export function syntaxErrorLine(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : String(error);
  // yaml: "<what> at line L, column C:\n\n<excerpt>\n^"
  const first = (message.split('\n')[0] ?? '').replace(/:$/, '');
  // Node 22's JSON.parse adds "(line L column C)" of its own.
  if (/\bline \d+/.test(first)) return first;
  const at = /at position (\d+)/.exec(first);
  const offset = at ? Number(at[1]) : unexpectedTokenOffset(message, text);
  if (offset === undefined) return first;
  const before = text.slice(0, offset);
  const where = `line ${before.split('\n').length}, column ${offset - before.lastIndexOf('\n')}`;
  // The excerpt may hold the text's new lines: the token and where it is say enough.
  return `${at ? first : first.replace(/, (?:\.\.\.)?"[\s\S]*$/, '')} (${where})`;
}

/** Where Node 20's `Unexpected token 'x', …"<10 characters each side>"… is not valid JSON` points, if the excerpt is found once. */
function unexpectedTokenOffset(message: string, text: string): number | undefined {
  const m = /^Unexpected token '([\s\S])', (\.\.\.)?"([\s\S]*)"(?:\.\.\.)? is not valid JSON$/.exec(message);
  if (!m) return undefined;
  const [, token, cutStart, excerpt = ''] = m;
  const found = text.indexOf(excerpt);
  if (found < 0 || text.indexOf(excerpt, found + 1) >= 0) return undefined;
  // Cut at its start, the excerpt begins 10 characters before the token; else at the text's start.
  if (cutStart) return found + 10;
  const inside = excerpt.indexOf(token ?? '');
  return inside < 0 ? undefined : found + inside;
}
