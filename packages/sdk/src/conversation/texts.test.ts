import { describe, expect, it } from 'vitest';
import { textsFor } from './texts.ts';

describe('textsFor', () => {
  it.each(['zh', 'zh-CN', 'zh-TW', 'ZH-hk'])('speaks Chinese for %s', (locale) => {
    expect(textsFor(locale).closed).toBe('会话已结束');
  });

  it.each([undefined, 'en', 'en-GB', 'ja'])('speaks English for %s', (locale) => {
    expect(textsFor(locale).agentJoined('Mei')).toBe('Mei joined the conversation');
  });
});
