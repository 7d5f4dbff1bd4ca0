import { KefuError } from '@kefu/protocol';
import { KnowledgeBaseError, knowledgeBaseIssueText } from '../faq/knowledge-base.ts';
import { QUOTED_INPUT_CHARS, quotedInput } from '../quoted-input.ts';

/** How many of a file's problems the answer lists: the first ones are enough to start fixing. */
const LISTED_PROBLEMS = 20;
/** A line of a parser's message (its own words, and for YAML the file's lines around the error). */
const MESSAGE_LINE_CHARS = 2 * QUOTED_INPUT_CHARS;

/**
 * A refused knowledge base as the API answers it: the parser's problems, each quoting at most a
 * short prefix of the file (an entry id, a column, a line), the first 20 of them. The parser's own
 * message repeated whole cells: a 1 MiB cell in an import came back in the 400, in full.
 * Any other error is returned as it is.
 * @example
 * await kb.importText(text, 'csv', 'merge').catch((e) => { throw briefKnowledgeBaseRefusal(e); });
 */
export function briefKnowledgeBaseRefusal(error: unknown): unknown {
  const cause = error instanceof KefuError ? error.cause : error;
  if (!(cause instanceof KnowledgeBaseError)) return error;
  const { issues } = cause;
  const lines = issues.slice(0, LISTED_PROBLEMS).map(
    (issue) =>
      `  - ${knowledgeBaseIssueText({
        ...issue,
        ...(issue.entryId === undefined ? {} : { entryId: quotedInput(issue.entryId) }),
        // `entries[3].<a key from the file>`: each step quoted on its own.
        path: issue.path
          .split('.')
          .map((step) => quotedInput(step))
          .join('.'),
        message: issue.message
          .split('\n')
          .map((line) => quotedInput(line, MESSAGE_LINE_CHARS))
          .join('\n'),
      })}`,
  );
  if (issues.length > LISTED_PROBLEMS) lines.push(`  … and ${issues.length - LISTED_PROBLEMS} more`);
  const count = `${issues.length} problem${issues.length === 1 ? '' : 's'}`;
  return new KefuError('invalid_frame', `Invalid knowledge base (${count}):\n${lines.join('\n')}`, { cause });
}

/**
 * An edit of the knowledge base (the API's, the console's), its refusal as `briefKnowledgeBaseRefusal` words it.
 * @example
 * await editedBriefly(hub.admin.knowledge!.put(entry));
 */
export const editedBriefly = <T>(edit: Promise<T>): Promise<T> =>
  edit.catch((error: unknown) => {
    throw briefKnowledgeBaseRefusal(error);
  });
