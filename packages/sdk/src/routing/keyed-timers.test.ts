import { describe, expect, it } from 'vitest';
import { ManualClock } from '../testing/manual-clock.ts';
import { KeyedTimers } from './keyed-timers.ts';

describe('KeyedTimers', () => {
  it('replaces a key’s timer instead of firing twice', () => {
    const clock = new ManualClock(0);
    const timers = new KeyedTimers(clock);
    const fired: string[] = [];
    timers.set('k', 100, () => fired.push('first'));
    timers.set('k', 200, () => fired.push('second'));
    clock.advance(300);
    expect(fired).toEqual(['second']);
    expect(timers.size).toBe(0);
  });

  it('fires a past deadline on the next tick of the clock and clears by prefix', () => {
    const clock = new ManualClock(1_000);
    const timers = new KeyedTimers(clock);
    const fired: string[] = [];
    timers.set('c1:a', 500, () => fired.push('late'));
    timers.set('c2:a', 2_000, () => fired.push('c2'));
    timers.set('c2:b', 2_000, () => fired.push('c2b'));
    timers.clearPrefix('c2:');
    clock.advance(5_000);
    expect(fired).toEqual(['late']);
  });
});
