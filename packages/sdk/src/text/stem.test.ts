import { describe, expect, it } from 'vitest';
import { stem } from './stem.ts';

describe('stem', () => {
  it('stems English inflections onto one term', () => {
    expect(new Set(['cancel', 'cancelled', 'cancelling'].map(stem)).size).toBe(1);
    expect(stem('deliveries')).toBe(stem('delivery'));
  });
});
