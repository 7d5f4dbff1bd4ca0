import { describe, expect, it } from 'vitest';
import { ManualClock } from '../testing/manual-clock.ts';
import { repeatEvery } from './repeating-timer.ts';

describe('repeatEvery', () => {
  it('ticks once per period on the injected clock until stopped', () => {
    const clock = new ManualClock(0);
    const ticks: number[] = [];
    const stop = repeatEvery(clock, 1000, () => void ticks.push(clock.now()));
    clock.advance(3500);
    expect(ticks).toEqual([1000, 2000, 3000]);
    stop();
    clock.advance(5000);
    expect(ticks).toHaveLength(3);
    expect(clock.pending).toBe(0);
  });

  it('keeps ticking after a tick throws', () => {
    const clock = new ManualClock(0);
    let calls = 0;
    repeatEvery(clock, 10, () => {
      calls++;
      throw new Error('tick failed');
    });
    expect(() => clock.advance(10)).toThrow('tick failed');
    expect(() => clock.advance(10)).toThrow('tick failed');
    expect(calls).toBe(2);
  });

  it('arms the next tick only once an async tick has settled, so runs never overlap', async () => {
    const clock = new ManualClock(0);
    const ticks: number[] = [];
    let finish = () => {};
    repeatEvery(clock, 1000, () => {
      ticks.push(clock.now());
      return new Promise<void>((resolve) => {
        finish = resolve;
      });
    });
    clock.advance(5000);
    expect(ticks).toEqual([1000]);
    finish();
    await Promise.resolve();
    await Promise.resolve();
    clock.advance(1000);
    expect(ticks).toEqual([1000, 6000]);
  });

  it('does not arm again when stopped while a tick is running', async () => {
    const clock = new ManualClock(0);
    let finish = () => {};
    const stop = repeatEvery(
      clock,
      10,
      () =>
        new Promise<void>((resolve) => {
          finish = resolve;
        }),
    );
    clock.advance(10);
    stop();
    finish();
    await new Promise((resolve) => setImmediate(resolve));
    expect(clock.pending).toBe(0);
  });
});
