/** How failed deliveries are retried (see docs/webhooks.md for the table). */
export interface RetrySchedule {
  /** The cap of the first retry's delay (default 10 s); it doubles with every failure. */
  baseMs: number;
  /** The largest cap any delay has (default 1 h). */
  maxDelayMs: number;
  /** Retries stop this long after the event (or its redelivery); the delivery is then dead (default 24 h). */
  forMs: number;
}

export const DEFAULT_RETRY_SCHEDULE: RetrySchedule = {
  baseMs: 10_000,
  maxDelayMs: 3_600_000,
  forMs: 86_400_000,
};

/**
 * What follows the `attempts`-th failed attempt at `now`: the next attempt's time, or `dead`
 * once the retry window is over. Exponential backoff with full jitter (a delay drawn uniformly
 * from 0 to the cap), so receivers coming back from an outage are not hit by every hub node and
 * every delivery at the same instant. The last retry falls at the window's end at the latest.
 * @example
 * nextAttempt(1, now, now, DEFAULT_RETRY_SCHEDULE, Math.random); // { nextAt: now + 0…10 s }
 */
export function nextAttempt(
  attempts: number,
  now: number,
  retryFrom: number,
  schedule: RetrySchedule,
  random: () => number,
): { nextAt: number } | 'dead' {
  const end = retryFrom + schedule.forMs;
  if (now >= end) return 'dead';
  const cap = Math.min(schedule.maxDelayMs, schedule.baseMs * 2 ** Math.min(attempts - 1, 40));
  return { nextAt: Math.min(end, now + Math.floor(random() * cap)) };
}
