import { describe, expect, it } from 'vitest';
import { replaceInWorker } from '../testing/pattern-in-worker.ts';
import { ACKNOWLEDGEMENT_ONLY, CLOSER, isAcknowledgementOnly, withoutCourtesy } from './courtesy.ts';

describe('withoutCourtesy', () => {
  it.each([
    ['你好，请问运费多少？谢谢', '运费多少？'],
    ['亲，在吗？运费多少钱呀', '运费多少钱'],
    ['您好 請問一下 退貨運費誰出', '退貨運費誰出'],
    // Taiwan's 哈囉 opener was left on the question, which the bot then handed to a person.
    ['哈囉，請問運費怎麼算', '運費怎麼算'],
    ['哈嘍～有寄到香港嗎', '有寄到香港嗎'],
    // Taiwan and apologetic ways in and out of a question, left on it and made it doubtful.
    ['運費怎麼算 謝啦', '運費怎麼算'],
    // A follow-up's lead-in: "那如果收到東西壞掉呢" was handed to a person, "收到東西壞掉呢" got the damage entries.
    ['那如果收到東西壞掉呢', '收到東西壞掉呢'],
    ['对了，发票怎么开', '发票怎么开'],
    ['btw do you take paypal', 'do you take paypal'],
    ['by the way, how long is the warranty', 'how long is the warranty'],
    ['運費怎麼算，感恩', '運費怎麼算'],
    ['您好，想請問一下運費怎麼算', '運費怎麼算'],
    ['不好意思，请问可以改地址吗', '可以改地址吗'],
    ['sorry to bother you, can I change my address?', 'can I change my address?'],
    // "Sorry" is English's 不好意思: the question after it was offered as a "did you mean" only.
    ['Sorry, one more thing - do you gift wrap?', 'do you gift wrap?'],
    ['sorry — can I pay with PayPal?', 'can I pay with PayPal?'],
    ['客服你好，我的快递到哪了', '我的快递到哪了'],
    ['老板在吗 有没有大码', '有没有大码'],
    ['hi, how much is shipping?', 'how much is shipping?'],
    ['Hello there! can I return a sweater? thanks', 'can I return a sweater?'],
    ['hey where is my order please', 'where is my order'],
    ['关闭后我又问一个问题：运费多少', '运费多少'],
    ['运费怎么算呀', '运费怎么算'],
    ['运费怎么算啊？谢谢', '运费怎么算？'],
    ['你好，我有个問題: 可以開發票嗎', '可以開發票嗎'],
    ['Quick question: do you ship to Canada?', 'do you ship to Canada?'],
    ['包邮吗亲', '包邮吗'],
    ['运费多少？谢谢亲', '运费多少？'],
    ['能开发票吗，麻烦了', '能开发票吗'],
    ['退货运费谁出 感谢', '退货运费谁出'],
    ['什么时候发货谢谢了', '什么时候发货'],
    ['Hi team, where is my order? thanks a lot', 'where is my order?'],
    ['hey guys can I pay later? ty', 'can I pay later?'],
    ['yo do you ship to Canada cheers', 'do you ship to Canada'],
  ])('takes the courtesy off %s', (asked, question) => {
    expect(withoutCourtesy(asked)).toBe(question);
  });

  it.each([
    ['亲子装有吗'],
    ['客服电话多少'],
    ['嗨皮裤有没有'],
    ['hiking boots in size 42?'],
    ['can I pay with PayPal'],
    ['thank-you cards in the parcel?'],
    ['质量问题：退货运费谁出'],
    ['送给母亲'],
    ['可以寄给我父亲'],
    ['warranty on the hoodie'],
    ['yoga mats in stock?'],
  ])('leaves words that only begin like courtesy: %s', (asked) => {
    expect(withoutCourtesy(asked)).toBe(asked);
  });

  it('keeps a question followed by a long run of spaces whole', () => {
    const spaces = `${' '.repeat(20_000)}x`;
    expect(withoutCourtesy(`运费${spaces}`)).toBe(`运费${spaces}`);
    expect(withoutCourtesy(`运费多少${'，'.repeat(300)}谢谢亲`)).toBe('运费多少');
  });

  // 谢谢亲 read both as thanks-with-亲 and as thanks then 亲: 2^n ways to fail on n of them, a
  // second of the hub's thread per message at the 64-character tail the pattern is run on.
  it('reads a long run of 谢谢亲 before a last character in one pass', async () => {
    const unthanked = `${'谢谢亲'.repeat(300)}x`;
    expect(await replaceInWorker(CLOSER, unthanked)).toBe(unthanked);
    expect(withoutCourtesy(`运费多少${'谢谢亲'.repeat(21)}`)).toBe('运费多少');
    expect(withoutCourtesy(`运费${'谢谢亲'.repeat(21)}x`)).toBe(`运费${'谢谢亲'.repeat(21)}x`);
  });

  it('keeps a message that is courtesy alone, for the bot to greet back', () => {
    for (const asked of ['你好', '亲，在吗？', 'hi!', '谢谢', 'thanks'])
      expect(withoutCourtesy(asked)).toBe(asked);
  });
});

describe('isAcknowledgementOnly', () => {
  // 哈哈+ inside the repeated group cut a run of 哈 in exponentially many ways: 32 before a 吗 took
  // 0.27 s, each two more about doubled it, and 60 (a message of 61 characters) held the thread for hours.
  it('reads a long laugh before a last character in one pass', async () => {
    const asked = `${'哈'.repeat(300)}吗`;
    expect(await replaceInWorker(ACKNOWLEDGEMENT_ONLY, asked)).toBe(asked);
    expect(isAcknowledgementOnly('哈哈哈哈哈，好的')).toBe(true);
    expect(isAcknowledgementOnly('哈')).toBe(false);
    expect(isAcknowledgementOnly(`${'哈'.repeat(60)}吗`)).toBe(false);
  });

  it('reads "OK", "got it", 好的, 明白了, 收到 and the like alone as taking in an answer', () => {
    for (const text of [
      'ok',
      'OK!',
      'ok cool',
      'Got it.',
      'alright',
      'i see',
      'kk',
      'sounds good',
      '好的',
      '好的，明白了',
      '嗯嗯',
      '知道了',
      '收到',
      '行',
      '了解',
      '沒問題',
      '对的',
    ])
      expect(isAcknowledgementOnly(text), text).toBe(true);
  });

  it('leaves anything that asks, refuses or names a thing to the knowledge base', () => {
    for (const text of [
      'ok, and the shipping cost?',
      '好的 运费多少',
      '可以退货吗',
      '对吗',
      '不行',
      '行李箱',
      'good quality?',
      'is it good',
      'okinawa',
      'no',
      '👍',
      '？',
    ])
      expect(isAcknowledgementOnly(text), text).toBe(false);
  });
});
