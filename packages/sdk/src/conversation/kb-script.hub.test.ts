import { afterEach, describe, expect, it } from 'vitest';
import { createFaqBot } from '../faq/faq-bot.ts';
import type { KnowledgeBase } from '../faq/knowledge-base.ts';
import type { Hub } from '../hub/create-hub.ts';
import { shopper, startHub, until } from '../testing/hub-fixture.ts';

let hub: Hub;
afterEach(async () => {
  await hub?.close();
});

/** A mainland merchant's knowledge base, in Simplified characters, with a link to a Chinese path. */
const KB: KnowledgeBase = {
  version: 1,
  entries: [
    {
      id: 'shipping-fee',
      question: '运费多少？',
      alternatives: ['邮费怎么算', '包邮吗'],
      answer: '满 99 元包邮。付款后 48 小时内发货，运费说明见 https://shop.example/帮助/运费',
      tags: [],
    },
    {
      id: 'wool-care',
      question: '羊毛衫怎么洗？',
      alternatives: ['毛衣能机洗吗'],
      answer: '请勿机洗，可干洗或手洗后平铺晾干。',
      tags: [],
    },
  ],
};

/** A shopper of `locale` on the hub; `ask` sends a question and resolves with the bot's answer text. */
async function shopperOf(url: string, locale: string) {
  const s = shopper(url, { locale });
  s.connect();
  await until(() => s.status === 'open', `${locale} welcome`);
  return async (text: string) => {
    const before = s.messages.length;
    s.send(text);
    await until(() => s.messages.slice(before).some((m) => m.author.kind === 'bot'), `an answer to ${text}`);
    const { content } = s.messages.slice(before).find((m) => m.author.kind === 'bot')!;
    return content.kind === 'text' ? content.text : `(${content.kind})`;
  };
}

// Finding (2026-12-05): a Taiwanese shopper who asked 「運費多少」 read the answer in Simplified.
describe("knowledge-base answers in the shopper's script, over the hub", () => {
  it('answers a zh-TW shopper in Traditional and a zh-CN shopper in Simplified from the same knowledge base', async () => {
    const started = await startHub({ answer: createFaqBot(KB) });
    hub = started.hub;
    const taiwan = await shopperOf(started.url, 'zh-TW');
    const mainland = await shopperOf(started.url, 'zh-CN');

    expect(await taiwan('運費多少')).toBe(
      '滿 99 元包郵。付款後 48 小時內發貨，運費說明見 https://shop.example/帮助/运费',
    );
    expect(await mainland('运费多少')).toBe(
      '满 99 元包邮。付款后 48 小时内发货，运费说明见 https://shop.example/帮助/运费',
    );
    expect(await taiwan('羊毛衫怎麼洗')).toBe('請勿機洗，可乾洗或手洗後平鋪晾乾。');
    expect(await mainland('羊毛衫怎么洗')).toBe('请勿机洗，可干洗或手洗后平铺晾干。');
  });
});

// i18n QA (2026-12-06): a Hong Kong shopper on the shop's English page (or a browser in English) who
// wrote 運費多少 was answered in Simplified: without a Chinese locale, the script they write decides.
describe('knowledge-base answers in the script a shopper writes, when their locale names none', () => {
  it('answers Traditional to an English-page shopper who writes Traditional, Simplified to one who writes Simplified', async () => {
    const started = await startHub({ answer: createFaqBot(KB) });
    hub = started.hub;
    const english = await shopperOf(started.url, 'en');
    expect(await english('運費多少')).toBe(
      '滿 99 元包郵。付款後 48 小時內發貨，運費說明見 https://shop.example/帮助/运费',
    );
    expect(await english('羊毛衫怎么洗')).toBe('请勿机洗，可干洗或手洗后平铺晾干。');
    // A "did you mean" label tapped: the label is in the script the shopper was shown.
    const s = shopper(started.url, { locale: 'en' });
    s.connect();
    await until(() => s.status === 'open', 'welcome');
    s.send({ kind: 'text', text: '羊毛衫怎麼洗？', payload: 'faq:wool-care' });
    await until(
      () =>
        s.messages.some(
          (m) => m.author.kind === 'bot' && m.content.kind === 'text' && m.content.text.startsWith('請勿'),
        ),
      'the tapped answer in Traditional',
    );
  });
});
