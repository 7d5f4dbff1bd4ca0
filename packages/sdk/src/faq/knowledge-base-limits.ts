/**
 * The limits of a knowledge base, per field and for the whole base, and the whole base's check
 * (its number of entries and its text), which an edit runs over every entry.
 */

import type { KnowledgeBaseEntry, KnowledgeBaseIssue } from './knowledge-base-types.ts';

/** Limits shared with the protocol's content items (text ≤ 4000, ≤ 10 quick replies, …). */
export const KB_LIMITS = {
  /** Entries in one knowledge base: a shop's FAQ is hundreds; the index and every reload scale with it. */
  entries: 10_000,
  idLength: 100,
  tagLength: 100,
  questionLength: 500,
  answerLength: 4000,
  alternatives: 100,
  /**
   * Text in the whole base: every edit parses, indexes and writes all of it, and tags and scopes
   * have no count of their own. A shop's FAQ holds well under a million characters.
   */
  characters: 16_000_000,
  quickReplies: 10,
  labelLength: 40,
  payloadLength: 256,
} as const;

/** The issue of a base with more entries than {@link KB_LIMITS}.entries. */
export const tooMany = (count: number): KnowledgeBaseIssue => ({
  path: 'entries',
  message: `has ${count.toLocaleString('en')} entries; at most ${KB_LIMITS.entries.toLocaleString('en')} are allowed`,
});

/** The issue of a base whose text is over {@link KB_LIMITS}.characters, if it is. */
export function limitIssues(entries: readonly KnowledgeBaseEntry[]): KnowledgeBaseIssue[] {
  const characters = entries.reduce((sum, e) => sum + textLength(e), 0);
  if (characters <= KB_LIMITS.characters) return [];
  const message = `holds more than ${KB_LIMITS.characters.toLocaleString('en')} characters of text (${characters.toLocaleString('en')}): shorten answers, or link to pages with the rest`;
  return [{ path: 'entries', message }];
}

/** The characters of an entry's text, as {@link KB_LIMITS}.characters counts them. */
function textLength(e: KnowledgeBaseEntry): number {
  // Without building lists: an edit checks the limit over every entry (flattened, 9 ms for 10,000).
  const { scope, quickReplies = [] } = e;
  let sum = e.question.length + e.answer.length;
  for (const list of [e.alternatives, e.tags, scope?.productIds, scope?.categories])
    if (list) for (const t of list) sum += t.length;
  for (const r of quickReplies) sum += r.label.length + r.payload.length;
  return sum;
}
