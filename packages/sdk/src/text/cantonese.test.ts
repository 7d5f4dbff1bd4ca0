import { describe, expect, it } from 'vitest';
import { cantoneseToMandarin } from './cantonese.ts';
import { normalizeText } from './normalize.ts';

// Finding (2026-12-06, i18n QA): a Hong Kong shopper's 「幾時到」, 「有冇得換」 and 「唔該」 were handed to
// a person ("sorry, I can't answer that") while 「多久到」, 「能換嗎」 and 「謝謝」 were answered.
describe('written Cantonese read as Mandarin', () => {
  it('reads the colloquial words of a shop chat as their Mandarin', () => {
    expect(normalizeText('幾時到？')).toBe('什么时候到');
    expect(normalizeText('有冇得換')).toBe('可以换');
    expect(normalizeText('有冇貨')).toBe('有没有货');
    expect(normalizeText('點樣退貨')).toBe('怎么退货');
    expect(normalizeText('唔該')).toBe('谢谢');
    expect(normalizeText('呢件衫幾耐到')).toBe('这件衫多久到');
    expect(normalizeText('幾多錢運費')).toBe('多少钱运费');
    expect(normalizeText('佢話冇貨')).toBe('他话没货');
    expect(normalizeText('唔合身可唔可以換')).toBe('不合身可不可以换');
    expect(normalizeText('我想搵客服')).toBe('我想找客服');
    expect(normalizeText('我好嬲，你哋仲未發貨')).toBe('我好生气 你们还没发货');
    // Finding (QA as a Hong Kong shopper, 2026-12-06): 「我張單去到邊」 (where has my order got to) was
    // declined as not a shop question.
    expect(normalizeText('我張單去到邊？')).toBe('我张单到哪里');
    expect(normalizeText('啲貨去咗邊')).toBe('些货去哪里');
  });

  it('leaves the Mandarin uses of the same characters alone', () => {
    expect(cantoneseToMandarin('那你呢')).toBe('那你呢');
    expect(cantoneseToMandarin('这边发货吗')).toBe('这边发货吗');
    expect(cantoneseToMandarin('唔 好的')).toBe('唔 好的');
    expect(cantoneseToMandarin('几天到')).toBe('几天到');
    expect(cantoneseToMandarin('系统出错')).toBe('系统出错');
  });
});
