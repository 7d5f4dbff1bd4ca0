import { describe, expect, it } from 'vitest';
import { ManualClock } from '../testing/manual-clock.ts';
import { KeyedTimers, MAX_TIMER_DELAY_MS } from './keyed-timers.ts';

const DAY = 86_400_000;

/** A manual clock that, like Node's setTimeout, runs a delay it cannot hold (over 2³¹ − 1 ms) after 1 ms. */
function nodeLikeClock(start: number): { clock: ManualClock; delays: number[] } {
  const clock = new ManualClock(start);
  const delays: number[] = [];
  const set = clock.setTimeout.bind(clock);
  clock.setTimeout = (fn, ms) => {
    delays.push(ms);
    return set(fn, ms > MAX_TIMER_DELAY_MS ? 1 : ms);
  };
  return { clock, delays };
}

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

  it('fires a deadline 30 days off after 30 days, not after 1 ms (Node’s overflow) and again and again', () => {
    const { clock, delays } = nodeLikeClock(0);
    const timers = new KeyedTimers(clock);
    const fired: number[] = [];
    timers.set('follow_up', 30 * DAY, () => fired.push(clock.now()));
    clock.advance(1_000);
    expect(fired).toEqual([]);
    expect(delays.every((ms) => ms <= MAX_TIMER_DELAY_MS)).toBe(true);
    clock.advance(30 * DAY);
    expect(fired).toEqual([30 * DAY]);
    // Armed twice (24.8 days, then the rest), never in a loop.
    expect(delays).toHaveLength(2);
    expect(timers.size).toBe(0);
  });
});
