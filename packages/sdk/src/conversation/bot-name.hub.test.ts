import type { Message } from '@kefu/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { Hub } from '../hub/create-hub.ts';
import type { HubOptions } from '../hub/hub-options.ts';
import { shopper, startHub, until } from '../testing/hub-fixture.ts';

let hub: Hub | undefined;
afterEach(async () => {
  await hub?.close();
  hub = undefined;
});

/** The names on the bot's messages, in order. */
const botNames = (messages: readonly Message[]) =>
  messages.filter((m) => m.author.kind === 'bot').map((m) => m.author.name);

/** A shopper of `locale` who was greeted, asked something, and got the bot's answer. */
async function answered(url: string, locale: string | undefined, question: string) {
  const s = shopper(url, locale ? { locale } : {});
  s.connect();
  await until(() => s.status === 'open' && botNames(s.messages).length > 0, 'welcome and greeting');
  s.send(question);
  await until(
    () => botNames(s.messages).length > 1,
    () => JSON.stringify(s.messages.map((m) => [m.author, m.content.kind])),
  );
  return botNames(s.messages);
}

async function started(botName: HubOptions['botName']) {
  const h = await startHub({ botName });
  hub = h.hub;
  return h.url;
}

// A merchant with Chinese and English shoppers (2026-12-06): the demo's bot, 「小客 Kefu」, showed
// its one name to every shopper, English ones included.
describe("the bot's name in the shopper's language", () => {
  it('names the bot in Chinese to a zh-CN shopper and in English to an en shopper, greeting and answer alike', async () => {
    const url = await started({ zh: '小客', 'zh-Hant': '小客', en: 'Kefu assistant' });
    expect(await answered(url, 'zh-CN', '怎么退货')).toEqual(['小客', '小客']);
    expect(await answered(url, 'en-US', 'how do I return this')).toEqual([
      'Kefu assistant',
      'Kefu assistant',
    ]);
  });

  it('falls back from zh-Hant to zh, then to en, then to the first name given', async () => {
    const url = await started({ zh: '小客', en: 'Kefu assistant' });
    expect(await answered(url, 'zh-TW', '怎麼退貨')).toEqual(['小客', '小客']);
    await hub?.close();
    const onlyChinese = await started({ 'zh-Hant': '小客服', zh: '小客' });
    expect(await answered(onlyChinese, 'en', 'how do I return this')).toEqual(['小客服', '小客服']);
  });

  it('follows the language a shopper without a locale writes in, as the bot texts do', async () => {
    const url = await started({ zh: '小客', en: 'Kefu assistant' });
    // Greeted in the site's language (English here), answered in the Chinese they wrote.
    expect(await answered(url, undefined, '怎么退货')).toEqual(['Kefu assistant', '小客']);
  });

  it('keeps one name for everyone when botName is a string', async () => {
    const url = await started('Mei bot');
    expect(await answered(url, 'zh-CN', '怎么退货')).toEqual(['Mei bot', 'Mei bot']);
    expect(await answered(url, 'en', 'how do I return this')).toEqual(['Mei bot', 'Mei bot']);
  });
});
