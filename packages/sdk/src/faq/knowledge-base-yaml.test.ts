import { describe, expect, it } from 'vitest';
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
