import { describe, expect, it } from 'vitest';
import { importNestsTooDeep } from './import-nesting.ts';

describe('importNestsTooDeep', () => {
  const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;

  it('counts YAML flow collections by token: brackets in quoted text neither add nor hide a level', () => {
    expect(importNestsTooDeep(`version: 1\nentries: ${deep(33)}\n`, 'yaml')).toBe(true);
    expect(importNestsTooDeep(`version: 1\nentries: ${deep(32)}\n`, 'yaml')).toBe(false);
    // Each level holds a string with a `]`: a count of raw brackets would see no nesting at all.
    const hidden = `${'["]", '.repeat(40)}1${']'.repeat(40)}`;
    expect(importNestsTooDeep(`entries: ${hidden}\n`, 'yaml')).toBe(true);
    const prose = `entries:\n  - answer: '${'[{'.repeat(50)}'\n    tags: [a, b]\n`;
    expect(importNestsTooDeep(prose, 'yaml')).toBe(false);
  });

  it('counts block collections nested on one line (`- - - x`), which take no indentation', () => {
    // 1 MiB of `- ` is 500,000 levels: ~2.5 s of the event loop before the parser ran out of stack.
    expect(importNestsTooDeep(`entries:\n${'- '.repeat(500_000)}x\n`, 'yaml')).toBe(true);
    expect(importNestsTooDeep(`entries:\n${'? '.repeat(100)}x\n`, 'yaml')).toBe(true);
    // Each line a few levels deeper, further in: the indentation counts as well.
    const stairs = Array.from({ length: 20 }, (_, i) => `${' '.repeat(i * 10)}${'- '.repeat(5)}`).join('\n');
    expect(importNestsTooDeep(`entries:\n${stairs}x\n`, 'yaml')).toBe(true);
    const real =
      'entries:\n  - id: a\n    answer: "- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - -"\n    quickReplies:\n      - label: l\n        payload: p\n';
    expect(importNestsTooDeep(real, 'yaml')).toBe(false);
    expect(importNestsTooDeep(`entries:\n  - answer: ${'-'.repeat(200)}\n`, 'yaml')).toBe(false);
    // JSON is YAML: a minified file on one line has a `:` per field, inside flow maps.
    const entries = Array.from({ length: 50 }, (_, i) => ({ id: `e${i}`, question: 'q', answer: 'a' }));
    expect(importNestsTooDeep(JSON.stringify({ entries }), 'yaml')).toBe(false);
  });

  it('counts JSON as a JSON body is counted, and never CSV', () => {
    expect(importNestsTooDeep(`{"entries":${deep(40)}}`, 'json')).toBe(true);
    expect(importNestsTooDeep(`{"entries":[{"answer":"${'['.repeat(40)}"}]}`, 'json')).toBe(false);
    expect(importNestsTooDeep(`id,question,answer\na,q,${'['.repeat(40)}\n`, 'csv')).toBe(false);
  });
});
