import { describe, expect, it } from 'vitest';
import { hubLanguage, languageOf, readsHongKong } from './hub-language.ts';

describe('hubLanguage', () => {
  it.each([
    ['zh-TW', 'zh-Hant'],
    ['zh-hk', 'zh-Hant'],
    ['zh-MO', 'zh-Hant'],
    ['zh-Hant', 'zh-Hant'],
    ['zh-Hant-HK', 'zh-Hant'],
    ['zh', 'zh'],
    ['zh-CN', 'zh'],
    ['zh-Hans-TW', 'zh'],
    ['zh-SG', 'zh'],
    ['en-US', 'en'],
    ['ja', 'en'],
    [undefined, 'en'],
  ] as const)('reads %s as %s', (locale, language) => {
    expect(hubLanguage(locale)).toBe(language);
    expect(languageOf(locale)).toBe(language === 'en' ? 'en' : 'zh');
  });
});

describe('readsHongKong', () => {
  it.each([
    ['zh-HK', true],
    ['zh-Hant-HK', true],
    ['zh-mo', true],
    ['zh-TW', false],
    ['zh-Hant', false],
    ['en-HK', false],
    [undefined, false],
  ] as const)('reads %s as Hong Kong: %s', (locale, hongKong) => {
    expect(readsHongKong(locale)).toBe(hongKong);
  });
});
