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
    // 点 before a verb is 怎么 only where Mandarin has no word ending in 点 (一点, 快点, 网点, 重点 …);
    // 晒 is "all" only after the verbs below (暴晒 and 晒单 are Mandarin).
    expect(cantoneseToMandarin('一点用都没有')).toBe('一点用都没有');
    expect(cantoneseToMandarin('能快点寄吗')).toBe('能快点寄吗');
    expect(cantoneseToMandarin('去网点寄')).toBe('去网点寄');
    expect(cantoneseToMandarin('不要暴晒')).toBe('不要暴晒');
    expect(cantoneseToMandarin('晒单有返现吗')).toBe('晒单有返现吗');
  });

  // Finding (13th outside pass, 2026-12-07: a Hong Kong snack shop's knowledge base and shoppers):
  // 「係咪正貨」, 「門市喺邊」, 「運費點計」, 「食唔食得」, 「賣晒」 and Hong Kong's shop words (雪櫃, 朱古力,
  // 落單, 碌卡) met nothing of a knowledge base written 是不是, 在哪里, 怎么, 能不能, 卖完, 冰箱, 巧克力, 下单, 刷卡.
  it('reads the Hong Kong forms of a snack shop chat as their Mandarin', () => {
    expect(normalizeText('係咪正貨')).toBe('是不是正货');
    expect(normalizeText('門市喺邊')).toBe('门市在哪里');
    expect(normalizeText('喺門市自取')).toBe('在门市自取');
    expect(normalizeText('運費點計')).toBe('运费怎么计');
    expect(normalizeText('積分點用')).toBe('积分怎么用');
    expect(normalizeText('開咗封點放')).toBe('开了封怎么放');
    expect(normalizeText('小朋友食唔食得')).toBe('小朋友能不能食得');
    expect(normalizeText('退唔退得')).toBe('能不能退得');
    expect(normalizeText('賣晒咗')).toBe('卖完了');
    expect(normalizeText('薯片碎晒')).toBe('薯片碎了');
    expect(normalizeText('幾日到')).toBe('几天到');
    expect(normalizeText('唔鍾意')).toBe('不喜欢');
    expect(normalizeText('落咗單')).toBe('下了单');
    expect(normalizeText('落單後')).toBe('下单后');
    expect(normalizeText('要唔要放雪櫃')).toBe('要不要放冰箱');
    expect(normalizeText('朱古力會唔會溶')).toBe('巧克力会不会溶');
    expect(normalizeText('啫喱細路食得嗎')).toBe('果冻小孩食得吗');
    expect(normalizeText('可以碌卡嗎')).toBe('可以刷卡吗');
    expect(normalizeText('開舖想入貨')).toBe('开铺想进货');
    expect(normalizeText('客服幾點返工')).toBe('客服几点上班');
  });
});
