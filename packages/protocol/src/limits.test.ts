import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LIMITS } from './limits.ts';

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
    const rows = table(readme, 'Limit').map(([name, value]) => [name!.replaceAll('`', ''), Number(value)]);
    expect(rows).toEqual(Object.entries(LIMITS));
  });
});

/** The body rows of the README's Markdown table whose first header cell is `first`, cells trimmed. */
function table(markdown: string, first: string): string[][] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.startsWith('|') && line.split('|')[1]?.trim() === first);
  if (start < 0) throw new Error(`no table headed ${first}`);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
  }
  return rows;
}
