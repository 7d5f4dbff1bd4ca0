import { describe, expect, it } from 'vitest';
import { conversionFor, scriptOfLocale, scriptOfText } from './chinese-script.ts';

describe('scriptOfLocale', () => {
  it('reads Taiwan, Hong Kong, Macau and zh-Hant as Traditional, mainland and Singapore as Simplified', () => {
    for (const locale of ['zh-TW', 'zh-hk', 'zh-MO', 'zh-Hant', 'zh-Hant-HK'])
      expect(scriptOfLocale(locale)).toBe('Hant');
    for (const locale of ['zh-CN', 'zh-SG', 'zh-Hans', 'zh-Hans-CN'])
      expect(scriptOfLocale(locale)).toBe('Hans');
  });

  it('does not guess a script for a bare zh or another language', () => {
    for (const locale of ['zh', 'en', 'ja-JP', undefined]) expect(scriptOfLocale(locale)).toBeUndefined();
  });
});

describe('conversionFor', () => {
  it('gives Taiwan characters to zh-TW and Hong Kong ones to zh-HK and zh-MO readers', () => {
    expect(conversionFor('Hans', 'zh-TW')).toBe('s2tw');
    expect(conversionFor('Hans', 'zh-Hant')).toBe('s2tw');
    expect(conversionFor('Hans', 'zh-HK')).toBe('s2hk');
    expect(conversionFor('Hans', 'zh-MO')).toBe('s2hk');
  });

  it('converts Traditional text back for Simplified readers, undoing Hong Kong variants when written there', () => {
    expect(conversionFor('Hant', 'zh-CN')).toBe('tw2s');
    expect(conversionFor('Hant', 'zh-CN', 'zh-HK')).toBe('hk2s');
  });

  it('leaves a text alone for a reader of its own script or of no known script', () => {
    expect(conversionFor('Hans', 'zh-CN')).toBeUndefined();
    expect(conversionFor('Hant', 'zh-TW')).toBeUndefined();
    expect(conversionFor('Hans', 'zh')).toBeUndefined();
    expect(conversionFor('Hans', undefined)).toBeUndefined();
  });
});

describe('scriptOfText', () => {
  it('tells Simplified from Traditional answers', () => {
    expect(scriptOfText('付款后 48 小时内发货。')).toBe('Hans');
    expect(scriptOfText('付款後 48 小時內出貨。')).toBe('Hant');
  });

  it('is not misled by characters Traditional also writes (后, 干, 台)', () => {
    expect(scriptOfText('皇后牌吹風機請保持乾燥，台灣本島免運費。')).toBe('Hant');
  });

  it('says nothing for text without a character of either script alone', () => {
    expect(scriptOfText('可以')).toBeUndefined();
    expect(scriptOfText('Order KF10023')).toBeUndefined();
  });
});
