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
});
