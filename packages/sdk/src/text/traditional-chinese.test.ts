import { describe, expect, it } from 'vitest';
import { toSimplified } from './traditional-chinese.ts';

describe('toSimplified', () => {
  it('folds traditional characters to simplified ones', () => {
    expect(toSimplified('退貨運費誰出')).toBe('退货运费谁出');
  });

  it('folds the characters of common shop complaints (lost parcel, dry cleaning, error report)', () => {
    expect(toSimplified('丟件了 乾洗 報錯 刪除帳號 採購 滌綸 髒了 觸控')).toBe(
      '丢件了 干洗 报错 删除帐号 采购 涤纶 脏了 触控',
    );
  });

  it('folds characters the hand-written table lacked, Hong Kong variants and phrases (傢俱 is 家具)', () => {
    expect(toSimplified('數據綫幾米長 蠶絲被怎麼洗 燉鍋 醃製品 傢俱')).toBe(
      '数据线几米长 蚕丝被怎么洗 炖锅 腌制品 家具',
    );
  });

  it('folds 著 by its phrase: 穿著 and 等著 to 着, 著名 kept', () => {
    expect(toSimplified('穿著好看 等著收貨 著名品牌')).toBe('穿着好看 等着收货 著名品牌');
  });

  it('leaves Simplified and Latin text as it is', () => {
    const text = '付款后 48 小时内发货 Order KF10023 https://shop.example/售后';
    expect(toSimplified(text)).toBe(text);
  });

  it('folds the characters of Taiwanese shop talk about delivery, beauty and furniture', () => {
    expect(toSimplified('3 天內出貨並附小樣 妳好 諮詢 燙髮 煙味 鋰電池 傢俱 窗簾 油膩')).toBe(
      '3 天内出货并附小样 你好 咨询 烫发 烟味 锂电池 家具 窗帘 油腻',
    );
  });
});
