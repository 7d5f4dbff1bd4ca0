import { describe, expect, it } from 'vitest';
import { createAnalyzer } from './analyzer.ts';
import { DEFAULT_SYNONYMS } from './synonyms.ts';

describe('createAnalyzer', () => {
  const analyzer = createAnalyzer({ synonyms: DEFAULT_SYNONYMS });

  it('reads "where\'s" (or "wheres") as "where is", so it keeps the phrase\'s concept and adds no topic word', () => {
    const spelled = [...analyzer.analyze('where is my order')];
    expect([...analyzer.analyze("Where's my order?")]).toEqual(spelled);
    expect([...analyzer.analyze('wheres my order')]).toEqual(spelled);
    expect([...analyzer.analyze('WHERE’S MY ORDER')]).toEqual(spelled);
    expect(spelled.map(([term]) => term)).toContain('~track');
  });
});
