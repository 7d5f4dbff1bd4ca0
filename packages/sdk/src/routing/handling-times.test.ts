import { describe, expect, it } from 'vitest';
import { HandlingTimes } from './handling-times.ts';

describe('HandlingTimes', () => {
  it('keeps only the most recent window per group', () => {
    const handling = new HandlingTimes(3);
    for (const ms of [1, 2, 3, 4, 5]) handling.record('g', ms);
    handling.record('h', 9);
    expect([...handling.recent('g')].sort()).toEqual([3, 4, 5]);
    expect(handling.recent('h')).toEqual([9]);
    expect(handling.recent('none')).toEqual([]);
  });

  it('ignores impossible durations', () => {
    const handling = new HandlingTimes();
    handling.record('g', -1);
    handling.record('g', Number.NaN);
    expect(handling.recent('g')).toEqual([]);
  });
});
