import { afterEach, describe, expect, it, vi } from 'vitest';
import { dayKey, formatDuration, formatTime, slaCountdown, startOfDay } from './time-format.ts';

describe('time formats', () => {
  afterEach(() => vi.restoreAllMocks());

  it('says a time as the browser would: today a clock time, else a date, the year when it is not this one', () => {
    const now = new Date(2026, 11, 5, 15, 0).getTime();
    const today = new Date(2026, 11, 5, 9, 7).getTime();
    const earlier = new Date(2026, 2, 1, 9, 7).getTime();
    const lastYear = new Date(2025, 2, 1, 9, 7).getTime();
    const clock = { hour: '2-digit', minute: '2-digit' } as const;
    for (const lang of ['zh', 'en']) {
      expect(formatTime(today, lang, now)).toBe(new Date(today).toLocaleTimeString(lang, clock));
      expect(formatTime(earlier, lang, now)).toBe(
        new Date(earlier).toLocaleString(lang, { month: 'numeric', day: 'numeric', ...clock }),
      );
      expect(formatTime(lastYear, lang, now)).toBe(
        new Date(lastYear).toLocaleString(lang, {
          year: 'numeric',
          month: 'numeric',
          day: 'numeric',
          ...clock,
        }),
      );
    }
    expect(formatTime(Number.NaN, 'zh', now)).toBe('—');
  });

  it('formats a long transcript’s times with one formatter per language, not one per message', () => {
    // `toLocale*String` builds a formatter on every call: a burst of messages re-formats every
    // time in the transcript on each one, and 250 of them froze the console for a minute.
    const perCall = [
      vi.spyOn(Date.prototype, 'toLocaleTimeString'),
      vi.spyOn(Date.prototype, 'toLocaleString'),
    ];
    const made = vi.spyOn(Intl, 'DateTimeFormat');
    const now = new Date(2026, 11, 5, 15, 0).getTime();
    for (let i = 0; i < 1000; i++) formatTime(now - i * 60_000, 'zh', now);
    for (const spy of perCall) expect(spy).not.toHaveBeenCalled();
    expect(made.mock.calls.length).toBeLessThanOrEqual(2);
  });

  it('formats durations the way agents read them', () => {
    expect(formatDuration(4_200)).toBe('4.2s');
    expect(formatDuration(3_000)).toBe('3s');
    expect(formatDuration(45_400)).toBe('45s');
    expect(formatDuration(185_000)).toBe('3m 05s');
    expect(formatDuration(3_720_000)).toBe('1h 02m');
    expect(formatDuration(-5)).toBe('0s');
  });

  it('counts an SLA down, near in its last fifth, over once due', () => {
    const sla = { startedAt: 0, dueAt: 100_000, state: 'running' as const };
    expect(slaCountdown(sla, 10_000)).toEqual({ leftMs: 90_000, level: 'ok' });
    expect(slaCountdown(sla, 85_000)).toEqual({ leftMs: 15_000, level: 'near' });
    expect(slaCountdown({ ...sla, state: 'near_breach' }, 10_000).level).toBe('near');
    expect(slaCountdown(sla, 130_000)).toEqual({ leftMs: -30_000, level: 'over' });
  });

  it('finds midnight and the date in a given time zone, across a daylight-saving change too', () => {
    const at = Date.UTC(2026, 11, 4, 17, 30);
    expect(startOfDay(at, 'Asia/Shanghai')).toBe(Date.UTC(2026, 11, 4, 16));
    expect(dayKey(at, 'Asia/Shanghai')).toBe('2026-12-05');
    expect(startOfDay(at, 'UTC')).toBe(Date.UTC(2026, 11, 4));
    expect(dayKey(at, 'UTC')).toBe('2026-12-04');
    // 8 March 2026 in New York: clocks go from 02:00 EST to 03:00 EDT; the day began at 05:00 UTC.
    expect(startOfDay(Date.UTC(2026, 2, 8, 20), 'America/New_York')).toBe(Date.UTC(2026, 2, 8, 5));
    expect(startOfDay(Date.UTC(2026, 2, 9, 20), 'America/New_York')).toBe(Date.UTC(2026, 2, 9, 4));
  });
});
