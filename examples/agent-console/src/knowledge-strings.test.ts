import { describe, expect, it } from 'vitest';
import { KNOWLEDGE_STRINGS } from './knowledge-strings.ts';

const { en, zh } = KNOWLEDGE_STRINGS;

describe('the knowledge page’s counts', () => {
  it('put the number first in English, with singular and plural nouns', () => {
    expect(en.misses(1, 1, 1)).toBe(
      'the bot could not answer 1 time · 1 suggestion not taken · 1 answer not helpful',
    );
    expect(en.misses(3, 2, 0)).toBe('the bot could not answer 3 times · 2 suggestions not taken');
    expect(en.misses(0, 0, 4)).toBe('4 answers not helpful');
    expect(en.asked(1, 1)).toBe('Asked 1 time · 1 conversation');
    expect(en.asked(2, 3)).toBe('Asked 2 times · 3 conversations');
    expect(en.shownOf(1, 1)).toBe('Showing 1 of 1 group');
    expect(en.shownOf(20, 31)).toBe('Showing 20 of 31 groups');
    expect(en.doctorSummary(1, 0)).toBe('1 entry, 0 with findings');
    expect(en.doctorSummary(7, 2)).toBe('7 entries, 2 with findings');
  });

  it('read as Chinese counts do, the number and its measure word before the event', () => {
    expect(zh.misses(1, 2, 3)).toBe('机器人 1 次未能回答 · 2 次推荐未被采纳 · 3 次答案没帮助');
    expect(zh.asked(2, 1)).toBe('被问 2 次 · 1 个会话');
  });
});
