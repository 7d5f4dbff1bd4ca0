import { describe, expect, it, vi } from 'vitest';
import { Scalar, stringify } from 'yaml';
import { parseKnowledgeBaseAs } from './knowledge-base-file.ts';
import { editYamlKnowledgeBase } from './knowledge-base-yaml.ts';

// The yaml library writes one space before a comment on a line: files here use one.
const FILE = `# Shop FAQ: edited by hand and through the back office.
version: 1
entries:
  # Returns — legal wording, do not shorten.
  - id: returns
    question: "Can I return an item?" # quoted on purpose
    alternatives:
      - return policy # most asked
      - 'send it back'
    answer: |
      Within 7 days of delivery,
      unused and in its box.
  - id: shipping
    question: When do you ship?
    answer: In 48 hours.
`;

describe('editYamlKnowledgeBase', () => {
  it('changes only what changed: comments, order, quoting and block scalars stay', () => {
    const kb = parseKnowledgeBaseAs('yaml', FILE);
    const next = {
      ...kb,
      entries: [
        kb.entries[0]!,
        { ...kb.entries[1]!, answer: 'In 24 hours.' },
        {
          id: 'gift',
          question: 'Do you wrap gifts?',
          alternatives: [],
          answer: 'Yes, for free.',
          tags: ['gift'],
        },
      ],
    };
    const text = editYamlKnowledgeBase(FILE, next);
    expect(text).toBe(
      `${FILE.replace('answer: In 48 hours.', 'answer: In 24 hours.')}  - id: gift
    question: Do you wrap gifts?
    answer: Yes, for free.
    tags:
      - gift
`,
    );
    expect(parseKnowledgeBaseAs('yaml', text)).toEqual(next);
  });

  it('removes and reorders entries by id, keeping each one with its comments', () => {
    const kb = parseKnowledgeBaseAs('yaml', FILE);
    const returns = { ...kb.entries[0]!, alternatives: ['return policy'] };
    const text = editYamlKnowledgeBase(FILE, { ...kb, entries: [kb.entries[1]!, returns] });
    expect(text).toContain('# Shop FAQ: edited by hand');
    expect(text).toContain('- return policy # most asked');
    expect(text).not.toContain('send it back');
    expect(text.indexOf('id: shipping')).toBeLessThan(text.indexOf('id: returns'));
    expect(text.indexOf('# Returns — legal wording')).toBeGreaterThan(text.indexOf('id: shipping'));
    expect(parseKnowledgeBaseAs('yaml', text).entries).toEqual([kb.entries[1], returns]);
  });

  it('writes afresh a file that is no longer a YAML mapping', () => {
    const kb = parseKnowledgeBaseAs('yaml', FILE);
    expect(parseKnowledgeBaseAs('yaml', editYamlKnowledgeBase('- just a list\n', kb))).toEqual(kb);
  });
});

describe('editYamlKnowledgeBase on a large file', () => {
  it('finds each entry by its id once, in whatever order the edit puts them (linear, not quadratic)', () => {
    const n = 2_000;
    const entries = Array.from({ length: n }, (_, i) => ({
      id: `e${i}`,
      question: `question ${i}`,
      alternatives: [],
      answer: `answer ${i}`,
      tags: [],
    }));
    const file = stringify({ version: 1, entries });
    // What an import merging every entry again does: they move, here all of them.
    const reversed = { version: 1 as const, entries: [...entries].reverse() };
    // Reading a value out of the file is the unit of work: by id, each entry's is read a few times.
    const reads = vi.spyOn(Scalar.prototype, 'toJSON');
    try {
      const edited = editYamlKnowledgeBase(file, reversed);
      expect(parseKnowledgeBaseAs('yaml', edited).entries.map((e) => e.id)).toEqual(
        reversed.entries.map((e) => e.id),
      );
      // Scanning the unused entries for each one read ~n²/2 ids: 2,000,000 here.
      expect(reads.mock.calls.length).toBeLessThan(50 * n);
    } finally {
      reads.mockRestore();
    }
  });
});
