import { describe, expect, it } from 'vitest';
import { ManualClock } from '../testing/manual-clock.ts';
import { TYPING_REPEAT_MS, TYPING_WINDOW_MS, TypingRelay } from './typing-relay.ts';

function relay() {
  const clock = new ManualClock(1_000_000);
  const told: boolean[] = [];
  const errors: unknown[] = [];
  const r = new TypingRelay(clock, (e) => errors.push(e));
  const offer = (on: boolean, key = 'c1\nshopper') =>
    r.offer(key, on, async (state) => {
      told.push(state);
    });
  return { clock, told, errors, relay: r, offer };
}

describe('TypingRelay', () => {
  it('passes a stop on at once and holds a start back to the end of its window, dropping it if a stop came after', async () => {
    const { clock, told, offer } = relay();
    await offer(true);
    await offer(false);
    await offer(true);
    expect(told).toEqual([true, false]);
    await offer(false);
    clock.advance(TYPING_WINDOW_MS);
    // The start was overtaken by a stop: nobody is shown typing who stopped.
    expect(told).toEqual([true, false]);
    await offer(true);
    expect(told).toEqual([true, false, true]);
  });

  it('passes the latest start on once its window ends', async () => {
    const { clock, told, offer } = relay();
    await offer(true);
    await offer(false);
    for (let i = 0; i < 10; i++) await offer(true);
    clock.advance(TYPING_WINDOW_MS - 1);
    expect(told).toEqual([true, false]);
    clock.advance(1);
    expect(told).toEqual([true, false, true]);
  });

  it('drops a repeat within TYPING_REPEAT_MS and passes it on after, per author', async () => {
    const { clock, told, offer } = relay();
    await offer(true);
    await offer(true);
    await offer(true, 'c1\nagent\nMei');
    expect(told).toEqual([true, true]);
    clock.advance(TYPING_REPEAT_MS);
    await offer(true);
    expect(told).toEqual([true, true, true]);
  });

  it('cancels the starts waiting for their window on close', async () => {
    const { clock, told, offer, relay: r } = relay();
    await offer(true);
    await offer(false);
    await offer(true);
    r.close();
    expect(clock.pending).toBe(0);
    clock.advance(TYPING_WINDOW_MS);
    expect(told).toEqual([true, false]);
  });
});
