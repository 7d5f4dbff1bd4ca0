import { describe, expect, it } from 'vitest';
import { understand } from '../understand/understand.ts';
import { answerEntry, createFaqAnswerer } from './faq-answerer.ts';
import { createFaqEngine } from './faq-engine.ts';
import { parseKnowledgeBase } from './knowledge-base.ts';
import { SMALL_KB } from './test-fixtures.ts';

const engine = createFaqEngine(SMALL_KB);
const answer = createFaqAnswerer(engine);
const ask = (text: string, extra = {}) => answer({ text, understanding: understand(text), ...extra });

describe('createFaqAnswerer', () => {
  it('answers with the entry text and its quick replies', async () => {
    const reply = await ask('可以退货吗');
    expect(reply.decision).toBe('answer');
    expect(reply.entryId).toBe('return-policy');
    expect(reply.content[0]).toEqual({ kind: 'text', text: '签收后 7 天内可无理由退货。' });
    expect(reply.content[1]).toEqual({
      kind: 'quick_replies',
      replies: [{ label: '退款多久到账', payload: 'faq:refund-time' }],
    });
  });

  it('offers "did you mean" entries with faq:<id> payloads when unsure', async () => {
    const strict = createFaqAnswerer(
      createFaqEngine(SMALL_KB, { thresholds: { answer: 0.999, suggest: 0.01, outOfScope: 0 } }),
    );
    const reply = await strict({ text: '退货' });
    expect(reply.decision).toBe('suggest');
    const item = reply.content[0];
    expect(item?.kind).toBe('quick_replies');
    if (item?.kind !== 'quick_replies') return;
    expect(item.replies.length).toBeLessThanOrEqual(4);
    expect(item.replies[0]?.payload).toMatch(/^faq:/);
    expect(item.replies.at(-1)?.payload).toBe('转人工');
    for (const r of item.replies) expect([...r.label].length).toBeLessThanOrEqual(40);
  });

  it('shows the markup of a "did you mean" question and of a quick reply label as plain text on one line', async () => {
    const kb = parseKnowledgeBase({
      entries: [
        {
          id: 'ship',
          question: '<p><b>运费</b>怎么算</p><p>包邮吗</p>',
          answer: '满 99 元包邮。',
          quickReplies: [{ label: '查看<br>**运费**', payload: '运费' }],
        },
        { id: 'time', question: '运费多久退回', answer: '原路退回。' },
      ],
    });
    const strict = createFaqAnswerer(
      createFaqEngine(kb, { thresholds: { answer: 0.999, suggest: 0.01, outOfScope: 0 } }),
    );
    const reply = await strict({ text: '运费' });
    const item = reply.content[0];
    if (item?.kind !== 'quick_replies') throw new Error(`expected suggestions, got ${item?.kind}`);
    expect(item.replies.map((r) => r.label)).toContain('运费怎么算 包邮吗');
    expect(answerEntry(createFaqEngine(kb), 'ship')?.content[1]).toEqual({
      kind: 'quick_replies',
      replies: [{ label: '查看 运费', payload: '运费' }],
    });
  });

  it('cuts a long "did you mean" question, English after a whole word, and lists them whole, numbered', async () => {
    const zh = '衣服退货有什么规则吗'.repeat(4);
    const kb = parseKnowledgeBase({
      entries: [
        {
          id: 'clothes',
          question: 'What are the rules for returning clothes?',
          answer: 'Tags on, unwashed.',
        },
        {
          id: 'earbuds',
          question: 'Can I return the earbuds after opening them?',
          answer: 'Not once opened.',
        },
        { id: 'zh-1', question: `${zh}一`, answer: '吊牌完好。' },
        { id: 'zh-2', question: `${zh}二`, answer: '未洗过。' },
      ],
    });
    const strict = createFaqAnswerer(
      createFaqEngine(kb, { thresholds: { answer: 0.999, suggest: 0.01, outOfScope: 0 } }),
    );
    const offer = async (text: string) => {
      const item = (await strict({ text })).content[0];
      return item?.kind === 'quick_replies'
        ? { text: item.text ?? '', labels: item.replies.slice(0, -1).map((r) => r.label) }
        : { text: '', labels: [] };
    };
    // 44 and 47 characters with their number: cut before the word the limit falls in ("…returning clothe…" read as a typo).
    const english = await offer('return');
    expect(english.labels.map((l) => l.slice(3))).toEqual(
      expect.arrayContaining(['What are the rules for returning…', 'Can I return the earbuds after…']),
    );
    // The two Chinese questions alike for 40 characters: buttons told apart by their number, and
    // each question whole, under that number, in the message.
    const chinese = await offer('衣服退货');
    expect(chinese.labels).toEqual(
      expect.arrayContaining([`1. ${zh.slice(0, 36)}…`, `2. ${zh.slice(0, 36)}…`]),
    );
    for (const { text, labels } of [english, chinese])
      labels.forEach((label, i) => {
        expect(label.startsWith(`${i + 1}. `)).toBe(true);
        expect(text.split('\n')[i + 1]?.startsWith(label.slice(0, -1))).toBe(true);
      });
    expect(
      chinese.text
        .split('\n')
        .slice(1)
        .map((line) => line.slice(3))
        .sort(),
    ).toEqual([`${zh}一`, `${zh}二`]);
  });

  it("labels a suggestion with the entry's alternate in the shopper's language", async () => {
    // One file, two languages: an English shopper offered 「包邮吗？」 (through its alternate "Is
    // shipping free?") read a label in a language they had not written.
    const kb = parseKnowledgeBase({
      entries: [
        {
          id: 'free',
          question: '包邮吗？',
          alternatives: ['Is shipping free?'],
          answer: '国内包邮。',
          locale: 'zh-CN',
        },
        { id: 'abroad', question: 'Do you ship outside China?', answer: 'Yes, by DHL.', locale: 'en' },
      ],
    });
    const strict = createFaqAnswerer(
      createFaqEngine(kb, { thresholds: { answer: 1, suggest: 0.01, outOfScope: 0 } }),
    );
    const labels = async (text: string) => {
      const item = (await strict({ text })).content[0];
      return item?.kind === 'quick_replies' ? item.replies.map((r) => r.label) : [];
    };
    const english = await labels('do you ship free');
    expect(english).toContain('Is shipping free?');
    expect(english).not.toContain('包邮吗？');
    expect(await labels('包邮吗亲')).toContain('包邮吗？');
  });

  it("hands an angry shopper over from the hub's own anger threshold, never declining them as off-topic", async () => {
    // Anger 0.75: the hub's escalation rules (policy.angerThreshold 0.7) hand the shopper over.
    const reply = await answer({
      text: '天气怎么样',
      understanding: { intent: 'other', confidence: 0.5, anger: 0.75 },
    });
    expect(reply.handoff).toBe(true);
    // With an apology, not "I can't answer that well" (mobile QA, 2026-12-06).
    expect(reply.content[0]).toEqual({
      kind: 'text',
      text: '非常抱歉给您带来不好的体验，已为您转给人工客服处理。',
    });
  });

  it('answers a tapped faq:<id> payload directly', async () => {
    const reply = await answer({ text: 'faq:refund-time' });
    expect(reply.entryId).toBe('refund-time');
    expect(answerEntry(engine, 'missing')).toBeUndefined();
  });

  it('hands off at once when the shopper asks for a person', async () => {
    for (const text of ['转人工', 'talk to a human']) {
      const reply = await ask(text);
      expect(reply.handoff).toBe(true);
      expect(reply.entryId).toBeUndefined();
    }
  });

  it('hands off on its own "a person" buttons without an understanding step (the bot called directly)', async () => {
    for (const payload of ['转人工', 'talk to a human']) {
      expect(await answer({ text: payload })).toMatchObject({ decision: 'fallback', handoff: true });
    }
    const none = await answer({ text: 'None of these — talk to a person', payload: 'talk to a human' });
    expect(none).toMatchObject({ decision: 'fallback', handoff: true });
  });

  it('declines out-of-scope chit-chat politely in the shopper language, a person one tap away', async () => {
    const zh = await ask('你们老板是谁');
    expect(zh.decision).toBe('out_of_scope');
    expect(zh.content[0]).toMatchObject({
      kind: 'quick_replies',
      text: expect.stringMatching(/抱歉/),
      replies: [{ payload: '转人工' }],
    });
    const en = await ask('tell me a joke');
    expect(en.content[0]).toMatchObject({
      kind: 'quick_replies',
      text: expect.stringMatching(/Sorry/),
      replies: [{ payload: 'talk to a human' }],
    });
  });

  it('welcomes thanks alone instead of declining it as off-topic; thanks with a question gets the answer', async () => {
    for (const [text, words] of [
      ['谢谢', /不客气/],
      ['好的，谢谢亲！', /不客气/],
      ['thanks!', /welcome/],
      ['OK thank you so much', /welcome/],
    ] as const) {
      const reply = await ask(text);
      expect(reply.decision).toBe('answer');
      expect(reply.content[0]).toMatchObject({ kind: 'quick_replies', text: expect.stringMatching(words) });
    }
    // A welcome is no answer to rate: as text, the widget asked "Did this help?" under it. Like the
    // greeting, it offers a person instead.
    expect((await ask('thanks!')).content).toEqual([
      {
        kind: 'quick_replies',
        text: expect.stringMatching(/welcome/),
        replies: [{ label: expect.any(String), payload: 'talk to a human' }],
      },
    ]);
    const asked = await ask('谢谢，可以退货吗');
    expect(JSON.stringify(asked.content)).not.toMatch(/不客气/);
    expect((await ask('ok')).content[0]).not.toMatchObject({ text: expect.stringMatching(/welcome/) });
  });

  it('welcomes the other ways shoppers thank (感恩, 3Q, thank u, a thumbs-up) in the page language, instead of the off-topic decline; declines a pasted link or order number alone in the page language', async () => {
    // A Taiwan shopper's 感恩 or 👍 after an answer was told "Sorry, I can only help with shopping",
    // in English for the emoji, since a message without letters looked English.
    for (const [text, locale, words] of [
      ['感恩', 'zh-TW', /不客氣/],
      ['3Q', 'en', /welcome/],
      ['thank u!', 'en', /welcome/],
      ['👍', 'zh-TW', /不客氣/],
      ['🙏🏻🙏🏻', 'en', /welcome/],
      ['好的👌', 'zh-CN', /不客气/],
    ] as const) {
      const reply = await ask(text, { locale });
      expect(reply.decision, text).toBe('answer');
      expect(reply.content[0], text).toMatchObject({
        kind: 'quick_replies',
        text: expect.stringMatching(words),
      });
    }
    // A pasted link or order number alone is no English either: a Chinese shopper's taobao link got
    // the English decline, its letters read as the language of the message.
    for (const [text, locale, words] of [
      ['https://item.taobao.com/item.htm?id=123', 'zh-CN', /抱歉，我只能/],
      ['KF20261201', 'zh-TW', /抱歉，我只能回答本店購物/],
      // Typed with a Chinese IME in full-width (i18n QA): it was declined in English.
      ['ＫＦ２０２６１２０１', 'zh-TW', /抱歉，我只能回答本店購物/],
      ['ＳＯ－１２３４５６', 'zh-CN', /抱歉，我只能回答本店购物/],
    ] as const) {
      const reply = await ask(text, { locale });
      expect(reply.content[0], text).toMatchObject({ text: expect.stringMatching(words) });
    }
    // An emoji that is no thanks is still declined, but in the page's language.
    const shrug = await ask('🤷', { locale: 'zh-TW' });
    expect(shrug.decision).toBe('out_of_scope');
    expect(shrug.content[0]).toMatchObject({ text: expect.stringMatching(/抱歉/) });
  });

  it('answers "OK", 好的, 明白了 alone with "anything else", not the off-topic decline nor a hand-over', async () => {
    // After an answer, a shopper's 好的 was handed to a person as a question the bot could not
    // answer, and "ok" or 明白了 got "Sorry, I can only help with shopping at this store".
    for (const [text, locale, words] of [
      ['好的', 'zh-CN', /还有其他问题/],
      ['明白了', 'zh-CN', /还有其他问题/],
      ['收到', 'zh-TW', /還有其他問題/],
      ['ok', 'en', /anything else/],
      ['got it, cool', 'en', /anything else/],
    ] as const) {
      const reply = await ask(text, { locale });
      expect(reply.decision, text).toBe('answer');
      expect(reply.handoff, text).toBeFalsy();
      expect(reply.content[0], text).toMatchObject({
        kind: 'quick_replies',
        text: expect.stringMatching(words),
      });
    }
    expect((await ask('好的，运费多少')).content[0]).not.toMatchObject({
      text: expect.stringMatching(/还有其他问题/),
    });
  });

  it("welcomes a Taiwan shopper's 好喔 謝謝 or 'cool, thanks', and answers a goodbye (拜拜, bye) or 'never mind' in kind, not with the decline or a person", async () => {
    // 好喔 (Taiwan's "OK") before thanks got a "did you mean" about parcels, and "bye" after an
    // agent closed the chat got "Sorry, I can only help with shopping at this store".
    for (const [text, locale, words] of [
      ['好喔 謝謝', 'zh-TW', /不客氣/],
      ['好谢谢', 'zh-CN', /不客气/],
      ['拜拜', 'zh-CN', /还有其他问题/],
      ['再見～', 'zh-TW', /還有其他問題/],
      ['bye!', 'en', /anything else/],
      ['ok bye bye', 'en', /anything else/],
      // Thanks with an "OK" word, Traditional 謝啦, and "never mind": declined, or handed to a person.
      ['謝啦', 'zh-TW', /不客氣/],
      ['明白了谢谢', 'zh-CN', /不客气/],
      ['cool, thanks a lot!', 'en', /welcome/],
      ['never mind', 'en', /anything else/],
      ['nvm', 'en', /anything else/],
      ['算了', 'zh-CN', /还有其他问题/],
      // Thanks with a smile or a "no", a laugh, a yes, a cute 好的呢: declined, or (好的呢) handed to a person.
      ['ty 😊', 'en', /welcome/],
      ['no thanks', 'en', /welcome/],
      ['that helps, thanks', 'en', /welcome/],
      ['haha ok', 'en', /anything else/],
      ['yes', 'en', /anything else/],
      ['哈哈', 'zh-CN', /还有其他问题/],
      ['好的呢', 'zh-CN', /还有其他问题/],
    ] as const) {
      const reply = await ask(text, { locale });
      expect(reply.decision, text).toBe('answer');
      expect(reply.handoff, text).toBeFalsy();
      expect(reply.content[0], text).toMatchObject({
        kind: 'quick_replies',
        text: expect.stringMatching(words),
      });
    }
    expect((await ask('bye, and the refund?')).content[0]).not.toMatchObject({
      text: expect.stringMatching(/anything else/),
    });
  });

  it('greets a greeting back with what it can help with, a person one tap away; a greeting with a question gets the answer', async () => {
    for (const [text, words] of [
      ['你好', /智能客服/],
      ['在吗', /智能客服/],
      ['hi', /assistant/],
    ] as const) {
      const reply = await ask(text);
      expect(reply.decision).toBe('answer');
      expect(reply.confidence).toBe(1);
      expect(reply.content[0]).toMatchObject({ kind: 'quick_replies', text: expect.stringMatching(words) });
    }
    // A Taiwan shopper's 哈囉 before a question: handed to a person as a question the bot could not answer.
    const taiwan = await ask('哈囉，請問運費怎麼算', { locale: 'zh-TW' });
    expect(taiwan).toMatchObject({ decision: 'answer', entryId: 'shipping-fee' });
    const asked = await ask('你好，可以退货吗');
    expect(JSON.stringify(asked.content)).not.toMatch(/智能客服/);
    expect(JSON.stringify(asked.content)).toMatch(/return-policy|7 天内可无理由退货/);
  });

  // Finding (QA as a Hong Kong shopper, 2026-12-06): the greeting and the off-topic decline listed
  // 出貨 and 保固 and called the bot 智慧客服, Taiwan's words; Hong Kong says 送貨, 保養, 智能, 尺碼.
  it("greets and declines a Hong Kong shopper in Hong Kong's words, a Taiwan one in Taiwan's", async () => {
    const said = async (text: string, locale: string) =>
      JSON.stringify((await ask(text, { locale })).content);
    for (const locale of ['zh-HK', 'zh-Hant-HK', 'zh-MO']) {
      for (const text of ['你好', '今日天氣點呀']) {
        const reply = await said(text, locale);
        expect(reply).toMatch(/送貨|智能客服/);
        expect(reply).not.toMatch(/出貨|保固|智慧/);
      }
    }
    expect(await said('你好', 'zh-TW')).toMatch(/智慧客服，出貨物流、退換貨、尺寸、保固/);
    expect(await said('今天天氣如何', 'zh-TW')).toMatch(/例如出貨物流、退換貨、尺寸、保固/);
  });

  it('offers "did you mean" for a shop question it is unsure about, not the out-of-scope decline', async () => {
    const reply = await ask('拆封后能退吗');
    expect(reply.decision).toBe('suggest');
    expect(reply.handoff).toBeFalsy();
    const item = reply.content[0];
    expect(item?.kind === 'quick_replies' && item.replies.map((r) => r.payload)).toEqual([
      'faq:return-earbuds',
      'faq:return-hoodie',
      expect.stringMatching(/^faq:/),
      '转人工',
    ]);
  });
});
