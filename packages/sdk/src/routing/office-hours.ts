export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * Opening hours on a local clock, `HH:MM` (24 h). `to` at or before `from` means the range runs
 * past midnight into the next day (`22:00`–`02:00`); `to: '24:00'` means until midnight.
 */
export interface TimeRange {
  from: string;
  to: string;
}

/**
 * When a group answers chats, in its own time zone.
 * @example
 * const logistics: OfficeHours = {
 *   timeZone: 'Asia/Shanghai',
 *   weekly: { mon: [{ from: '09:00', to: '21:00' }], sat: [{ from: '10:00', to: '02:00' }] },
 *   holidays: ['2025-10-01'],
 * };
 */
export interface OfficeHours {
  /** An IANA zone, e.g. `Asia/Shanghai`, `America/New_York`. */
  timeZone: string;
  weekly: Partial<Record<Weekday, readonly TimeRange[]>>;
  /**
   * Closed dates (`YYYY-MM-DD`, in `timeZone`). A holiday cancels the ranges that *start* on it;
   * an overnight range begun the evening before still runs to its end — the shift belongs to the
   * day it started.
   */
  holidays?: readonly string[];
}

interface CompiledRange {
  from: number;
  to: number;
  overnight: boolean;
}

interface Compiled {
  timeZone: string;
  days: CompiledRange[][];
  holidays: Set<string>;
}

interface LocalTime {
  /** `YYYY-MM-DD` */
  date: string;
  weekday: number;
  /** Minutes since local midnight. */
  minute: number;
  year: number;
  month: number;
  day: number;
}

const compiledCache = new WeakMap<OfficeHours, Compiled>();
const formatters = new Map<string, Intl.DateTimeFormat>();
const DAY_MS = 86_400_000;
/** How far `nextOpening` looks before saying "never": a year of holidays plus a week. */
const HORIZON_DAYS = 373;

/**
 * Whether the schedule is open at the instant `at` (epoch ms).
 * @example
 * isOpen(logistics, Date.parse('2025-01-06T03:00:00Z')); // Monday 11:00 in Shanghai → true
 */
export function isOpen(schedule: OfficeHours, at: number): boolean {
  const c = compile(schedule);
  const local = localTime(c.timeZone, at);
  if (!c.holidays.has(local.date)) {
    for (const r of c.days[local.weekday]!) {
      if (local.minute >= r.from && (r.overnight || local.minute < r.to)) return true;
    }
  }
  const yesterday = addDays(local, -1);
  if (!c.holidays.has(yesterday.date)) {
    for (const r of c.days[yesterday.weekday]!) if (r.overnight && local.minute < r.to) return true;
  }
  return false;
}

/**
 * The first instant at or after `at` when the schedule is open: `at` itself when open now,
 * undefined when it never opens within a year. On a day when clocks spring forward over the
 * opening time (02:30 that does not exist), it opens when the clock jumps.
 * @example
 * nextOpening(logistics, Date.parse('2025-01-06T14:00:00Z')); // Mon 22:00 Shanghai → Tue 09:00 local
 */
export function nextOpening(schedule: OfficeHours, at: number): number | undefined {
  if (isOpen(schedule, at)) return at;
  const c = compile(schedule);
  const today = localTime(c.timeZone, at);
  for (let d = 0; d <= HORIZON_DAYS; d++) {
    const day = addDays(today, d);
    if (c.holidays.has(day.date)) continue;
    let best: number | undefined;
    for (const r of c.days[day.weekday]!) {
      const opening = instantOf(c.timeZone, day, r.from);
      if (opening > at && (best === undefined || opening < best)) best = opening;
    }
    if (best !== undefined) return best;
  }
  return undefined;
}

/** Checks a schedule up front; throws a RangeError naming the bad field. */
/** What a time zone must be, for errors that name one (`metrics.timeZone`, office hours). */
export const TIME_ZONE_RULE = 'must be an IANA time zone such as "Asia/Shanghai"';

/** Whether Intl knows the zone (an IANA name such as `Asia/Shanghai`). */
export function knownTimeZone(timeZone: unknown): boolean {
  if (typeof timeZone !== 'string' || timeZone === '') return false;
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone });
    return true;
  } catch {
    return false;
  }
}

export function validateOfficeHours(schedule: OfficeHours): void {
  compile(schedule);
}

function compile(schedule: OfficeHours): Compiled {
  const cached = compiledCache.get(schedule);
  if (cached) return cached;
  if (!knownTimeZone(schedule.timeZone))
    throw new RangeError(`timeZone ${TIME_ZONE_RULE}, got ${JSON.stringify(schedule.timeZone)}`);
  const days: CompiledRange[][] = WEEKDAYS.map((name) =>
    (schedule.weekly[name] ?? []).map((range, i) => {
      const from = parseClock(range.from, `${name}[${i}].from`);
      const to = parseClock(range.to, `${name}[${i}].to`);
      if (from === 24 * 60) throw new RangeError(`office hours ${name}[${i}].from cannot be 24:00`);
      if (from === to)
        throw new RangeError(`office hours ${name}[${i}] is empty (${range.from}–${range.to})`);
      return { from, to, overnight: to < from };
    }),
  );
  for (const holiday of schedule.holidays ?? []) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(holiday))
      throw new RangeError(`office hours holiday "${holiday}" is not YYYY-MM-DD`);
    // 2026-13-45 has the shape and is no day: it would never close the desk.
    const day = new Date(`${holiday}T00:00:00Z`);
    if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== holiday)
      throw new RangeError(`office hours holiday "${holiday}" is not a date (YYYY-MM-DD)`);
  }
  const compiled = { timeZone: schedule.timeZone, days, holidays: new Set(schedule.holidays ?? []) };
  compiledCache.set(schedule, compiled);
  return compiled;
}

function parseClock(text: string, field: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(text);
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : Number.NaN;
  if (!m || Number(m[2]) > 59 || !(minutes <= 24 * 60))
    throw new RangeError(`office hours ${field} must be HH:MM between 00:00 and 24:00, got "${text}"`);
  return minutes;
}

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall clock in `timeZone` at `at`, read through Intl (no date library). */
function localTime(timeZone: string, at: number): LocalTime {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(at))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const year = parts.year!;
  const month = parts.month!;
  const day = parts.day!;
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return {
    date: isoDate(year, month, day),
    weekday,
    minute: parts.hour! * 60 + parts.minute!,
    year,
    month,
    day,
  };
}

/** The zone's offset from UTC at `at`, in ms (wall clock − UTC). */
function offsetAt(timeZone: string, at: number): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(at))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return wall - (at - (((at % 1000) + 1000) % 1000));
}

/**
 * The instant a local wall-clock time happens. In a fall-back overlap it takes the earlier one;
 * in a spring-forward gap, the moment the clock jumps (the first instant local time is past it).
 */
function instantOf(timeZone: string, day: LocalTime, minute: number): number {
  const wall = Date.UTC(day.year, day.month - 1, day.day) + minute * 60_000;
  // Offsets on either side of any transition near this wall time: try both, keep what round-trips.
  const before = wall - offsetAt(timeZone, wall - DAY_MS / 2);
  const after = wall - offsetAt(timeZone, wall + DAY_MS / 2);
  const exact = [before, after].filter((t) => t + offsetAt(timeZone, t) === wall);
  if (exact.length > 0) return Math.min(...exact);
  // A gap: binary-search the transition between the two candidates (minute precision).
  let lo = Math.min(before, after);
  let hi = Math.max(before, after);
  while (hi - lo > 60_000) {
    const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
    if (mid + offsetAt(timeZone, mid) >= wall) hi = mid;
    else lo = mid;
  }
  return hi;
}

function addDays(local: LocalTime, days: number): LocalTime {
  if (days === 0) return local;
  const d = new Date(Date.UTC(local.year, local.month - 1, local.day + days));
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  return { date: isoDate(year, month, day), weekday: d.getUTCDay(), minute: local.minute, year, month, day };
}

function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
