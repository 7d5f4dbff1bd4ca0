import { describe, expect, it } from 'vitest';
import { stem } from './stem.ts';

describe('stem', () => {
  it('stems English inflections onto one term', () => {
    expect(new Set(['cancel', 'cancelled', 'cancelling'].map(stem)).size).toBe(1);
    expect(stem('deliveries')).toBe(stem('delivery'));
  });

  it('stems a word ending in a doubled consonant with its inflections', () => {
    expect(new Set(['install', 'installed', 'installing', 'installs'].map(stem)).size).toBe(1);
    expect(stem('billing')).toBe(stem('bill'));
    expect(stem('called')).toBe(stem('call'));
    expect(stem('cancelled')).toBe(stem('cancel'));
  });

  it('stems a -bly word as the -ble word it comes from', () => {
    expect(stem('assembly')).toBe(stem('assemble'));
    expect(stem('possibly')).toBe(stem('possible'));
    expect(stem('cheaply')).toBe(stem('cheap'));
  });
});
