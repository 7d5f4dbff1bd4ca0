import { IMAGE_URL_PATTERN, STORED_TEXT_PATTERN } from '@kefu/protocol';
import type * as z from 'zod';
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

/**
 * An issue in words: zod's own message for a pattern is the raw regex, which says nothing to a
 * caller; the protocol's patterns are named for what they refuse. Custom messages stay as written.
 */
export function describeIssue(issue: z.core.$ZodIssue): string {
  // zod lists every unknown key in full: a body of one megabyte-long key was echoed whole.
  if (issue.code === 'unrecognized_keys')
    return `Unrecognized key${issue.keys.length === 1 ? '' : 's'}: ${quotedList(issue.keys, (k) => `"${k}"`)}`;
  // A field left out: zod says "Invalid input: expected object, received undefined".
  if (issue.code === 'invalid_type' && / received undefined$/.test(issue.message))
    return `required: ${EXPECTED[issue.expected] ?? `a ${issue.expected}`}`;
  // zod's defaults start "Invalid"; a schema's own message (e.g. an entry id's rule) is kept.
  if (issue.code !== 'invalid_format' || issue.format !== 'regex' || !issue.message.startsWith('Invalid'))
    return issue.message;
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
