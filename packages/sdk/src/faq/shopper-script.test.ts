import { describe, expect, it } from 'vitest';
import { loadScriptConverter } from '../text/script-converter.ts';
import { understand } from '../understand/understand.ts';
import { createFaqAnswerer } from './faq-answerer.ts';
import { createFaqEngine } from './faq-engine.ts';
import type { KnowledgeBase } from './knowledge-base.ts';
import { createShopperScript } from './shopper-script.ts';

const entry = (id: string, question: string, answer: string, more: object = {}) => ({
  id,
  question,
  alternatives: [],
  answer,
  tags: [],
  ...more,
});

/** A mainland shop's knowledge base, written in Simplified characters. */
const SIMPLIFIED: KnowledgeBase = {
  version: 1,
  entries: [
    entry(
      'shipping-fee',
      '运费多少？',
      '满 99 元包邮，不满收 8 元运费。付款后 48 小时内发货，发票随包裹寄出。',
      {
        alternatives: ['邮费怎么算', '包邮吗'],
        quickReplies: [{ label: '查看发货进度', payload: '物流查询' }],
      },
    ),
    entry(
      'wool-care',
      '羊毛衫怎么洗？',
      '请勿机洗，可干洗或手洗后平铺晾干；详情见 https://shop.example/售后/干洗',
      {
        alternatives: ['毛衣能机洗吗'],
      },
    ),
    entry('hair-dryer', '吹风机伤头发吗？', '负离子吹风机护发，头发半干时用低温档。型号 KF-2000 保修一年。'),
  ],
};

const ask = (answer: ReturnType<typeof createFaqAnswerer>, text: string, locale: string) =>
  answer({ text, locale, understanding: understand(text) });

describe('answers in the shopper’s script', () => {
  const answer = createFaqAnswerer(createFaqEngine(SIMPLIFIED));

  it('shows a Simplified answer in Taiwan characters to a zh-TW shopper, links and codes as written', async () => {
    const reply = await ask(answer, '運費多少', 'zh-TW');
    expect(reply.entryId).toBe('shipping-fee');
    expect(reply.content[0]).toEqual({
      kind: 'text',
      text: '滿 99 元包郵，不滿收 8 元運費。付款後 48 小時內發貨，發票隨包裹寄出。',
    });
    // The label is what the shopper reads; the payload comes back as typed, for the merchant's rules.
    expect(reply.content[1]).toEqual({
      kind: 'quick_replies',
      replies: [{ label: '查看發貨進度', payload: '物流查询' }],
    });
  });

  it('keeps a link with a Chinese path and a model number unchanged inside a converted answer', async () => {
    const wool = await ask(answer, '羊毛衫怎麼洗', 'zh-TW');
    expect(wool.content[0]).toEqual({
      kind: 'text',
      text: '請勿機洗，可乾洗或手洗後平鋪晾乾；詳情見 https://shop.example/售后/干洗',
    });
    // Hong Kong standard characters: 温, not Taiwan's 溫.
    const hair = await ask(answer, '吹風機傷頭髮嗎', 'zh-HK');
    expect(hair.content[0]).toEqual({
      kind: 'text',
      text: '負離子吹風機護髮，頭髮半乾時用低温檔。型號 KF-2000 保修一年。',
    });
  });

  it('shows the answer as written to a zh-CN shopper and to one whose locale does not name a script', async () => {
    for (const locale of ['zh-CN', 'zh']) {
      const reply = await ask(answer, '运费多少', locale);
      expect(reply.content[0]).toMatchObject({ text: expect.stringContaining('付款后 48 小时内发货') });
    }
  });

  it('offers "did you mean" titles in the shopper’s script, with the entry ids as payloads', async () => {
    const unsure = createFaqAnswerer(
      createFaqEngine(SIMPLIFIED, { thresholds: { answer: 1, suggest: 0.01, outOfScope: 0 } }),
    );
    const reply = await unsure({ text: '吹風機', locale: 'zh-TW' });
    expect(reply.decision).toBe('suggest');
    const item = reply.content[0];
    if (item?.kind !== 'quick_replies') throw new Error('expected suggestions');
    expect(item.replies[0]).toEqual({ label: '吹風機傷頭髮嗎？', payload: 'faq:hair-dryer' });
    const tapped = await unsure({ text: 'faq:hair-dryer', locale: 'zh-TW' });
    expect(tapped.content[0]).toMatchObject({ text: expect.stringContaining('頭髮半乾') });
  });

  it('shows a Traditional knowledge base in Simplified characters to a zh-CN shopper', async () => {
    const taiwan: KnowledgeBase = {
      version: 1,
      locale: 'zh-TW',
      entries: [entry('ship', '多久出貨？', '付款後 48 小時內出貨，頭髮護理組另附乾洗說明。')],
    };
    const reply = await ask(createFaqAnswerer(createFaqEngine(taiwan)), '多久出货', 'zh-CN');
    expect(reply.content[0]).toEqual({
      kind: 'text',
      text: '付款后 48 小时内出货，头发护理组另附干洗说明。',
    });
  });

  it('answers with the merchant’s own Traditional entry where the knowledge base has both', async () => {
    const both: KnowledgeBase = {
      version: 1,
      entries: [
        ...SIMPLIFIED.entries,
        entry('shipping-fee-tw', '運費多少？', '台灣本島滿 NT$990 免運，未滿酌收 NT$80。', {
          alternatives: ['郵費怎麼算', '包郵嗎'],
          locale: 'zh-TW',
        }),
      ],
    };
    const answerBoth = createFaqAnswerer(createFaqEngine(both));
    const taiwan = await ask(answerBoth, '運費多少', 'zh-TW');
    expect(taiwan.decision).toBe('answer');
    expect(taiwan.entryId).toBe('shipping-fee-tw');
    const mainland = await ask(answerBoth, '运费多少', 'zh-CN');
    expect(mainland.decision).toBe('answer');
    expect(mainland.entryId).toBe('shipping-fee');
  });

  it('shows every entry as written when the merchant turns conversion off', async () => {
    const asWritten = createFaqAnswerer(createFaqEngine(SIMPLIFIED), { convertScript: false });
    const reply = await ask(asWritten, '運費多少', 'zh-TW');
    expect(reply.content[0]).toMatchObject({ text: expect.stringContaining('付款后 48 小时内发货') });
  });
});

describe('createShopperScript', () => {
  it('converts an entry once per conversion and returns the same object after', async () => {
    const show = createShopperScript();
    const shipping = SIMPLIFIED.entries[0]!;
    const first = await show(shipping, 'zh-TW');
    expect(await show(shipping, 'zh-TW')).toBe(first);
    expect(await show(shipping, 'zh-HK')).not.toBe(first);
    expect(await show(shipping, 'zh-CN')).toBe(shipping);
  });

  it('shows the entry as written when the converter cannot load, and tries again next time', async () => {
    let calls = 0;
    const show = createShopperScript(async (conversion) => {
      calls++;
      if (calls === 1) throw new Error('Cannot find package opencc-js');
      return loadScriptConverter(conversion);
    });
    const shipping = SIMPLIFIED.entries[0]!;
    expect(await show(shipping, 'zh-TW')).toBe(shipping);
    expect((await show(shipping, 'zh-TW')).question).toBe('運費多少？');
  });

  it("takes an entry's script from the knowledge base's locale when its own text does not tell", async () => {
    const pickup = entry('pickup', '可以自取', '可以。');
    createFaqEngine({ version: 1, locale: 'zh-HK', entries: [pickup] });
    // Written for Hong Kong: a zh-CN shopper's copy goes through hk2s (nothing in it changes).
    expect(await createShopperScript()(pickup, 'zh-CN')).not.toBe(pickup);
    expect(await createShopperScript()(pickup, 'zh-HK')).toBe(pickup);
    // Its own characters say more than the file's locale.
    const mainland = entry('mainland', '可以自取吗', '可以，门市自取。');
    createFaqEngine({ version: 1, locale: 'zh-HK', entries: [mainland] });
    expect(await createShopperScript()(mainland, 'zh-CN')).toBe(mainland);
  });
});
