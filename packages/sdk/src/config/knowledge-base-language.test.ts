import { describe, expect, it } from 'vitest';
import { chooseKnowledgeBase, knowledgeBaseKeyProblem } from './knowledge-base-language.ts';

describe('chooseKnowledgeBase', () => {
  const keys = ['zh', 'zh-TW', 'zh-HK', 'zh-Hant', 'en', 'en-GB'];
  const chosen = (locale: string | undefined, language = 'zh', keysOf = keys) =>
    keysOf[chooseKnowledgeBase(keysOf, language, locale)];

  it("picks the shopper's region, then their script, then the bare language", () => {
    expect(chosen('zh-TW')).toBe('zh-TW');
    expect(chosen('zh-hk')).toBe('zh-HK');
    expect(chosen('zh-Hant-HK')).toBe('zh-HK');
    expect(chosen('zh-MO')).toBe('zh-Hant');
    expect(chosen('zh-CN')).toBe('zh');
    expect(chosen('zh')).toBe('zh');
    expect(chosen(undefined)).toBe('zh');
    expect(chosen('en-GB', 'en')).toBe('en-GB');
    expect(chosen('en-US', 'en')).toBe('en');
  });

  it('goes by the language written in: a zh-TW shopper writing English gets an English file', () => {
    expect(chosen('zh-TW', 'en')).toBe('en');
  });

  it('prefers the bare language to another region, and any file of the language to another language', () => {
    expect(chosen('zh-HK', 'zh', ['zh-TW', 'zh', 'en'])).toBe('zh');
    expect(chosen('zh-HK', 'zh', ['en', 'zh-TW', 'zh-CN'])).toBe('zh-TW');
    expect(chosen('zh-CN', 'zh', ['en', 'zh-TW'])).toBe('zh-TW');
    expect(chosen('zh-TW', 'zh', ['zh-Hans', 'zh-CN'])).toBe('zh-Hans');
    expect(chosen('zh-TW', 'zh', ['en-GB', 'en'])).toBe('en-GB');
  });

  it("reads the script from the shopper's text when their locale does not say", () => {
    expect(keys[chooseKnowledgeBase(keys, 'zh', 'zh', 'Hant')]).toBe('zh-Hant');
    expect(keys[chooseKnowledgeBase(keys, 'zh', 'zh-CN', 'Hant')]).toBe('zh');
  });
});

describe('knowledgeBaseKeyProblem', () => {
  it('takes zh and en, with a region or the Chinese scripts', () => {
    for (const key of ['zh', 'en', 'zh-TW', 'zh-hk', 'zh-Hant', 'zh-Hans', 'en-GB'])
      expect(knowledgeBaseKeyProblem(key), key).toBeUndefined();
  });

  it('says why the bot would never choose any other', () => {
    expect(knowledgeBaseKeyProblem('fr')).toMatch(/^"fr": the bot tells only Chinese \(zh…\) from English/);
    expect(knowledgeBaseKeyProblem('zh-Latn')).toBe(
      '"zh-Latn": the only scripts a key may name are zh-Hant and zh-Hans',
    );
    expect(knowledgeBaseKeyProblem('zh_TW')).toMatch(/^"zh_TW" is not a language key/);
    expect(knowledgeBaseKeyProblem('zh-yue')).toMatch(/^"zh-yue" is not a language key/);
    expect(knowledgeBaseKeyProblem('chinese')).toMatch(/^"chinese" is not a language key/);
  });
});
