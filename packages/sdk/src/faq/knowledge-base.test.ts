import { describe, expect, it } from 'vitest';
import {
  checkKnowledgeBaseLimits,
  isEntryId,
  KB_LIMITS,
  KnowledgeBaseError,
  parseKnowledgeBase,
  parseKnowledgeBaseEntry,
} from './knowledge-base.ts';

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

  it('refuses text decoded in the wrong encoding (a GBK file read as UTF-8) instead of loading garbage', () => {
    const gbk = Buffer.from([0xb6, 0xe0, 0xbe, 0xc3, 0xb7, 0xa2, 0xbb, 0xf5]); // 多久发货 in GBK
    const garbled = gbk.toString('utf8');
    let issues: KnowledgeBaseError['issues'] = [];
    try {
      parseKnowledgeBase({
        entries: [
          { id: 'ship', question: garbled, answer: '48 小时' },
          { id: 'fee', question: '运费', alternatives: ['包邮', garbled], answer: garbled },
        ],
      });
    } catch (e) {
      issues = (e as KnowledgeBaseError).issues;
    }
    expect(issues.map((i) => i.path)).toEqual([
      'entries[0].question',
      'entries[1].answer',
      'entries[1].alternatives[1]',
    ]);
    expect(issues[0]).toMatchObject({ entryId: 'ship', message: expect.stringMatching(/UTF-8/) });
  });

  it('refuses an answer or question of only invisible or bidi characters, naming the entry, field and characters', () => {
    // It loaded, and the bot sent the answer as an empty message, which the frames refuse: the
    // shopper was handed over every time the entry was chosen.
    let error: unknown;
    try {
      parseKnowledgeBase({
        entries: [
          { id: 'ship', question: '多久发货', answer: '\u202E' },
          { id: 'fee', question: '\u200B \u2066', answer: '满 99 包邮' },
          { id: 'ok', question: '退货', answer: '\u202E7 天无理由' },
        ],
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KnowledgeBaseError);
    expect((error as KnowledgeBaseError).issues).toEqual([
      {
        entryId: 'ship',
        path: 'entries[0].answer',
        message:
          'has no visible text: only invisible or bidi control characters (U+202E); write the answer or delete the entry',
      },
      {
        entryId: 'fee',
        path: 'entries[1].question',
        message:
          'has no visible text: only invisible or bidi control characters (U+200B, U+2066); write the question or delete the entry',
      },
    ]);
  });

  it('refuses NUL and lone surrogates, which a store cannot keep, naming each field', () => {
    // Before, they loaded: the shopper read U+FFFD, and a payload holding one failed the bot each time.
    let issues: KnowledgeBaseError['issues'] = [];
    try {
      parseKnowledgeBase({
        entries: [
          {
            id: 'a',
            question: 'q\u0000',
            alternatives: ['ok', 'x\ud800'],
            answer: 'fine \ud83d\ude00',
            tags: ['t\u0000'],
            quickReplies: [{ label: 'l', payload: 'p\u0000' }],
          },
        ],
      });
    } catch (e) {
      issues = (e as KnowledgeBaseError).issues;
    }
    expect(issues.map((i) => i.path)).toEqual([
      'entries[0].question',
      'entries[0].alternatives[1]',
      'entries[0].tags[0]',
      'entries[0].quickReplies[0].payload',
    ]);
    expect(issues[0]).toMatchObject({ entryId: 'a', message: expect.stringMatching(/U\+0000/) });
  });

  it('says where the entries go when the root is a bare list of them, or empty', () => {
    expect(() => parseKnowledgeBase([{ id: 'a', question: 'q', answer: 'x' }])).toThrow(
      '(root): must be an object with the entries under "entries" ({ "entries": [ … ] }); it is a list',
    );
    expect(() => parseKnowledgeBase(null)).toThrow(/\(root\): must be an object [^\n]*; it is empty$/);
  });

  it('refuses more entries than KB_LIMITS.entries, saying how many it has', () => {
    const entries = Array.from({ length: KB_LIMITS.entries + 1 }, (_, i) => ({
      id: `e${i}`,
      question: 'q',
      answer: 'a',
    }));
    expect(() => parseKnowledgeBase({ version: 1, entries })).toThrow(
      'entries: has 10,001 entries; at most 10,000 are allowed',
    );
    expect(parseKnowledgeBase({ version: 1, entries: entries.slice(1) }).entries).toHaveLength(10_000);
  });

  it('checks one entry at its place and a parsed base against the limits, as a whole load would', () => {
    expect(parseKnowledgeBaseEntry({ id: 'a', question: 'q', answer: 'x' }, 3)).toMatchObject({
      id: 'a',
      tags: [],
    });
    expect(() => parseKnowledgeBaseEntry({ id: 'a', question: 'q', answer: '' }, 3)).toThrow(
      /entries\[3\]\.answer/,
    );
    const answer = 'x'.repeat(KB_LIMITS.answerLength);
    const entries = Array.from({ length: KB_LIMITS.characters / KB_LIMITS.answerLength }, (_, i) => ({
      id: `e${i}`,
      question: 'q',
      alternatives: [],
      answer,
      tags: [],
    }));
    expect(() => checkKnowledgeBaseLimits(entries)).toThrow(/holds more than 16,000,000 characters/);
    expect(() => checkKnowledgeBaseLimits(entries.slice(1))).not.toThrow();
    const many = Array.from({ length: KB_LIMITS.entries + 1 }, () => entries[0]!);
    expect(() => checkKnowledgeBaseLimits(many)).toThrow(/has 10,001 entries; at most 10,000/);
  });

  it('refuses a knowledge base holding more than KB_LIMITS.characters of text, saying how much it holds', () => {
    // Each field has a limit but tags and scopes had no count: PUT after PUT of 1 MiB entries grew
    // the base (every edit parses it whole, re-indexes it and writes the whole file) without end.
    const tags = Array.from({ length: 9_000 }, (_, i) => `tag-${i}`.padEnd(100, 'x'));
    const entries = Array.from({ length: Math.ceil(KB_LIMITS.characters / 900_000) + 1 }, (_, i) => ({
      id: `e${i}`,
      question: 'q',
      answer: 'a',
      tags,
    }));
    expect(() => parseKnowledgeBase({ entries })).toThrow(
      expect.objectContaining({
        issues: [
          expect.objectContaining({
            path: 'entries',
            message: expect.stringMatching(/^holds more than 16,000,000 characters of text/),
          }),
        ],
      }),
    );
    expect(parseKnowledgeBase({ entries: entries.slice(0, 2) }).entries).toHaveLength(2);
  });

  it('says how long a text over its limit is', () => {
    expect(() =>
      parseKnowledgeBase({
        entries: [{ id: 'a', question: 'q', alternatives: ['x'.repeat(501)], answer: 'x'.repeat(5_000_000) }],
      }),
    ).toThrow(
      /entries\[0\]\.answer: must be [^\n]* of at most 4000 characters \(it has 5,000,000: shorten it, or link to a page with the rest\)\n.*alternatives\[0\]: [^\n]*\(it has 501: shorten it\)$/,
    );
  });

  it('names the field meant by an unknown one that is another name of it', () => {
    expect(() =>
      parseKnowledgeBase({
        entries: [{ id: 'a', question: 'q', Answer: 'x', alternates: ['y'], quick_replies: [], note: 'n' }],
      }),
    ).toThrow(
      /\.Answer: is not a known field \(the field is "answer"\)\n.*\.alternates: is not a known field \(the field is "alternatives"\)\n.*\.quick_replies: is not a known field \(the field is "quickReplies"\)\n.*\.note: is not a known field\n/,
    );
  });

  it("names the field meant by a Q&A export's q/a and a help centre's title/body", () => {
    expect(() =>
      parseKnowledgeBase({
        entries: [
          { id: 'a', q: '几天发货', a: '48 小时内' },
          { id: 'b', title: 'Shipping', body: '<p>2 days</p>' },
        ],
      }),
    ).toThrow(
      /\[0\]\.q: is not a known field \(the field is "question"\)\n.*\[0\]\.a: is not a known field \(the field is "answer"\)\n(.*\n)*.*\[1\]\.title: is not a known field \(the field is "question"\)\n.*\[1\]\.body: is not a known field \(the field is "answer"\)/,
    );
  });

  it('names the key an export keeps its list under when there is no "entries"', () => {
    expect(() => parseKnowledgeBase({ count: 1, articles: [{ id: 1, title: 't', body: 'b' }] })).toThrow(
      'entries: must be an array of entries (the file has none; its list is under "articles": name it "entries", each entry { "id", "question", "answer" })',
    );
    expect(() => parseKnowledgeBase({ version: 1 })).toThrow(
      'entries: must be an array of entries ({ "entries": [ { "id", "question", "answer" }, … ] })',
    );
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

  it('reports a duplicate id beside the other problems of its entries, each against the first use of the id', () => {
    let issues: KnowledgeBaseError['issues'] = [];
    try {
      parseKnowledgeBase({
        entries: [
          { id: 'a', question: 'q', answer: '' },
          { id: 'a', question: 'q2', answer: 'y' },
          { id: 'a', question: '', answer: 'z' },
        ],
      });
    } catch (error) {
      issues = (error as KnowledgeBaseError).issues;
    }
    expect(issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      expect.stringMatching(/^entries\[0\]\.answer: must be a non-empty string/),
      'entries[1].id: duplicates entries[0].id',
      expect.stringMatching(/^entries\[2\]\.question: must be a non-empty string/),
      'entries[2].id: duplicates entries[0].id',
    ]);
  });

  it('rejects a value that is not a knowledge base', () => {
    expect(() => parseKnowledgeBase(null)).toThrow(KnowledgeBaseError);
    expect(() => parseKnowledgeBase({ entries: 'nope' })).toThrow(/entries: must be an array/);
  });

  it('takes namespaced ids (faq:ship) and refuses an invalid one naming the entry and field', () => {
    expect(isEntryId('faq:ship')).toBe(true);
    expect(isEntryId('a'.repeat(101))).toBe(false);
    for (const id of ['', ':x', 'a/b', 'a b', '../x']) expect(isEntryId(id)).toBe(false);
    expect(
      parseKnowledgeBase({ entries: [{ id: 'faq:ship', question: 'q', answer: 'a' }] }).entries[0]?.id,
    ).toBe('faq:ship');
    expect(() => parseKnowledgeBase({ entries: [{ id: 'a/b', question: 'q', answer: 'a' }] })).toThrow(
      /entry "a\/b" entries\[0\]\.id: must be 1-100 letters, digits or _\.:-/,
    );
  });

  it('says which character of an id is not allowed: a Chinese id, or one with a space', () => {
    // "letters" alone reads as "any letter" to a merchant whose ids are 发货 or "ship time".
    const idError = (id: string) => {
      try {
        parseKnowledgeBase({ entries: [{ id, question: 'q', answer: 'a' }] });
      } catch (err) {
        return (err as Error).message;
      }
      return '';
    };
    expect(idError('发货')).toContain('("发" is not allowed: the letters are a-z and A-Z');
    expect(idError('ship time')).toContain('(spaces are not allowed: "ship-time" would do)');
  });
});
