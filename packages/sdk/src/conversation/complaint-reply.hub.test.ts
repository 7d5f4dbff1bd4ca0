import type { Message } from '@kefu/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { createFaqBot } from '../faq/faq-bot.ts';
import { SMALL_KB } from '../faq/test-fixtures.ts';
import type { Hub } from '../hub/create-hub.ts';
import { shopper, startHub, until } from '../testing/hub-fixture.ts';

let hub: Hub;
afterEach(async () => {
  await hub?.close();
});

const botSaid = (messages: Message[]) =>
  messages
    .filter((m) => m.author.kind === 'bot')
    .slice(1)
    .map((m) => m.content);

describe('a complaint the knowledge base has nothing for', () => {
  // The shopper was handed to a person, and the bot told them it only answers shop questions and
  // to type 转人工: a complaint about the shop declined as off-topic, with a way out they already took.
  // Then (mobile QA, 2026-12-06) "抱歉，这个问题我暂时答不好": no apology for the complaint itself.
  it.each([
    ['zh-CN', '你们太垃圾了', '非常抱歉给您带来不好的体验，已为您转给人工客服处理。'],
    ['zh-TW', '你們太爛了，我要投訴', '非常抱歉給您帶來不好的體驗，已為您轉給真人客服處理。'],
    [
      'en',
      'I want to complain, the jacket fell apart',
      "I'm sorry about this. I'm passing it to a member of our team.",
    ],
  ])(
    '(%s) is handed to a person with the bot apologising, not declined as off-topic',
    async (locale, text, said) => {
      const started = await startHub({ answer: createFaqBot(SMALL_KB) });
      hub = started.hub;
      const s = shopper(started.url, { locale });
      s.connect();
      await until(() => s.status === 'open' && s.messages.length > 0, 'welcome and greeting');
      s.send(text);
      await until(
        () => s.state?.status === 'queued',
        () => `queued (state ${s.state?.status})`,
      );
      await until(() => botSaid(s.messages).length > 0, 'the bot’s reply');
      expect(botSaid(s.messages)).toEqual([{ kind: 'text', text: said }]);
    },
  );
});
