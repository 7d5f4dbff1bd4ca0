import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LIMITS } from './limits.ts';
import { markdownTable } from './testing/markdown-table.ts';

describe('LIMITS', () => {
  it('are positive integers', () => {
    for (const [name, value] of Object.entries(LIMITS))
      expect(Number.isInteger(value) && value > 0, name).toBe(true);
  });

  it('let a frame hold one message of maxTextChars four-byte characters', () => {
    // The largest text (every character a 4-byte emoji) must fit with room for the envelope.
    expect(LIMITS.maxTextChars * 4 + 1024).toBeLessThan(LIMITS.maxFrameBytes);
  });

  it('are the limits table of the README, value for value', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const rows = markdownTable(readme, 'Limit').map(([name, value]) => [
      name!.replaceAll('`', ''),
      Number(value),
    ]);
    expect(rows).toEqual(Object.entries(LIMITS));
  });
});
