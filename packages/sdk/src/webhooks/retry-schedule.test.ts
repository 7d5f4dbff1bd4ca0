import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_SCHEDULE, nextAttempt } from './retry-schedule.ts';

describe('nextAttempt', () => {
  const s = DEFAULT_RETRY_SCHEDULE;

  it('draws each delay from 0 up to a cap that doubles per failure, up to the largest delay', () => {
    expect(nextAttempt(1, 1000, 0, s, () => 0.999_999)).toEqual({ nextAt: 1000 + 9_999 });
    expect(nextAttempt(2, 1000, 0, s, () => 0.5)).toEqual({ nextAt: 1000 + 10_000 });
    expect(nextAttempt(4, 1000, 0, s, () => 0.5)).toEqual({ nextAt: 1000 + 40_000 });
    expect(nextAttempt(30, 1000, 0, s, () => 0.5)).toEqual({ nextAt: 1000 + 1_800_000 });
    expect(nextAttempt(3, 1000, 0, s, () => 0)).toEqual({ nextAt: 1000 });
  });

  it('retries at the end of the window at the latest, then gives up', () => {
    const end = s.forMs;
    expect(nextAttempt(20, end - 10, 0, s, () => 0.9)).toEqual({ nextAt: end });
    expect(nextAttempt(21, end, 0, s, () => 0.9)).toBe('dead');
    // A redelivery opens a new window.
    expect(nextAttempt(21, end, end, s, () => 0)).toEqual({ nextAt: end });
  });

  it('keeps retrying for 24 hours, with a few dozen attempts', () => {
    let now = 0;
    let attempts = 0;
    for (;;) {
      attempts++;
      const next = nextAttempt(attempts, now, 0, s, () => 0.5);
      if (next === 'dead') break;
      now = next.nextAt;
    }
    expect(now).toBe(s.forMs);
    expect(attempts).toBeGreaterThan(20);
    expect(attempts).toBeLessThan(60);
  });
});
