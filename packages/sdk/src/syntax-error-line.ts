/**
 * A JSON or YAML parser's error as one line that says where: the yaml package appends an excerpt
 * of the text with a caret (four more lines under a one-line-per-problem report), and Node 20's
 * `JSON.parse` names a character offset, which nobody can find in an editor.
 * @example
 * syntaxErrorLine(jsonError, '{\n  "a": 1,\n}');
 * // 'Expected double-quoted property name in JSON at position 13 (line 3, column 1)'
 */
export function syntaxErrorLine(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : String(error);
  // yaml: "<what> at line L, column C:\n\n<excerpt>\n^"
  const first = (message.split('\n')[0] ?? '').replace(/:$/, '');
  const at = /at position (\d+)/.exec(first);
  // Node 22's JSON.parse adds "(line L column C)" of its own.
  if (!at || /\bline \d+/.test(first)) return first;
  const offset = Number(at[1]);
  const before = text.slice(0, offset);
  return `${first} (line ${before.split('\n').length}, column ${offset - before.lastIndexOf('\n')})`;
}
