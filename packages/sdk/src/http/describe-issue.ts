import { IMAGE_URL_PATTERN, STORED_TEXT_PATTERN } from '@kefu/protocol';
import type * as z from 'zod';
import { expectedAndReceived, type ValueWords } from '../issue-received.ts';
import { quotedList } from '../quoted-input.ts';

// Apart from router.ts so the hub's console edits (supervisor-kb-entries.ts) word a refused entry
// as the API does without importing the router, which imports the hub.

/** What a missing field takes, in words (zod's type names otherwise). */
const EXPECTED: Record<string, string> = {
  string: 'a string',
  object: 'an object',
  array: 'a list',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
};

/** A JSON body's words for kinds of value (a config file says "a mapping"). */
const BODY_WORDS: ValueWords = { kinds: EXPECTED, object: 'object' };

/**
 * An issue in words, naming what was expected and the value received (cut short, a secret's
 * length only: see `shownValue`). `input` is what was validated (the body, the query), `path`
 * the issue's field as the message names it (`body.events.0`). zod's own message for a pattern
 * is the raw regex, which says nothing to a caller; the protocol's patterns are named for what
 * they refuse. Custom messages stay as written.
 * @example
 * describeIssue(issue, body, 'body.events.0'); // 'expected one of "conversation.closed"|…, got "ticket.eaten"'
 */
export function describeIssue(issue: z.core.$ZodIssue, input: unknown, path: string): string {
  // zod lists every unknown key in full: a body of one megabyte-long key was echoed whole.
  if (issue.code === 'unrecognized_keys')
    return `Unrecognized key${issue.keys.length === 1 ? '' : 's'}: ${quotedList(issue.keys, (k) => `"${k}"`)}`;
  // A field left out: zod says "Invalid input: expected object, received undefined".
  if (issue.code === 'invalid_type' && / received undefined$/.test(issue.message))
    return `required: ${EXPECTED[issue.expected] ?? `a ${issue.expected}`}`;
  // A schema's own words (`must be a whole number in decimal digits`) say it better than zod's.
  const own = /^(?:Invalid|Too small|Too big)/.test(issue.message) ? undefined : issue.message;
  return expectedAndReceived(issue, input, path, BODY_WORDS, patternRule(issue) ?? own);
}

/** A protocol pattern's rule in words, for zod's default message of a refused pattern. */
function patternRule(issue: z.core.$ZodIssue): string | undefined {
  // zod's defaults start "Invalid"; a schema's own message (e.g. an entry id's rule) is kept.
  if (issue.code !== 'invalid_format' || issue.format !== 'regex' || !issue.message.startsWith('Invalid'))
    return undefined;
  // zod gives the pattern as `/source/flags`.
  const pattern = String((issue as { pattern?: string }).pattern ?? '');
  if (pattern === String(STORED_TEXT_PATTERN))
    return 'must not contain U+0000 (NUL) or a lone surrogate (half of a UTF-16 surrogate pair)';
  if (pattern === String(IMAGE_URL_PATTERN))
    return 'must be a path on the hub (/images/…) or an absolute http(s) URL, in printable ASCII';
  if (pattern.includes('\\u0000-\\u001f'))
    return 'must not contain control characters or a lone surrogate (half of a UTF-16 surrogate pair)';
  return 'has characters that are not allowed here';
}
