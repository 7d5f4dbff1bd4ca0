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

  it('keeps as text a URL whose host reads otherwise than it leads, and joins it to the text around', () => {
    expect(splitLinks('see https://shop.example.com\u2215refund.evil.example/x now')).toEqual([
      { text: 'see https://shop.example.com\u2215refund.evil.example/x now' },
    ]);
    expect(splitLinks('a http://0x7f.1/ b https://A.Example:443/p')).toEqual([
      { text: 'a http://0x7f.1/ b ' },
      { text: 'https://A.Example:443/p', href: 'https://a.example/p' },
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
