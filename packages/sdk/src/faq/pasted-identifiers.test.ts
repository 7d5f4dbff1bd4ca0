import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { pastedIdentifiersOut, withoutPastedIdentifiers } from './pasted-identifiers.ts';

const words = (text: string) => withoutPastedIdentifiers(text).split(/\s+/).filter(Boolean).join(' ');

describe('withoutPastedIdentifiers', () => {
  it('takes out order and tracking numbers, phone numbers, links and e-mail addresses', () => {
    expect(words('my order KF10023 where is it')).toBe('my order where is it');
    expect(words('where is my order #10023')).toBe('where is my order');
    expect(words('订单KF20261201到哪了')).toBe('订单 到哪了');
    expect(words('call me at +1 415 555 0199')).toBe('call me at');
    expect(words('我电话138-1234-5678')).toBe('我电话');
    expect(words('https://shop.example.com/p/hoodie in XL?')).toBe('in XL?');
    expect(words('mail me at a.b@example.com refund')).toBe('mail me at refund');
    // A letter prefix joined by a hyphen (SO-1024 style), and full width from a Chinese IME (i18n QA):
    // the prefix stayed and read as an English word.
    expect(words('SO-123456 到哪了')).toBe('到哪了');
    expect(words('ＫＦ１００２３到哪了')).toBe('到哪了');
    expect(words('ＳＯ－１２３４５６ 到哪了')).toBe('到哪了');
  });

  it('keeps short numbers that say what is asked (prices, times, sizes, models)', () => {
    for (const text of [
      '满99元包邮吗',
      '16:00前付款',
      '128GB version',
      'iPhone 15 case',
      '2026年12月3日下单',
    ])
      expect(withoutPastedIdentifiers(text)).toBe(text);
  });

  it('keeps a message that is only a number, so it is still read as what was sent', () => {
    expect(withoutPastedIdentifiers('KF20261201')).toBe('KF20261201');
  });

  // Found 2026-12-05: a shopper's 4,000 `a`s (or digits) cost 45 ms a match, several matches a
  // message, at the 2 messages a second a conversation may send. Quadratic, 200,000 letters take
  // minutes; in one pass, milliseconds. vm's limit stops the quadratic run, which a test's
  // timeout cannot (it only fires once synchronous code returns).
  it('reads a 200,000-character run of letters, digits or address characters in one pass', () => {
    const out = (run: string) =>
      runInNewContext('out(run)', { out: pastedIdentifiersOut, run }, { timeout: 20_000 }) as string;
    for (const run of ['a'.repeat(200_000), 'a.'.repeat(100_000), `${'a'.repeat(200_000)}@x`])
      expect(out(run)).toBe(run);
    expect(out('1'.repeat(200_000))).toBe(' ');
    expect(words(`mail ${'b'.repeat(1000)}@example.com refund KF10023`)).toBe('mail refund');
  });
});
