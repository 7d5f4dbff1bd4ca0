import { describe, expect, it } from 'vitest';
import { textsFor } from './texts.ts';

describe('textsFor', () => {
  it.each(['zh', 'zh-CN', 'zh-SG', 'zh-Hans'])('speaks Simplified Chinese for %s', (locale) => {
    expect(textsFor(locale).closed).toBe('会话已结束');
  });

  it.each(['zh-TW', 'ZH-hk', 'zh-MO', 'zh-Hant', 'zh-Hant-TW'])(
    'speaks Traditional Chinese for %s',
    (locale) => {
      expect(textsFor(locale).closed).toBe('對話已結束');
    },
  );

  it.each([undefined, 'en', 'en-GB', 'ja'])('speaks English for %s', (locale) => {
    expect(textsFor(locale).agentJoined('Mei')).toBe('Mei joined the conversation');
  });
});
