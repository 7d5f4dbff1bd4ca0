import type { z } from 'zod';

// One home for how a refused value is worded, for config files (load-config.ts) and the HTTP API
// (http/describe-issue.ts): zod's "Invalid option: expected one of …" named neither the value nor,
// in the API, anything a merchant could match to what they sent.

/** How the issue names a kind of value; a config file says "a mapping", a JSON body "an object". */
export interface ValueWords {
  kinds: Readonly<Record<string, string>>;
  /** The noun for an object: `mapping` or `object`. */
  object: 'mapping' | 'object';
}

/** Words for an option given in code (`createHub`'s): an object, no kinds of its own. */
export const CODE_OPTION_WORDS: ValueWords = { kinds: {}, object: 'object' };

/** The value at a schema issue's path in what was validated. */
export function valueAt(document: unknown, path: readonly PropertyKey[]): unknown {
  let value = document;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** A key whose value is a secret: an issue gives its length only. */
const SECRET_KEY = /(?:secret|token|password|hash)$/i;

/**
 * A value as an issue quotes it: short (an error line, not the document: 60 characters, then its
 * length), a secret's length only, a URL's password hidden (errors are printed and logged).
 * @example
 * shownValue('ticket.eaten', 'events[0]', words); // '"ticket.eaten"'
 */
export function shownValue(value: unknown, path: string, words: ValueWords): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  const article = words.object === 'object' ? 'an' : 'a';
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    if (!keys.length) return `an empty ${words.object}`;
    return `${article} ${words.object} of ${keys.slice(0, 3).join(', ')}${keys.length > 3 ? ', …' : ''}`;
  }
  if (typeof value !== 'string') return String(value);
  if (SECRET_KEY.test(path)) return `a string of ${[...value].length} characters`;
  const text = value.replace(/(\/\/[^/:@\s]*:)[^/@\s]*@/g, '$1***@');
  const chars = [...text];
  return chars.length > 60
    ? `${JSON.stringify(`${chars.slice(0, 60).join('')}…`)} (${chars.length} characters)`
    : JSON.stringify(text);
}

/**
 * What an issue expects and the value it got (`expected one of "a"|"b", got "c"`), for a value
 * that is there (a missing one is worded by the caller). `expected` replaces zod's words where the
 * caller has better ones (a pattern's rule, a schema's own message). Custom checks keep their words alone.
 * @example
 * expectedAndReceived(issue, body, 'events[0]', words); // 'expected one of …, got "ticket.eaten"'
 */
export function expectedAndReceived(
  issue: z.core.$ZodIssue,
  document: unknown,
  path: string,
  words: ValueWords,
  expected?: string,
): string {
  // A discriminated union's unknown `kind`: zod says "Invalid discriminator value. Expected 'bot' |
  // 'agent'", unlike its every other list of values (`expected one of "bot"|"agent"`).
  const options = issue.code === 'invalid_union' ? (issue as { options?: unknown[] }).options : undefined;
  const said =
    expected ??
    (issue.code === 'invalid_type'
      ? `expected ${words.kinds[issue.expected] ?? issue.expected}`
      : options?.length
        ? `expected one of ${options.map((o) => JSON.stringify(o)).join('|')}`
        : issue.message.replace(/^(?:Invalid input|Invalid option|Too small|Too big|Invalid string): /, ''));
  // The schema's own checks (a repeated key, office hours) say what is wrong in their words already;
  // a value not there is for the caller's "required" (or the schema's words) to say.
  // What was validated, else the issue's own input (with reportInput: the value after a split).
  const value = valueAt(document, issue.path) ?? (issue as { input?: unknown }).input;
  if (issue.code === 'custom' || /\bgot\b/.test(said) || value === undefined) return said;
  return `${said}, got ${shownValue(value, path, words)}`;
}
