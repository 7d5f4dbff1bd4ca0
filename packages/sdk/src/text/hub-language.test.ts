import { describe, expect, it } from 'vitest';
import { hubLanguage, languageOf } from './hub-language.ts';

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
