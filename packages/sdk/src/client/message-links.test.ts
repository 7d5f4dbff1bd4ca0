import { describe, expect, it } from 'vitest';
import { safeHref, splitLinks } from './message-links.ts';

describe('links in message text', () => {
  it('makes http and https links clickable and leaves the rest as text', () => {
    expect(splitLinks('看这里 https://shop.example/p/1。谢谢')).toEqual([
      { text: '看这里 ' },
      { text: 'https://shop.example/p/1', href: 'https://shop.example/p/1' },
      { text: '。谢谢' },
    ]);
    expect(splitLinks('javascript:alert(1) and data:text/html,x')).toEqual([
      { text: 'javascript:alert(1) and data:text/html,x' },
    ]);
  });

  it('drops trailing punctuation from a link', () => {
    expect(splitLinks('See http://a.example/x).')).toEqual([
      { text: 'See ' },
      { text: 'http://a.example/x', href: 'http://a.example/x' },
      { text: ').' },
    ]);
  });

  it('accepts only http(s) URLs as hrefs', () => {
    expect(safeHref('https://ok.example/')).toBe('https://ok.example/');
    expect(safeHref('javascript:alert(1)')).toBeUndefined();
    expect(safeHref('not a url')).toBeUndefined();
  });
});
