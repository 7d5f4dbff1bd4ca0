import { describe, expect, it } from 'vitest';
import type { PluginContext } from '../seams/plugins.ts';
import { defaultAnswer } from './default-answer.ts';

// The defaults read only the locale from the context; the rest is never touched.
const ctx = (locale?: string) => ({ ...(locale ? { locale } : {}) }) as PluginContext;

describe('defaultAnswer', () => {
  it('tells the shopper in English that a human is coming, and hands over', async () => {
    const answer = await defaultAnswer({ text: 'hello', failedBotTurns: 0 }, ctx('en-GB'));
    expect(answer).toEqual({
      content: [{ kind: 'text', text: "Thanks — I'll pass this to a colleague who can help." }],
      confidence: 0,
      handoff: { reason: 'the default bot hands every question to a human' },
    });
  });

  it.each(['zh', 'zh-CN'])('answers in Chinese for the %s locale', async (locale) => {
    const answer = await defaultAnswer({ text: '你好', failedBotTurns: 0 }, ctx(locale));
    expect(answer?.content).toEqual([{ kind: 'text', text: '收到，已为您转给人工客服。' }]);
  });

  it.each(['zh-TW', 'ZH-hk'])('answers in Traditional Chinese for the %s locale', async (locale) => {
    const answer = await defaultAnswer({ text: '你好', failedBotTurns: 0 }, ctx(locale));
    expect(answer?.content).toEqual([{ kind: 'text', text: '收到，已為您轉給真人客服。' }]);
  });

  it('answers in English when the locale is unknown', async () => {
    const answer = await defaultAnswer({ text: 'hi', failedBotTurns: 0 }, ctx());
    expect(answer?.content[0]).toMatchObject({ kind: 'text', text: expect.stringContaining('colleague') });
  });
});
