import { describe, expect, it } from 'vitest';
import { DeadlineQueue } from './deadline-queue.ts';
import { ManualClock } from './testing/manual-clock.ts';

describe('DeadlineQueue', () => {
  it('expires each deadline its length after it was set, under one timer', () => {
    const clock = new ManualClock();
    const queue = new DeadlineQueue(clock, 100);
    const expired: string[] = [];
    queue.add(() => expired.push('a'));
    clock.advance(30);
    queue.add(() => expired.push('b'));
    queue.add(() => expired.push('c'));
    expect(clock.pending).toBe(1);
    clock.advance(69);
    expect(expired).toEqual([]);
    clock.advance(1);
    expect(expired).toEqual(['a']);
    clock.advance(29);
    expect(expired).toEqual(['a']);
    clock.advance(1);
    expect(expired).toEqual(['a', 'b', 'c']);
    expect(clock.pending).toBe(0);
  });

  it('never expires a cancelled deadline, wherever it is in the queue', () => {
    const clock = new ManualClock();
    const queue = new DeadlineQueue(clock, 100);
    const expired: string[] = [];
    const a = queue.add(() => expired.push('a'));
    const b = queue.add(() => expired.push('b'));
    const c = queue.add(() => expired.push('c'));
    const d = queue.add(() => expired.push('d'));
    b.cancel();
    a.cancel();
    d.cancel();
    d.cancel(); // twice is harmless
    clock.advance(100);
    expect(expired).toEqual(['c']);
    c.cancel(); // after it expired: harmless too
  });

  it('arms its timer again for a deadline set after the list emptied', () => {
    const clock = new ManualClock();
    const queue = new DeadlineQueue(clock, 100);
    queue.add(() => {}).cancel();
    clock.advance(100);
    expect(clock.pending).toBe(0);
    let expired = false;
    queue.add(() => {
      expired = true;
    });
    expect(clock.pending).toBe(1);
    clock.advance(100);
    expect(expired).toBe(true);
  });

  it('still expires the later deadlines when one of them throws', () => {
    const clock = new ManualClock();
    const queue = new DeadlineQueue(clock, 100);
    let later = false;
    queue.add(() => {
      throw new Error('boom');
    });
    clock.advance(10);
    queue.add(() => {
      later = true;
    });
    expect(() => clock.advance(90)).toThrow('boom');
    clock.advance(10);
    expect(later).toBe(true);
  });
});
