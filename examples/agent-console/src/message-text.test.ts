import { describe, expect, it } from 'vitest';
import { markMatches, splitLinks } from './message-text.ts';

describe('message text', () => {
  it('links http and https only, without the sentence punctuation after them', () => {
    expect(splitLinks('看这里 https://shop.example/p/1。好的')).toEqual([
      { text: '看这里 ' },
      { text: 'https://shop.example/p/1', href: 'https://shop.example/p/1' },
      { text: '。好的' },
    ]);
    expect(splitLinks('javascript:alert(1) data:text/html,<b>x</b>')).toEqual([
      { text: 'javascript:alert(1) data:text/html,<b>x</b>' },
    ]);
  });

  it('marks the words quality inspection matched, case-insensitively, merging overlaps', () => {
    expect(markMatches('我们保证明天送到', ['保证'])).toEqual([
      { text: '我们' },
      { text: '保证', hit: true },
      { text: '明天送到' },
    ]);
    expect(markMatches('We GUARANTEE it', ['guarantee', 'guar'])).toEqual([
      { text: 'We ' },
      { text: 'GUARANTEE', hit: true },
      { text: ' it' },
    ]);
    expect(markMatches('nothing here', [])).toEqual([{ text: 'nothing here' }]);
  });
});
