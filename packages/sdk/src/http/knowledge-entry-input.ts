import { KefuError } from '@kefu/protocol';
import type { KnowledgeBaseEntry } from '../faq/knowledge-base.ts';
import { describeIssue } from './describe-issue.ts';
import { KnowledgeEntry } from './schemas.ts';

/**
 * An entry as the API's `PUT /kb/entries/{id}` takes it, for the console's `kb.save` too: the same
 * schema (texts trimmed, blank ones refused), so both refuse the same entries in the same words.
 * Throws `invalid_frame` naming each field, e.g. `invalid entry: entry.question: may not be blank`.
 * @example
 * await editor.put(knowledgeEntryInput(frame.entry));
 */
export function knowledgeEntryInput(value: unknown, where = 'entry'): KnowledgeBaseEntry {
  const result = KnowledgeEntry.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues
    .slice(0, 10)
    .map((i) => {
      const path = [where, ...i.path.map(String)].join('.');
      return `${path}: ${describeIssue(i, value, path)}`;
    })
    .join('; ');
  throw new KefuError('invalid_frame', `invalid entry: ${issues}`);
}
