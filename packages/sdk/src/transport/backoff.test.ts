import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.ts';

const lowest = () => 0;
const highest = () => 1;

describe('backoffDelay', () => {
  it('waits between half and all of 500 ms before the first retry by default', () => {
    expect(backoffDelay(0, {}, lowest)).toBe(250);
    expect(backoffDelay(0, {}, highest)).toBe(500);
  });

  it('doubles the ceiling with every attempt', () => {
    const ceilings = [0, 1, 2, 3, 4].map((attempt) => backoffDelay(attempt, {}, highest));
    expect(ceilings).toEqual([500, 1000, 2000, 4000, 8000]);
  });

  it('never waits longer than maxMs (15 s by default), however many attempts', () => {
    expect(backoffDelay(5, {}, highest)).toBe(15_000);
    expect(backoffDelay(50, {}, highest)).toBe(15_000);
    // factor ** attempt overflows to Infinity here; the cap must still hold.
    expect(backoffDelay(5000, {}, highest)).toBe(15_000);
    expect(backoffDelay(5000, {}, lowest)).toBe(7500);
  });

  it('takes the initial delay, cap and growth factor from the options', () => {
    const options = { initialMs: 100, maxMs: 1000, factor: 3 };
    expect([0, 1, 2, 3].map((a) => backoffDelay(a, options, highest))).toEqual([100, 300, 900, 1000]);
  });

  it('jitters within [ceiling / 2, ceiling], in proportion to the random number', () => {
    for (const r of [0, 0.25, 0.5, 0.75, 0.999]) {
      const delay = backoffDelay(3, {}, () => r);
      expect(delay).toBe(Math.round(2000 + r * 2000));
      expect(delay).toBeGreaterThanOrEqual(2000);
      expect(delay).toBeLessThanOrEqual(4000);
    }
  });

  it('spreads clients apart: different random draws give different delays', () => {
    const delays = new Set([0.1, 0.2, 0.3, 0.4].map((r) => backoffDelay(4, {}, () => r)));
    expect(delays.size).toBe(4);
  });

  it('stays within bounds with the default Math.random', () => {
    for (let i = 0; i < 200; i++) {
      const delay = backoffDelay(2);
      expect(delay).toBeGreaterThanOrEqual(1000);
      expect(delay).toBeLessThanOrEqual(2000);
    }
  });

  it('returns whole milliseconds', () => {
    expect(Number.isInteger(backoffDelay(1, { initialMs: 333 }, () => 0.3333))).toBe(true);
  });
});
