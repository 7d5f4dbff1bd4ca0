import { describe, expect, it } from 'vitest';
import { KnowledgeBaseError, parseKnowledgeBase } from './knowledge-base.ts';

describe('parseKnowledgeBase', () => {
  it('accepts a minimal entry and fills in empty alternatives and tags', () => {
    const kb = parseKnowledgeBase({ entries: [{ id: 'a', question: 'q', answer: 'x' }] });
    expect(kb.entries[0]).toEqual({ id: 'a', question: 'q', alternatives: [], answer: 'x', tags: [] });
  });

  it('names the entry id and the field path of every problem', () => {
    let error: unknown;
    try {
      parseKnowledgeBase({
        entries: [
          { id: 'ok', question: 'q', answer: 'a' },
          {
            id: 'returns',
            question: '',
            answer: 'a',
            quickReplies: [{ label: 'x'.repeat(41), payload: 'p' }],
          },
          { id: 'ok', question: 'q', answer: 'a', alternates: [] },
        ],
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KnowledgeBaseError);
    const { issues, message } = error as KnowledgeBaseError;
    expect(issues).toContainEqual(
      expect.objectContaining({ entryId: 'returns', path: 'entries[1].question' }),
    );
    expect(issues).toContainEqual(
      expect.objectContaining({ entryId: 'returns', path: 'entries[1].quickReplies[0].label' }),
    );
    expect(issues).toContainEqual(expect.objectContaining({ entryId: 'ok', path: 'entries[2].alternates' }));
    expect(message).toContain('entry "returns" entries[1].question');
  });

  it('reports duplicate ids', () => {
    expect(() =>
      parseKnowledgeBase({
        entries: [
          { id: 'a', question: 'q', answer: 'x' },
          { id: 'a', question: 'q2', answer: 'y' },
        ],
      }),
    ).toThrow(/entries\[1\]\.id: duplicates entries\[0\]\.id/);
  });

  it('rejects a value that is not a knowledge base', () => {
    expect(() => parseKnowledgeBase(null)).toThrow(KnowledgeBaseError);
    expect(() => parseKnowledgeBase({ entries: 'nope' })).toThrow(/entries: must be an array/);
  });
});
