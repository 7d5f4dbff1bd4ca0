import {
  isEntryId,
  KB_LIMITS,
  type KnowledgeBase,
  KnowledgeBaseError,
  type KnowledgeBaseIssue,
  parseKnowledgeBase,
} from './knowledge-base.ts';
import { withinOneEdit } from './typo.ts';

/**
 * Other names merchants give the optional columns: the singular, the JSON field's name and
 * "alternates". Other columns are ignored (a spreadsheet's notes), so an `Alternates` column was
 * dropped without a word and its phrasings never reached the bot.
 */
const COLUMN_ALIASES: Readonly<Record<string, string>> = {
  alternative: 'alternatives',
  alternate: 'alternatives',
  alternates: 'alternatives',
  tag: 'tags',
  product: 'products',
  productids: 'products',
  product_ids: 'products',
  category: 'categories',
  quick_reply: 'quick_replies',
  quickreply: 'quick_replies',
  quickreplies: 'quick_replies',
  // A Q&A sheet's short headers.
  q: 'question',
  a: 'answer',
  // The names a Chinese spreadsheet gives them (Excel in China: 编号, 问题, 答案, 相似问题1 …).
  编号: 'id',
  // A sheet exported from a platform's bot (店小蜜: 序号, 标准问题, 回答, 相似问法): its row number.
  序号: 'id',
  问题: 'question',
  标准问题: 'question',
  答案: 'answer',
  回答: 'answer',
  相似问题: 'alternatives',
  相似问法: 'alternatives',
  其他问法: 'alternatives',
  标签: 'tags',
  商品: 'products',
  商品id: 'products',
  类目: 'categories',
  分类: 'categories',
  快捷回复: 'quick_replies',
  语言: 'locale',
  // The same sheets in Traditional characters (Taiwan, Hong Kong), where 回覆 is the usual "reply".
  編號: 'id',
  序號: 'id',
  問題: 'question',
  標準問題: 'question',
  相似問題: 'alternatives',
  相似問法: 'alternatives',
  其他問法: 'alternatives',
  標籤: 'tags',
  類目: 'categories',
  分類: 'categories',
  快捷回覆: 'quick_replies',
  快捷回復: 'quick_replies',
  語言: 'locale',
};

/**
 * Between the values of a list cell: `|` or `,`, also as a Chinese input method types them in a
 * spreadsheet (full-width ｜ and ，, and 、), or "什么时候发货｜几天发" would be one phrasing.
 */
const VALUES = /[|,｜，、]/;

/**
 * What to put in a missing `id` column: exports from other tools (a sheet of 问题 and 答案) have
 * none, and "is required" alone does not say what an id is for or what to write.
 */
const ID_COLUMN =
  ' (add one: a short code per row such as faq-1, faq-2, by which edits and later imports find the entry)';

/** Every column the importer reads, by its canonical name. */
const READ_COLUMNS: ReadonlySet<string> = new Set([
  'id',
  'question',
  'answer',
  'locale',
  'alternatives',
  'tags',
  'products',
  'categories',
  'quick_replies',
]);

/** Columns that hold a list, so several columns of the same name add up. */
const LIST_COLUMNS: ReadonlySet<string> = new Set([
  'alternatives',
  'tags',
  'products',
  'categories',
  'quick_replies',
]);

/**
 * Imports a knowledge base from a spreadsheet export (RFC 4180 CSV, UTF-8, optional BOM). The header
 * row names the columns; `id`, `question` and `answer` are required, the rest optional:
 *
 * | column | format |
 * |---|---|
 * | `alternatives` | phrasings separated by `|` or new lines |
 * | `tags`, `products`, `categories` | values separated by `|` or `,` |
 * | `quick_replies` | `label=payload` pairs separated by `|` (`label` alone uses it as payload) |
 * | `locale` | a language tag |
 *
 * Problems are reported like the JSON parser's, with `entries[i]` counting data rows from 0. Exports
 * separated by `;` or tabs (what spreadsheets write in many locales) are read as well: the header
 * row decides, unless `delimiter` says (a TSV: `'\t'`).
 *
 * @example
 * parseKnowledgeBaseCsv('id,question,answer,alternatives\nship,多久发货,48 小时内发货,什么时候发货|几天发');
 */
export function parseKnowledgeBaseCsv(text: string, delimiter?: string): KnowledgeBase {
  const withSep = text.replace(/^\uFEFF/, '');
  // Excel's own hint line (`sep=;`), written first so that Excel opens the file right anywhere.
  const sep = /^sep=([^\r\n])(\r\n|\r|\n)/i.exec(withSep);
  const body = sep ? withSep.slice(sep[0].length) : withSep;
  const separator = sep ? sep[1]! : (delimiter ?? delimiterOf(body));
  const parsed = parseCsv(body, separator, sep ? 2 : 1);
  const lines = parsed.map((row) => row.line);
  const rows = parsed.map((row) => row.cells);
  const headerLine = lines.shift();
  const headerCells = rows.shift();
  const header = headerCells?.map(columnOf);
  if (!header) throw new KnowledgeBaseError([{ path: '(csv)', message: 'is empty; expected a header row' }]);
  const twice = ['id', 'question', 'answer', 'locale'].filter(
    (c) => header.indexOf(c) !== header.lastIndexOf(c),
  );
  if (twice.length) {
    throw new KnowledgeBaseError(
      twice.map((c) => ({ path: `(csv header).${c}`, message: 'column appears more than once: keep one' })),
    );
  }
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  // A header of one cell that holds the column names joined by another character ("id|question|
  // answer", an export from a database tool): one line naming that character, not three missing columns.
  const foreign =
    missing.length && headerCells!.length === 1 ? foreignSeparator(headerCells![0]!) : undefined;
  if (foreign) {
    throw new KnowledgeBaseError([
      {
        path: '(csv header)',
        message: `line ${headerLine} is one cell, "${headerCells![0]!.trim().slice(0, 40)}": its columns look separated by "${foreign}", which Kefu does not read as a CSV separator: save the file with commas, semicolons or tabs between cells`,
      },
    ]);
  }
  if (missing.length) {
    throw new KnowledgeBaseError(
      missing.map((c) => ({
        path: `(csv header).${c}`,
        // What the header row holds is what the merchant must change (问题 for question, a name in
        // another encoding, a first line that is not the header). A column a typo away ("Answers")
        // is named: the check for typos below never ran while a required column was missing.
        message: `column is required${c === 'id' ? ID_COLUMN : ''}${typoOf(c, header, headerCells!)}; line ${headerLine} is read as the header, with columns ${headerCells!
          .slice(0, 8)
          .map((h) => JSON.stringify(h.trim().slice(0, 30)))
          .join(', ')}${headerCells!.length > 8 ? ', …' : ''}`,
      })),
    );
  }
  // Other columns are ignored (a spreadsheet's notes), but one a typo away from a column Kefu reads
  // ("Alternatvies", "Answers") would drop its cells without a word.
  const misspelt = header.flatMap((name, i) => {
    const meant = meantColumn(name);
    return meant
      ? [
          {
            path: `(csv header).${headerCells![i]!.trim()}`,
            message: `is not a column Kefu reads: did you mean "${meant}"?`,
          },
        ]
      : [];
  });
  if (misspelt.length) throw new KnowledgeBaseError(misspelt);
  const entries = rows.map((row) => {
    // A quoted cell's line ends are the saving tool's (CR LF on Windows, CR from an old Mac's
    // Excel), not the merchant's: an answer keeps "\n", as its JSON export wrote it.
    const cell = (name: string) => {
      const i = header.indexOf(name);
      return i < 0 ? '' : (row[i] ?? '').replace(/\r\n?/g, '\n').trim();
    };
    const list = (name: string, separators: RegExp) =>
      header
        .flatMap((h, i) => (h === name ? (row[i] ?? '').split(separators) : []))
        .map((v) => v.trim())
        .filter(Boolean);
    const entry: Record<string, unknown> = {
      id: cell('id'),
      question: cell('question'),
      answer: cell('answer'),
      alternatives: list('alternatives', /[|｜\r\n]+/),
      tags: list('tags', VALUES),
    };
    const productIds = list('products', VALUES);
    const categories = list('categories', VALUES);
    if (productIds.length || categories.length) {
      entry.scope = {
        ...(productIds.length ? { productIds } : {}),
        ...(categories.length ? { categories } : {}),
      };
    }
    const replies = list('quick_replies', /[|｜]/).map((pair) => {
      const eq = pair.search(/[=＝]/);
      return eq < 0
        ? { label: pair, payload: pair }
        : { label: pair.slice(0, eq).trim(), payload: pair.slice(eq + 1).trim() };
    });
    if (replies.length) entry.quickReplies = replies;
    if (cell('locale')) entry.locale = cell('locale');
    return entry;
  });
  // A row with more cells than the header has columns is almost always an answer with an unquoted
  // separator ("Free over $49, otherwise $5.99"): reading it would cut the answer there and drop the
  // rest without a word, so it is an error naming the line, like any other bad row.
  const issues: KnowledgeBaseIssue[] = [];
  rows.forEach((row, i) => {
    const extra = row.slice(header.length).filter((cell) => cell.trim());
    if (!extra.length) return;
    const id = (row[header.indexOf('id')] ?? '').trim();
    // `a, "b, c"` is quoted to the eye, but RFC 4180 reads a quote after a space as text.
    const fix = row.some((cell) => /^[ \t]+"/.test(cell))
      ? 'a quote opens a quoted cell only right after the separator: remove the space before it'
      : `quote a cell that holds "${separator === '\t' ? 'a tab' : separator}"`;
    issues.push({
      ...(isEntryId(id) ? { entryId: id } : {}),
      path: `entries[${i}]`,
      message: `line ${lines[i]} has ${header.length + extra.length} cells but the header names ${header.length} columns, so "${extra[0]!.trim().slice(0, 40)}" would be lost: ${fix}`,
    });
  });
  // A row that is one cell holding another separator (the header typed with ",", the rows exported
  // with ";") is read as an id of the whole line with no question or answer: say why, once, instead.
  const otherSeparated = new Set<number>();
  if (header.length > 1)
    rows.forEach((row, i) => {
      const other =
        row.length === 1
          ? [',', ';', '\t'].find((ch) => ch !== separator && row[0]!.includes(ch))
          : undefined;
      if (!other) return;
      otherSeparated.add(i);
      const name = (ch: string) => (ch === '\t' ? 'a tab' : `"${ch}"`);
      issues.push({
        path: `entries[${i}]`,
        message: `line ${lines[i]} is one cell, "${row[0]!.trim().slice(0, 40)}": its cells are separated by ${name(other)} but the header row's by ${name(separator)}: use one separator in the whole file`,
      });
    });
  let kb: KnowledgeBase | undefined;
  try {
    kb = parseKnowledgeBase({ version: 1, entries });
  } catch (error) {
    if (!(error instanceof KnowledgeBaseError)) throw error;
    // `entries[i]` counts data rows from 0 without the header and empty rows; a merchant fixing the
    // file in a spreadsheet goes by its line (and a row with a blank id has no name to find it by).
    for (const issue of error.issues) {
      const row = /^entries\[(\d+)\]/.exec(issue.path)?.[1];
      if (row !== undefined && otherSeparated.has(Number(row))) continue;
      const line = row === undefined ? undefined : lines[Number(row)];
      issues.push(line === undefined ? issue : { ...issue, message: `${issue.message} (line ${line})` });
    }
  }
  if (!kb || issues.length) throw new KnowledgeBaseError(issues);
  return kb;
}

/** The column Kefu reads that a header name is a typo of ("Answers", "Alternatvies"), if any. */
function meantColumn(name: string): string | undefined {
  if (READ_COLUMNS.has(name) || !/^[a-z_]{4,}$/.test(name)) return undefined;
  return [...READ_COLUMNS].find((c) => withinOneEdit(name, c) || name === `${c}s`);
}

/** `: "Answers" looks like it, rename it "answer"` when a header cell is a typo of the missing `column`. */
function typoOf(column: string, header: readonly string[], cells: readonly string[]): string {
  const i = header.findIndex((name) => meantColumn(name) === column);
  return i < 0 ? '' : ` (${JSON.stringify(cells[i]!.trim())} looks like it: rename it "${column}")`;
}

/** The character that splits a one-cell header into the required column names, if one does. */
function foreignSeparator(cell: string): string | undefined {
  return ['|', ':', '/', '^', '~', '#'].find((ch) => {
    const names = cell.split(ch).map(columnOf);
    return REQUIRED_COLUMNS.every((c) => names.includes(c));
  });
}

const REQUIRED_COLUMNS = ['id', 'question', 'answer'];

/** The column a header cell names, as Kefu reads it (case, spaces and hyphens, aliases). */
function columnOf(cell: string): string {
  const name = cell
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  // "Alternative 1", "Alternative 2", …: one phrasing per column, as spreadsheets are often laid
  // out; read together rather than ignored as unknown columns.
  const numbered = name.replace(/_?\d+$/, '');
  const list = COLUMN_ALIASES[numbered] ?? numbered;
  return COLUMN_ALIASES[name] ?? (LIST_COLUMNS.has(list) ? list : name);
}

/** The separator the header row uses most: `,` unless `;` or a tab outnumbers it. */
function delimiterOf(text: string): string {
  const header = text.slice(0, text.search(/\r|\n|$/));
  const count = (ch: string) => header.split(ch).length - 1;
  return [';', '\t'].reduce((best, ch) => (count(ch) > count(best) ? ch : best), ',');
}

/**
 * RFC 4180: quoted fields may hold the delimiter, new lines and doubled quotes. A quote that never
 * closes is reported with the line it opens on (it would otherwise swallow the rest of the file).
 * Rows with no text (blank lines, `,,,`) are dropped as they end, not kept and filtered: a 1 MiB
 * upload of new lines was a million row objects and seconds of garbage collection on the event loop.
 * More rows than a knowledge base may hold (plus the header) stop the read with an error.
 */
function parseCsv(text: string, delimiter: string, firstLine: number): { cells: string[]; line: number }[] {
  const rows: { cells: string[]; line: number }[] = [];
  const end = (cells: string[], line: number) => {
    if (!cells.some((cell) => cell.trim())) return;
    if (rows.length > KB_LIMITS.entries)
      throw new KnowledgeBaseError([
        {
          path: '(csv)',
          message: `has more than ${KB_LIMITS.entries.toLocaleString('en')} rows (line ${line}); a knowledge base holds at most ${KB_LIMITS.entries.toLocaleString('en')} entries: split the file`,
        },
      ]);
    rows.push({ cells, line });
  };
  let row: string[] = [];
  let rowLine = firstLine;
  let field = '';
  // Ordinary characters are taken as one slice of the text, not appended one by one: a 50 MB file
  // built its cells as strings of millions of one-character pieces (seconds, and gigabytes).
  let run = -1;
  const flush = (to: number) => {
    if (run >= 0) field += text.slice(run, to);
    run = -1;
  };
  let quoted = false;
  let line = firstLine;
  let quoteLine = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
    if (quoted) {
      if (ch === '"') {
        flush(i);
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else if (run < 0) run = i;
      continue;
    }
    if (ch !== '"' && ch !== delimiter && ch !== '\n' && ch !== '\r') {
      if (run < 0) run = i;
      continue;
    }
    flush(i);
    if (ch === '"' && field === '') {
      quoted = true;
      quoteLine = line;
    } else if (ch === delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') {
        i++;
        line++;
      }
      // A blank line (the common case of a padded file) allocates nothing.
      if (row.length || field) {
        row.push(field);
        end(row, rowLine);
        row = [];
        field = '';
      }
      rowLine = line;
    } else field += ch;
  }
  flush(text.length);
  if (quoted)
    throw new KnowledgeBaseError([
      {
        path: '(csv)',
        message: `unterminated quote at line ${quoteLine}: the field that starts with " there never ends (close it, or double a quote inside a field: "")`,
      },
    ]);
  if (field !== '' || row.length) {
    row.push(field);
    end(row, rowLine);
  }
  return rows;
}
