import { describe, expect, it } from 'vitest';
import { pageUrl } from './page-url.ts';

describe('pageUrl', () => {
  it.each([
    ['https://shop.example/account/reset?reset=s3cret', 'https://shop.example/account/reset'],
    ['https://shop.example/welcome#token=s3cret', 'https://shop.example/welcome'],
    ['https://shop.example/p/1?a=1#b?c', 'https://shop.example/p/1'],
    ['https://shop.example/p/1#?x=1', 'https://shop.example/p/1'],
    ['https://shop.example/p/merino-cardigan', 'https://shop.example/p/merino-cardigan'],
    ['https://shop.example/?', 'https://shop.example/'],
    ['/relative/path?x', '/relative/path'],
  ])('keeps the origin and path of %s, and drops query and fragment', (href, expected) => {
    expect(pageUrl(href)).toBe(expected);
  });
});
