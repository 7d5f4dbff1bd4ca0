import { describe, expect, it } from 'vitest';
import { entryLanguages, HAN, LATIN, writtenLanguage } from './entry-language.ts';
import { createFaqEngine } from './faq-engine.ts';
import { parseKnowledgeBase } from './knowledge-base.ts';

/** A tea shop's bilingual knowledge base: each question once in English and once in Chinese. */
const bilingual = (withLocales: boolean) =>
  parseKnowledgeBase({
    version: 1,
    entries: [
      [
        'invoice-en',
        'Do you issue invoices?',
        'Yes, an electronic invoice for every order: request it in My orders.',
        'en',
      ],
      ['invoice-zh', '可以开发票吗？', '可以，每笔订单都可开具电子发票，在“我的订单”里申请。', 'zh'],
      [
        'ship-en',
        'How long does shipping take?',
        'Orders ship within 48 hours and arrive in 3-5 days.',
        'en',
      ],
      ['ship-zh', '多久发货？', '48小时内发货，3-5天送达。', 'zh'],
      ['store-en', 'How should I store green tea?', 'Keep it sealed, cool and away from light.', 'en'],
      ['store-zh', '绿茶怎么保存？', '密封、阴凉、避光保存。', 'zh'],
    ].map(([id, question, answer, locale]) => ({ id, question, answer, ...(withLocales ? { locale } : {}) })),
  });

describe('a bilingual knowledge base', () => {
  for (const withLocales of [true, false]) {
    it(`offers a shopper only entries in the language they wrote (${withLocales ? 'locales given' : 'no locales'})`, () => {
      const engine = createFaqEngine(bilingual(withLocales));
      const english = engine.match('do u give invoice');
      expect(english.top[0]?.entry.id).toBe('invoice-en');
      // The Chinese twin matched through the shared concept and stood second: "did you mean" offered it.
      expect(english.top.map((c) => c.entry.id)).not.toContain('invoice-zh');
      const chinese = engine.match('发票能开吗');
      expect(chinese.top[0]?.entry.id).toBe('invoice-zh');
      expect(chinese.top.map((c) => c.entry.id)).not.toContain('invoice-en');
    });
  }

  it("keeps the other language's entries for a question only they reach", () => {
    const kb = parseKnowledgeBase({
      version: 1,
      entries: [
        { id: 'iphone', question: 'iPhone 15 手机壳有货吗？', answer: '有货，下单后48小时内发货。' },
        { id: 'hours', question: 'What are your opening hours?', answer: 'Every day, 9:00 to 21:00.' },
      ],
    });
    expect(createFaqEngine(kb).match('iphone 15 case').top[0]?.entry.id).toBe('iphone');
  });
  it('offers an entry to a shopper whose language one of its alternates is written in', () => {
    // One file, two languages, as a shop writes it: a Chinese entry with an English alternate, an
    // English one with a Chinese alternate. The alternate says who may ask it; the entry's locale
    // alone left an English "is shipping free" to the international entry, answered at 0.98.
    const kb = parseKnowledgeBase({
      version: 1,
      entries: [
        {
          id: 'free',
          question: '包邮吗？',
          alternatives: ['Is shipping free?'],
          answer: '国内全场包邮。',
          locale: 'zh-CN',
        },
        {
          id: 'abroad',
          question: 'Do you ship outside China?',
          answer: 'Yes, worldwide by DHL.',
          locale: 'en',
        },
        {
          id: 'left',
          question: 'Do you make left-handed guitars?',
          alternatives: ['有左手琴吗'],
          answer: 'Yes, same price.',
          locale: 'en',
        },
        { id: 'tune', question: '收到琴怎么调音？', answer: '用赠送的调音器调。', locale: 'zh-CN' },
      ],
    });
    const engine = createFaqEngine(kb);
    expect(engine.match('is shipping free').top[0]?.entry.id).toBe('free');
    expect(engine.match('有左手吉他吗').top[0]?.entry.id).toBe('left');
  });
});

describe('the language of a text and of an entry', () => {
  it('reads Chinese characters first, then Latin letters', () => {
    expect(writtenLanguage('iPhone 有货吗')).toBe(HAN);
    expect(writtenLanguage('where is my parcel')).toBe(LATIN);
    expect(writtenLanguage('12345 🙂')).toBe(0);
  });

  it("takes an entry's locale, then the file's, then what its question and answer are written in", () => {
    const entries = parseKnowledgeBase({
      version: 1,
      entries: [
        { id: 'a', question: 'VIP', answer: '会员每月可领两张优惠券。' },
        { id: 'b', question: 'VIP', answer: 'Members get two coupons a month.' },
        { id: 'c', question: 'Shipping?', answer: 'Free over ¥99.', locale: 'zh-CN' },
        { id: 'd', question: '😀', answer: '👍' },
      ],
    }).entries;
    expect([...entryLanguages(entries, undefined)]).toEqual([HAN, LATIN, HAN, 0]);
    expect([...entryLanguages(entries, 'en')]).toEqual([LATIN, LATIN, HAN, LATIN]);
  });
});
