import { describe, expect, it } from 'vitest';
import { isOpen, nextOpening, type OfficeHours, validateOfficeHours } from './office-hours.ts';

const at = (iso: string) => Date.parse(iso);
const weekdays = (from: string, to: string) =>
  Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ from, to }]]));

const shanghai: OfficeHours = {
  timeZone: 'Asia/Shanghai', // UTC+8, no DST
  weekly: { ...weekdays('09:00', '18:00'), sat: [{ from: '22:00', to: '02:00' }] },
  holidays: ['2025-10-01'],
};
const newYork: OfficeHours = { timeZone: 'America/New_York', weekly: weekdays('09:00', '17:00') };

describe('isOpen', () => {
  it('is open inside a range and closed at its end (the end is exclusive)', () => {
    expect(isOpen(shanghai, at('2025-01-06T01:00:00Z'))).toBe(true); // Mon 09:00
    expect(isOpen(shanghai, at('2025-01-06T00:59:00Z'))).toBe(false); // Mon 08:59
    expect(isOpen(shanghai, at('2025-01-06T09:59:00Z'))).toBe(true); // Mon 17:59
    expect(isOpen(shanghai, at('2025-01-06T10:00:00Z'))).toBe(false); // Mon 18:00
  });

  it('keeps a range that crosses midnight open into the next day', () => {
    expect(isOpen(shanghai, at('2025-01-11T13:59:00Z'))).toBe(false); // Sat 21:59
    expect(isOpen(shanghai, at('2025-01-11T14:00:00Z'))).toBe(true); // Sat 22:00
    expect(isOpen(shanghai, at('2025-01-11T16:30:00Z'))).toBe(true); // Sun 00:30
    expect(isOpen(shanghai, at('2025-01-11T17:59:00Z'))).toBe(true); // Sun 01:59
    expect(isOpen(shanghai, at('2025-01-11T18:00:00Z'))).toBe(false); // Sun 02:00
  });

  it('reads the same instant in each group’s own time zone', () => {
    const instant = at('2025-01-06T14:00:00Z'); // Mon 22:00 in Shanghai, Mon 09:00 in New York
    expect(isOpen(shanghai, instant)).toBe(false);
    expect(isOpen(newYork, instant)).toBe(true);
  });

  it('follows New York across daylight saving time', () => {
    // 09:00 is 14:00Z in winter (EST) and 13:00Z in summer (EDT).
    expect(isOpen(newYork, at('2025-03-07T13:30:00Z'))).toBe(false); // Fri 08:30 EST
    expect(isOpen(newYork, at('2025-03-10T13:30:00Z'))).toBe(true); // Mon 09:30 EDT
    expect(isOpen(newYork, at('2025-11-03T13:30:00Z'))).toBe(false); // Mon 08:30 EST again
  });

  it('closes on a holiday in the schedule’s zone', () => {
    expect(isOpen(shanghai, at('2025-10-01T02:00:00Z'))).toBe(false); // Wed 10:00, National Day
    expect(isOpen(shanghai, at('2025-10-02T02:00:00Z'))).toBe(true);
    // 2025-09-30T17:00Z is already Oct 1 in Shanghai (01:00) but still Sep 30 in UTC.
    const holidayMorning: OfficeHours = { ...shanghai, weekly: { wed: [{ from: '00:00', to: '24:00' }] } };
    expect(isOpen(holidayMorning, at('2025-09-30T17:00:00Z'))).toBe(false);
  });

  it('lets an overnight shift begun before a holiday run to its end, and cancels one that starts on it', () => {
    const fridayNights: OfficeHours = {
      timeZone: 'Asia/Shanghai',
      weekly: { fri: [{ from: '22:00', to: '04:00' }], sat: [{ from: '22:00', to: '04:00' }] },
      holidays: ['2025-01-11'], // the Saturday
    };
    expect(isOpen(fridayNights, at('2025-01-10T18:00:00Z'))).toBe(true); // Sat 02:00, Friday's shift
    expect(isOpen(fridayNights, at('2025-01-11T15:00:00Z'))).toBe(false); // Sat 23:00, holiday shift
    expect(isOpen(fridayNights, at('2025-01-11T18:00:00Z'))).toBe(false); // Sun 02:00, its tail
  });
});

describe('nextOpening', () => {
  it('returns the instant itself while open', () => {
    const t = at('2025-01-06T03:00:00Z');
    expect(nextOpening(shanghai, t)).toBe(t);
  });

  it('finds tomorrow morning after closing time', () => {
    expect(nextOpening(shanghai, at('2025-01-06T10:00:00Z'))).toBe(at('2025-01-07T01:00:00Z'));
  });

  it('skips the weekend and a holiday', () => {
    expect(nextOpening(shanghai, at('2025-01-11T18:00:00Z'))).toBe(at('2025-01-13T01:00:00Z')); // Sun 02:00 → Mon 09:00
    expect(nextOpening(shanghai, at('2025-09-30T12:00:00Z'))).toBe(at('2025-10-02T01:00:00Z')); // skips Oct 1
  });

  it('opens at the new local 09:00 after New York springs forward', () => {
    expect(nextOpening(newYork, at('2025-03-07T22:00:00Z'))).toBe(at('2025-03-10T13:00:00Z'));
    expect(nextOpening(newYork, at('2025-10-31T22:00:00Z'))).toBe(at('2025-11-03T14:00:00Z'));
  });

  it('opens when the clock jumps if the opening time does not exist that day', () => {
    const early: OfficeHours = {
      timeZone: 'America/New_York',
      weekly: { sun: [{ from: '02:30', to: '05:00' }] },
    };
    // 2025-03-09: 02:00 EST jumps to 03:00 EDT (07:00Z).
    expect(nextOpening(early, at('2025-03-09T06:00:00Z'))).toBe(at('2025-03-09T07:00:00Z'));
    expect(isOpen(early, at('2025-03-09T06:59:00Z'))).toBe(false);
    expect(isOpen(early, at('2025-03-09T07:00:00Z'))).toBe(true);
  });

  it('takes the first of two 01:30s when New York falls back', () => {
    const early: OfficeHours = {
      timeZone: 'America/New_York',
      weekly: { sun: [{ from: '01:30', to: '03:00' }] },
    };
    // 2025-11-02: 01:30 EDT is 05:30Z; 01:30 EST would be 06:30Z.
    expect(nextOpening(early, at('2025-11-02T04:00:00Z'))).toBe(at('2025-11-02T05:30:00Z'));
  });

  it('returns undefined for a schedule that never opens', () => {
    expect(nextOpening({ timeZone: 'UTC', weekly: {} }, 0)).toBeUndefined();
  });
});

describe('validateOfficeHours', () => {
  it('rejects an unknown zone, a bad time and an empty range with precise errors', () => {
    expect(() => validateOfficeHours({ timeZone: 'Mars/Olympus', weekly: {} })).toThrow(RangeError);
    expect(() =>
      validateOfficeHours({ timeZone: 'UTC', weekly: { mon: [{ from: '9:00', to: '18:00' }] } }),
    ).toThrow(/mon\[0\]\.from must be HH:MM/);
    expect(() =>
      validateOfficeHours({ timeZone: 'UTC', weekly: { mon: [{ from: '09:00', to: '09:00' }] } }),
    ).toThrow(/empty/);
    expect(() => validateOfficeHours({ timeZone: 'UTC', weekly: {}, holidays: ['1/10/2025'] })).toThrow(
      /YYYY-MM-DD/,
    );
  });
});
