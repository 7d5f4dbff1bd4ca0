/**
 * The knowledge-base format. It is plain JSON so a merchant can keep it in a repository, edit it in
 * any editor and review changes; `parseKnowledgeBaseCsv` imports the same shape from a spreadsheet.
 *
 * Validation is hand-written because `zod` is not a dependency of @kefu/sdk yet (it only reaches the
 * protocol package); the rules below mirror what a `zod/mini` schema would say, one issue per field.
 */

import { KB_ENTRY_ID_PATTERN, STORED_TEXT_PATTERN, toStoredText } from '@kefu/protocol';
import { onlyInvisible, withoutInvisibles } from '../text/invisible-characters.ts';
import { KB_LIMITS, limitIssues, tooMany } from './knowledge-base-limits.ts';

import type {
  EntryScope,
  KnowledgeBase,
  KnowledgeBaseEntry,
  KnowledgeBaseIssue,
  QuickReply,
} from './knowledge-base-types.ts';

export { KB_LIMITS } from './knowledge-base-limits.ts';
export type * from './knowledge-base-types.ts';

/** One issue as one line: `entry "x" entries[2].answer: must be …`. */
export function knowledgeBaseIssueText(issue: KnowledgeBaseIssue): string {
  return `${issue.entryId ? `entry "${issue.entryId}" ` : ''}${issue.path ? `${issue.path}: ` : ''}${issue.message}`;
}

/** Thrown by the parsers; `issues` lists every problem, not just the first. */
export class KnowledgeBaseError extends Error {
  readonly code = 'KB_INVALID';
  readonly issues: KnowledgeBaseIssue[];

  constructor(issues: KnowledgeBaseIssue[]) {
    super(
      `Invalid knowledge base (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${issues
        .map((i) => `  - ${knowledgeBaseIssueText(i)}`)
        .join('\n')}`,
    );
    this.name = 'KnowledgeBaseError';
    this.issues = issues;
  }
}

const ENTRY_KEYS = new Set([
  'id',
  'question',
  'alternatives',
  'answer',
  'tags',
  'scope',
  'quickReplies',
  'locale',
]);

/**
 * What an entry id may be: the protocol's (so a console's `kb.decide` names only ids that can
 * exist), which the parser, the HTTP API's schemas (and so its OpenAPI document) and the CLI check
 * ids with. `:` is allowed for namespaced ids (`faq:ship`); in a URL path it may be sent as is or as `%3A`.
 */
export const ENTRY_ID_PATTERN: RegExp = KB_ENTRY_ID_PATTERN;
/** The rule in words, as an error message after the field name. */
export const ENTRY_ID_RULE = `must be 1-${KB_LIMITS.idLength} letters, digits or _.:- (starting with a letter or digit)`;

/**
 * Other names of the fields (a spreadsheet's, the CSV import's: "alternates", "Answer",
 * "quick_replies"), so the error names the field meant.
 */
const FIELD_NAMES: ReadonlyMap<string, string> = new Map([
  ...[...ENTRY_KEYS].map((k): [string, string] => [k.toLowerCase(), k]),
  ['alternative', 'alternatives'],
  ['alternate', 'alternatives'],
  ['alternates', 'alternatives'],
  ['tag', 'tags'],
  ['quickreply', 'quickReplies'],
  // What other tools call them: a Q&A export's `q`/`a`, a help centre's (Zendesk's) `title`/`body`.
  ['q', 'question'],
  ['a', 'answer'],
  ['title', 'question'],
  ['body', 'answer'],
]);

const MISDECODED =
  'holds "\uFFFD", what text read in the wrong encoding becomes: save the file as UTF-8 (Excel\'s "CSV UTF-8"; its plain "CSV" writes GBK on a Chinese Windows) and read it as UTF-8';

/** Whether `value` is a valid entry id (see {@link ENTRY_ID_PATTERN}). */
/**
 * A shopper's message as an entry's question (a learned question approved, an agent's reply drafted
 * as an entry): without bidi controls or zero-width characters, which must not ride into the shop's
 * own entries, and cut as an entry's question is, never inside a surrogate pair.
 * @example
 * shopperQuestion('退\u200B货？\u202E'); // '退货？'
 */
export function shopperQuestion(text: string): string {
  return toStoredText(withoutInvisibles(text).trim(), KB_LIMITS.questionLength).trim();
}

export function isEntryId(value: unknown): value is string {
  return typeof value === 'string' && value.length <= KB_LIMITS.idLength && ENTRY_ID_PATTERN.test(value);
}

/**
 * Checks an unknown value (e.g. `JSON.parse` of a file) and returns a typed knowledge base.
 * Throws a {@link KnowledgeBaseError} that names the entry id and field path of every problem.
 *
 * @example
 * const kb = parseKnowledgeBase(JSON.parse(fs.readFileSync('faq.zh.json', 'utf8')));
 * // KnowledgeBaseError: entry "returns" entries[2].answer: must be a non-empty string
 */
export function parseKnowledgeBase(input: unknown): KnowledgeBase {
  const issues: KnowledgeBaseIssue[] = [];
  if (!isObject(input)) {
    // A bare list of entries and an empty YAML file are the usual shapes here: say what to write.
    const got = Array.isArray(input) ? 'a list' : input == null ? 'empty' : `a ${typeof input}`;
    throw new KnowledgeBaseError([
      {
        path: '(root)',
        message: `must be an object with the entries under "entries" ({ "entries": [ … ] }); it is ${got}`,
      },
    ]);
  }
  if (input.version !== undefined && input.version !== 1) {
    issues.push({ path: 'version', message: 'must be 1 (the only version so far)' });
  }
  if (input.locale !== undefined && !isText(input.locale, 35)) {
    issues.push({ path: 'locale', message: 'must be a short language tag such as "zh" or "en"' });
  }
  if (!Array.isArray(input.entries)) {
    issues.push({ path: 'entries', message: `must be an array of entries${listElsewhere(input)}` });
    throw new KnowledgeBaseError(issues);
  }
  if (input.entries.length > KB_LIMITS.entries)
    throw new KnowledgeBaseError([...issues, tooMany(input.entries.length)]);
  const seen = new Map<string, number>();
  const entries: KnowledgeBaseEntry[] = [];
  input.entries.forEach((raw: unknown, i: number) => {
    const entry = parseEntry(raw, `entries[${i}]`, issues);
    // A duplicate id is checked on entries with other problems too: reported only once those were
    // fixed, it cost the merchant another round.
    const id = isObject(raw) && isEntryId(raw.id) ? raw.id : undefined;
    if (id !== undefined) {
      const first = seen.get(id);
      if (first !== undefined)
        issues.push({ entryId: id, path: `entries[${i}].id`, message: `duplicates entries[${first}].id` });
      else seen.set(id, i);
    }
    if (entry) entries.push(entry);
  });
  issues.push(...limitIssues(entries));
  if (issues.length) throw new KnowledgeBaseError(issues);
  const kb: KnowledgeBase = { version: 1, entries };
  if (typeof input.locale === 'string') kb.locale = input.locale;
  return kb;
}

/**
 * One entry checked as {@link parseKnowledgeBase} checks it at `entries[index]`: for an edit of one
 * entry, which need not read the other 9,999 again (that took 40-400 ms of the event loop per edit).
 */
export function parseKnowledgeBaseEntry(raw: unknown, index: number): KnowledgeBaseEntry {
  const issues: KnowledgeBaseIssue[] = [];
  const entry = parseEntry(raw, `entries[${index}]`, issues);
  if (!entry || issues.length) throw new KnowledgeBaseError(issues);
  return entry;
}

/** The limits on a whole base of entries already parsed: their number and their text. */
export function checkKnowledgeBaseLimits(entries: readonly KnowledgeBaseEntry[]): void {
  const issues = entries.length > KB_LIMITS.entries ? [tooMany(entries.length)] : limitIssues(entries);
  if (issues.length) throw new KnowledgeBaseError(issues);
}

/**
 * Where an export from another tool keeps its list instead (`{ "articles": [ … ] }`, `faqs:`), for
 * the message: "must be an array" alone leaves the merchant looking for what is wrong with a list
 * they can see.
 */
function listElsewhere(input: Record<string, unknown>): string {
  if (input.entries !== undefined) return '';
  const key = Object.keys(input).find((k) => Array.isArray(input[k]));
  return key === undefined
    ? ' ({ "entries": [ { "id", "question", "answer" }, … ] })'
    : ` (the file has none; its list is under ${JSON.stringify(key.slice(0, 40))}: name it "entries", each entry { "id", "question", "answer" })`;
}

/**
 * Why a number or yes/no is not text, for the message: YAML reads `id: 001` as the number 1 and
 * `answer: 24` as a number, and "must be … letters, digits" alone leaves a merchant who typed digits
 * puzzled.
 */
function notText(value: unknown): string {
  return typeof value === 'number' || typeof value === 'boolean'
    ? ` (got the ${typeof value} ${String(value)}: put it in quotes to make it text)`
    : '';
}

/**
 * Which character of a text id is not allowed: "letters" alone reads as "any letter" to a merchant
 * who writes ids in Chinese (发货) or with spaces (ship time), and Excel's or YAML's ids often are.
 */
function idHint(value: unknown): string {
  if (typeof value !== 'string') return '';
  const bad = [...value].find((ch) => !/[A-Za-z0-9_.:-]/.test(ch));
  if (bad === undefined) return '';
  const dashed = value.trim().replace(/\s+/g, '-');
  if (/\s/.test(bad) && isEntryId(dashed)) return ` (spaces are not allowed: "${dashed}" would do)`;
  return ` (${JSON.stringify(bad)} is not allowed: the letters are a-z and A-Z, so use a code such as "faq-1" and keep the text in question)`;
}

/** How long a text over its limit is, for the message: "at most 4000" alone does not say by how much. */
function length(value: unknown, maxLength: number): string {
  return typeof value === 'string' && value.length > maxLength
    ? ` (it has ${value.length.toLocaleString('en')}: shorten it${maxLength === KB_LIMITS.answerLength ? ', or link to a page with the rest' : ''})`
    : '';
}

/**
 * `: it looks like the rest of "answer" cut at a comma …` for a key with no value and a space in it
 * right after a text field: YAML reads `{ answer: Yes, one free exchange }` as answer "Yes" and a
 * key "one free exchange", which "is not a known field" alone does not explain.
 */
function cutAtComma(raw: Record<string, unknown>, keys: readonly string[], i: number): string {
  const key = keys[i]!;
  const before = keys[i - 1];
  if (raw[key] !== null || !/\s/.test(key.trim()) || !before || typeof raw[before] !== 'string') return '';
  return `: it looks like the rest of "${before}" cut at a comma (in YAML's { … } a comma ends a value): put the whole value in quotes, ${before}: ${JSON.stringify(`${raw[before]}, ${key}`)}`;
}

function parseEntry(raw: unknown, at: string, issues: KnowledgeBaseIssue[]): KnowledgeBaseEntry | null {
  // One check per field of an entry, each reporting its own issue path.
  if (!isObject(raw)) {
    issues.push({ path: at, message: 'must be an object' });
    return null;
  }
  const entryId = typeof raw.id === 'string' && raw.id ? raw.id : undefined;
  const problem = (field: string, message: string) =>
    issues.push({ ...(entryId ? { entryId } : {}), path: `${at}.${field}`, message });
  const before = issues.length;

  const keys = Object.keys(raw);
  keys.forEach((key, i) => {
    if (ENTRY_KEYS.has(key)) return;
    const meant = FIELD_NAMES.get(key.toLowerCase().replace(/[\s_-]+/g, ''));
    problem(key, `is not a known field${meant ? ` (the field is "${meant}")` : cutAtComma(raw, keys, i)}`);
  });
  if (!isEntryId(raw.id)) problem('id', ENTRY_ID_RULE + notText(raw.id) + idHint(raw.id));
  if (!isText(raw.question, KB_LIMITS.questionLength)) {
    problem(
      'question',
      `must be a non-empty string of at most ${KB_LIMITS.questionLength} characters${notText(raw.question)}${length(raw.question, KB_LIMITS.questionLength)}`,
    );
  }
  if (!isText(raw.answer, KB_LIMITS.answerLength)) {
    problem(
      'answer',
      `must be a non-empty string of at most ${KB_LIMITS.answerLength} characters${notText(raw.answer)}${length(raw.answer, KB_LIMITS.answerLength)}`,
    );
  }
  // Not blank, yet nothing shows: the bot picked the entry and sent an empty message, which the
  // frames refuse (the shopper was handed over each time), and no editor shows why.
  for (const field of ['question', 'answer'] as const) {
    const invisible = onlyInvisible(raw[field]);
    if (invisible)
      problem(
        field,
        `has no visible text: only invisible or bidi control characters (${invisible}); write the ${field} or delete the entry`,
      );
  }
  const alternatives = stringList(raw.alternatives, 'alternatives', KB_LIMITS.questionLength, problem);
  if (alternatives.length > KB_LIMITS.alternatives) {
    problem('alternatives', `must have at most ${KB_LIMITS.alternatives} phrasings`);
  }
  // Text decoded in the wrong encoding (a GBK file from Excel read as UTF-8) parses fine and
  // matches nothing: the replacement character it leaves is the only trace.
  const texts: Array<[string, unknown]> = [
    ['question', raw.question],
    ['answer', raw.answer],
    ...alternatives.map((a, j): [string, unknown] => [`alternatives[${j}]`, a]),
  ];
  for (const [field, text] of texts)
    if (typeof text === 'string' && text.includes('\uFFFD')) problem(field, MISDECODED);
  // The HTTP API's schemas refuse these in an entry; a file or an import reached the hub with them.
  for (const key of keys)
    if (ENTRY_KEYS.has(key)) unstorable(raw[key], key, 0, (field) => problem(field, UNSTORABLE));
  const tags = stringList(raw.tags, 'tags', KB_LIMITS.tagLength, problem);
  if (raw.locale !== undefined && !isText(raw.locale, 35)) problem('locale', 'must be a short language tag');

  let scope: EntryScope | undefined;
  if (raw.scope !== undefined) {
    if (!isObject(raw.scope)) problem('scope', 'must be an object with productIds and/or categories');
    else {
      for (const key of Object.keys(raw.scope)) {
        if (key !== 'productIds' && key !== 'categories') problem(`scope.${key}`, 'is not a known field');
      }
      const productIds = stringList(raw.scope.productIds, 'scope.productIds', 200, problem);
      const categories = stringList(raw.scope.categories, 'scope.categories', 200, problem);
      if (productIds.length || categories.length) {
        scope = {};
        if (productIds.length) scope.productIds = productIds;
        if (categories.length) scope.categories = categories;
      }
    }
  }

  let quickReplies: QuickReply[] | undefined;
  if (raw.quickReplies !== undefined) {
    if (!Array.isArray(raw.quickReplies)) problem('quickReplies', 'must be an array');
    else {
      if (raw.quickReplies.length > KB_LIMITS.quickReplies) {
        problem('quickReplies', `must have at most ${KB_LIMITS.quickReplies} replies`);
      }
      quickReplies = [];
      raw.quickReplies.forEach((reply: unknown, j: number) => {
        if (!isObject(reply)) {
          problem(`quickReplies[${j}]`, 'must be an object with label and payload');
          return;
        }
        if (!isText(reply.label, KB_LIMITS.labelLength)) {
          problem(`quickReplies[${j}].label`, `must be 1-${KB_LIMITS.labelLength} characters`);
        }
        if (!isText(reply.payload, KB_LIMITS.payloadLength)) {
          problem(`quickReplies[${j}].payload`, `must be 1-${KB_LIMITS.payloadLength} characters`);
        }
        if (typeof reply.label === 'string' && typeof reply.payload === 'string') {
          quickReplies!.push({ label: reply.label, payload: reply.payload });
        }
      });
    }
  }

  if (issues.length > before) return null;
  const entry: KnowledgeBaseEntry = {
    id: raw.id as string,
    question: (raw.question as string).trim(),
    alternatives,
    answer: raw.answer as string,
    tags,
  };
  if (scope) entry.scope = scope;
  if (quickReplies?.length) entry.quickReplies = quickReplies;
  if (typeof raw.locale === 'string') entry.locale = raw.locale;
  return entry;
}

const UNSTORABLE = 'holds U+0000 or a lone surrogate, which no store can keep: remove it';

/** Calls `found` with the path of each text under `value` (two levels down) that a store cannot keep. */
function unstorable(value: unknown, path: string, depth: number, found: (path: string) => void): void {
  if (typeof value === 'string') {
    if (!STORED_TEXT_PATTERN.test(value)) found(path);
  } else if (depth < 2 && Array.isArray(value))
    value.forEach((v: unknown, j: number) => {
      unstorable(v, `${path}[${j}]`, depth + 1, found);
    });
  else if (depth < 2 && isObject(value))
    for (const [k, v] of Object.entries(value)) unstorable(v, `${path}.${k}`, depth + 1, found);
}

function stringList(
  value: unknown,
  field: string,
  maxLength: number,
  problem: (field: string, message: string) => void,
): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problem(field, 'must be an array of strings');
    return [];
  }
  const out: string[] = [];
  value.forEach((item: unknown, j: number) => {
    if (isText(item, maxLength)) out.push(item.trim());
    else
      problem(
        `${field}[${j}]`,
        `must be a non-empty string of at most ${maxLength} characters${length(item, maxLength)}`,
      );
  });
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isText(value: unknown, maxLength: number): value is string {
  return typeof value === 'string' && value.trim().length > 0 && value.length <= maxLength;
}
