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

  it('folds the characters of Taiwanese shop talk about delivery, beauty and furniture', () => {
    expect(toSimplified('3 天內出貨並附小樣 妳好 諮詢 燙髮 煙味 鋰電池 傢俱 窗簾 油膩')).toBe(
      '3 天内出货并附小样 你好 咨询 烫发 烟味 锂电池 家俱 窗帘 油腻',
    );
  });
});
