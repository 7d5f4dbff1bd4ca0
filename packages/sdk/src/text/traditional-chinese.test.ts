import { describe, expect, it } from 'vitest';
import { toSimplified } from './traditional-chinese.ts';

describe('toSimplified', () => {
  it('folds traditional characters to simplified ones', () => {
    expect(toSimplified('退貨運費誰出')).toBe('退货运费谁出');
  });
});
