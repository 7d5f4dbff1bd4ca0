import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { AgentContent, Content, imageUrl, ShopperContent } from './content.ts';
import { ORDER_STATUSES } from './enums.ts';
import { LIMITS } from './limits.ts';

const kinds = (union: { _zod: { propValues: Partial<Record<string, Set<unknown>>> } }) => [
  ...union._zod.propValues.kind!,
];

describe('content kinds', () => {
  it('lets a shopper send a subset of what an agent may send, and an agent a subset of all kinds', () => {
    expect(kinds(ShopperContent).every((k) => kinds(AgentContent).includes(k))).toBe(true);
    expect(kinds(AgentContent).every((k) => kinds(Content).includes(k))).toBe(true);
  });

  it('keeps system lines to the hub: neither shoppers nor agents may send them', () => {
    expect(kinds(Content)).toContain('system');
    expect(kinds(AgentContent)).not.toContain('system');
    expect(kinds(ShopperContent)).not.toContain('system');
  });

  it('keeps order cards and quick replies away from shoppers', () => {
    expect(kinds(ShopperContent)).toEqual(['text', 'product', 'image']);
  });

  it('takes image URLs that are hub paths or http(s), and nothing a browser would run', () => {
    const ok = (url: string) => z.safeParse(imageUrl, url).success;
    expect(ok('/images/c_1/img_1/full?t=a.b')).toBe(true);
    expect(ok('https://hub.example.com/images/c_1/img_1/thumb?t=a.b')).toBe(true);
    for (const bad of [
      'javascript:alert(1)',
      'data:image/png;base64,AA',
      '//evil.example/x',
      'images/x',
      ' /x',
      '/x y',
      '',
    ])
      expect(ok(bad), bad).toBe(false);
  });
});

describe('text length', () => {
  const text = (t: string) => z.safeParse(Content, { kind: 'text', text: t }).success;

  it('counts Chinese characters one each', () => {
    expect(text('客'.repeat(LIMITS.maxTextChars))).toBe(true);
    expect(text('客'.repeat(LIMITS.maxTextChars + 1))).toBe(false);
  });

  // zod 4.6 measures strings in Unicode code points: an emoji outside the BMP counts once even
  // though String.prototype.length counts it twice (see the report on limits.ts).
  it('counts an emoji outside the BMP as one character', () => {
    expect(text('😀'.repeat(LIMITS.maxTextChars))).toBe(true);
    expect(text('😀'.repeat(LIMITS.maxTextChars + 1))).toBe(false);
  });
});

describe('ORDER_STATUSES', () => {
  it('follows the order lifecycle, paid first and delivered last', () => {
    expect(ORDER_STATUSES).toEqual(['paid', 'shipped', 'in_transit', 'out_for_delivery', 'delivered']);
  });
});
