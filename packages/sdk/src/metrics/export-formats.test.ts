import { describe, expect, it } from 'vitest';
import { csvText } from './export-formats.ts';

describe('csvText', () => {
  it('neutralises every start OWASP lists as a formula, control characters included', () => {
    expect(csvText('=1+2')).toBe("'=1+2");
    expect(csvText('+1')).toBe("'+1");
    expect(csvText('-1')).toBe("'-1");
    expect(csvText('@SUM(A1)')).toBe("'@SUM(A1)");
    // Spreadsheets skip a leading tab or line break and then run what follows.
    expect(csvText('\t=cmd')).toBe(`"'\t=cmd"`);
    expect(csvText('\r=cmd')).toBe(`"'\r=cmd"`);
    expect(csvText('\n=cmd')).toBe(`"'\n=cmd"`);
  });

  it('quotes what could start a new cell, and leaves plain names alone', () => {
    expect(csvText('a,=1')).toBe('"a,=1"');
    expect(csvText('a;=1')).toBe('"a;=1"');
    expect(csvText('say "hi"')).toBe('"say ""hi"""');
    expect(csvText('after-sales')).toBe('after-sales');
    expect(csvText('售后')).toBe('售后');
  });
});
