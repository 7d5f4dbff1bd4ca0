import { isDeepStrictEqual } from 'node:util';
import { stringify } from 'yaml';
import { type KnowledgeBase, KnowledgeBaseError, type KnowledgeBaseIssue } from './knowledge-base.ts';
import { type KnowledgeBaseFormat, parseKnowledgeBaseAs } from './knowledge-base-file.ts';

/** A knowledge base written out: the file's text, and what the format changed on the way (a note each). */
export interface KnowledgeBaseText {
  text: string;
  notes: string[];
}

/**
 * A knowledge base as the text of a file in `format`, which `kefu kb import` and the hub read back
 * as the same entries. Node-only, like the YAML parser. The text is read back before it is returned:
 * what a CSV cannot hold (a `|` inside a phrasing, a `,` inside a tag, an `=` in a quick reply's
 * label, spaces around an answer) is a {@link KnowledgeBaseError} naming the entry and field, never
 * an entry changed without a word. A CSV has no place for the file's `locale`: each entry without one
 * gets it, which the bot reads the same (a note says so); another note names the cells Excel would
 * change as it opens the file (a formula, a number).
 * @example
 * const { text } = knowledgeBaseText(kb, 'csv'); // '\uFEFFid,question,answer,…\r\nship,多久发货,…'
 */
export function knowledgeBaseText(kb: KnowledgeBase, format: KnowledgeBaseFormat): KnowledgeBaseText {
  if (format === 'json') return { text: `${JSON.stringify(kb, null, 2)}\n`, notes: [] };
  const notes: string[] = [];
  let expected = kb;
  if ((format === 'csv' || format === 'tsv') && kb.locale !== undefined) {
    const { locale, ...rest } = kb;
    expected = { ...rest, entries: kb.entries.map((e) => ({ ...e, locale: e.locale ?? locale })) };
    notes.push(
      `the file's locale "${locale}" is written on each entry without one (a ${format.toUpperCase()} has no place for it): the bot reads them the same`,
    );
  }
  if (format === 'csv' || format === 'tsv') notes.push(...excelNotes(expected, format));
  // The file's locale above its entries, where a reader looks; no folding: a folded line reads back
  // the same, but a merchant editing the file would take its breaks for the answer's.
  const { version, locale, entries } = expected;
  const text =
    format === 'yaml'
      ? stringify({ version, ...(locale !== undefined && { locale }), entries }, { lineWidth: 0 })
      : csvText(expected, format);
  checkReadsBack(expected, parseKnowledgeBaseAs(format, text), format);
  return { text, notes };
}

/** The columns written, in order: what `parseKnowledgeBaseCsv` reads (optional ones only when used). */
const COLUMNS: ReadonlyArray<[name: string, cell: (e: KnowledgeBase['entries'][number]) => string]> = [
  ['id', (e) => e.id],
  ['question', (e) => e.question],
  ['answer', (e) => e.answer],
  // One per line: a spreadsheet shows a cell's lines, and `|` is kept for the lists of short values.
  ['alternatives', (e) => e.alternatives.join('\n')],
  ['tags', (e) => e.tags.join('|')],
  ['products', (e) => e.scope?.productIds?.join('|') ?? ''],
  ['categories', (e) => e.scope?.categories?.join('|') ?? ''],
  [
    'quick_replies',
    (e) =>
      (e.quickReplies ?? [])
        .map((r) => (r.label === r.payload ? r.label : `${r.label}=${r.payload}`))
        .join('|'),
  ],
  ['locale', (e) => e.locale ?? ''],
];

/**
 * The cells Excel changes as it opens a CSV, and saves so: a formula (a Markdown list's "- " became
 * #NAME?), a number (an id 007 became 7). The file is right as written, so it is a note, not an error.
 */
function excelNotes(kb: KnowledgeBase, format: 'csv' | 'tsv'): string[] {
  const formulas: string[] = [];
  const numbers: string[] = [];
  for (const entry of kb.entries)
    for (const [name, cell] of COLUMNS) {
      const value = cell(entry);
      if (/^[=+\-@]/.test(value)) formulas.push(`"${entry.id}" ${name}`);
      else if (/^(?:0\d+|\d{16,})$/.test(value)) numbers.push(`"${entry.id}" ${name}`);
    }
  if (!formulas.length && !numbers.length) return [];
  const some = (cells: string[]) => `${cells.slice(0, 3).join(', ')}${cells.length > 3 ? ', …' : ''}`;
  const kinds = [
    formulas.length && `read as a formula (they start with =, +, - or @): ${some(formulas)}`,
    numbers.length && `read as a number (007 → 7): ${some(numbers)}`,
  ].filter(Boolean);
  return [
    `Excel would change ${counted(formulas.length + numbers.length)} as it opens this ${format.toUpperCase()}: ${kinds.join('; ')}. Open it through Excel's Data › From Text/CSV with every column as Text, or edit it where text stays as written`,
  ];
}

function counted(n: number): string {
  return n === 1 ? '1 cell' : `${n.toLocaleString('en')} cells`;
}

/**
 * RFC 4180 with CRLF line ends and a byte-order mark: Excel opens a CSV without one in the system's
 * code page (GBK on a Chinese Windows), and the importer skips it.
 */
function csvText(kb: KnowledgeBase, format: 'csv' | 'tsv'): string {
  const separator = format === 'csv' ? ',' : '\t';
  const columns = COLUMNS.filter(
    ([name, cell], i) => i < 3 || name === 'alternatives' || kb.entries.some((e) => cell(e)),
  );
  const quote = (value: string) =>
    value.includes(separator) || /["\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
  const rows = [
    columns.map(([name]) => name),
    ...kb.entries.map((e) => columns.map(([, cell]) => quote(cell(e)))),
  ];
  return `\uFEFF${rows.map((cells) => cells.join(separator)).join('\r\n')}\r\n`;
}

/** Throws naming each entry's field that `back` (the text read back) does not hold as `kb` does. */
function checkReadsBack(kb: KnowledgeBase, back: KnowledgeBase, format: KnowledgeBaseFormat): void {
  const issues: KnowledgeBaseIssue[] = [];
  kb.entries.forEach((entry, i) => {
    const read = back.entries[i] as unknown as Record<string, unknown> | undefined;
    const fields = new Set([...Object.keys(entry), ...Object.keys(read ?? {})]);
    for (const field of fields) {
      const value = (entry as unknown as Record<string, unknown>)[field];
      if (isDeepStrictEqual(value, read?.[field])) continue;
      const back = read?.[field];
      // Only white space around it differs: both quotes looked the same (the new line a YAML `|`
      // block ends with is past the quote's 80 characters, or an escape nobody spots).
      const spaces = typeof value === 'string' && typeof back === 'string' && value.trim() === back;
      issues.push({
        entryId: entry.id,
        path: `entries[${i}].${field}`,
        message: spaces
          ? `a ${format.toUpperCase()} cannot hold the white space at its start or end (${JSON.stringify(value.slice(value.trimEnd().length) || value.slice(0, value.length - value.trimStart().length))}; a YAML "${field}: |" block ends in a new line: write "${field}: |-"); export as JSON or YAML (--format json), or remove it`
          : `a ${format.toUpperCase()} cannot hold it as written: it would read back as ${JSON.stringify(back ?? null).slice(0, 80)}, not ${JSON.stringify(value ?? null).slice(0, 80)}; export as JSON or YAML (--format json), or change the text`,
      });
    }
  });
  if (kb.locale !== back.locale)
    issues.push({ path: 'locale', message: `would read back as ${back.locale}` });
  if (issues.length) throw new KnowledgeBaseError(issues);
}
