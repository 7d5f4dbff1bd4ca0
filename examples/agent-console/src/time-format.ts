/** Durations as agents read them: `0.4s`, `45s`, `3m 05s`, `1h 02m`, `2d 3h`. */
export function formatDuration(ms: number): string {
  // Under ten seconds a tenth matters (first responses in a busy shift are often 2–3 s).
  if (ms > 0 && ms < 9_950) return `${(Math.round(ms / 100) / 10).toFixed(1).replace(/\.0$/, '')}s`;
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** The SLA countdown's state at `now`: time left (or over) and how urgent it looks. */
export function slaCountdown(
  sla: { startedAt: number; dueAt: number; state: 'running' | 'near_breach' | 'breached' },
  now: number,
): { leftMs: number; level: 'ok' | 'near' | 'over' } {
  const leftMs = sla.dueAt - now;
  const span = Math.max(1, sla.dueAt - sla.startedAt);
  if (leftMs <= 0 || sla.state === 'breached') return { leftMs, level: 'over' };
  // The hub says when it is near; between its frames the last fifth of the span counts as near too.
  if (sla.state === 'near_breach' || leftMs <= span / 5) return { leftMs, level: 'near' };
  return { leftMs, level: 'ok' };
}

const CLOCK = { hour: '2-digit', minute: '2-digit' } as const;
const FORMS = {
  time: CLOCK,
  date: { month: 'numeric', day: 'numeric', ...CLOCK },
  year: { year: 'numeric', month: 'numeric', day: 'numeric', ...CLOCK },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;
const formatters = new Map<string, Intl.DateTimeFormat>();
/**
 * Formatters by language and form, made once: `toLocaleString` builds a new one on each call
 * (about a millisecond), and a transcript formats every message's time on every update, so a
 * burst of 250 shopper messages froze the console for a minute.
 */
function formatter(lang: string, form: keyof typeof FORMS): Intl.DateTimeFormat {
  const key = `${lang}|${form}`;
  const made = formatters.get(key) ?? new Intl.DateTimeFormat(lang, FORMS[form]);
  formatters.set(key, made);
  return made;
}

/**
 * A clock time for today's events, a date and time otherwise (with the year when it is not this
 * one: a follow-up may be months ahead), and a dash for a time no `Date` can hold, never "Invalid Date".
 */
export function formatTime(at: number, lang: string, now = Date.now()): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return '—';
  const today = new Date(now);
  if (today.toDateString() === d.toDateString()) return formatter(lang, 'time').format(d);
  return formatter(lang, d.getFullYear() === today.getFullYear() ? 'date' : 'year').format(d);
}

/** The `dateTime` of a `<time>` for `at`; none for a time no `Date` can hold (`toISOString` would throw). */
export function isoTime(at: number): string | undefined {
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/**
 * Midnight of the day `now` falls in, in `timeZone` (the hub's, where its reports cut days), or
 * where the browser is when none is known: where "today" starts for the dashboard.
 */
export function startOfDay(now: number, timeZone?: string): number {
  if (!timeZone) {
    const d = new Date(now);
    d.setHours(0, 0, 0, 0);
    return d.getTime();
  }
  const [y, m, d] = wallClock(now, timeZone);
  const day = Date.UTC(y, m - 1, d);
  // The zone's offset at midnight can differ from now's (a daylight-saving change that day).
  let at = day - offsetAt(now, timeZone);
  at = day - offsetAt(at, timeZone);
  return at;
}

/** The date (`YYYY-MM-DD`) `at` falls on in `timeZone`, or where the browser is: a report's day key. */
export function dayKey(at: number, timeZone?: string): string {
  const [y, m, d] = timeZone
    ? wallClock(at, timeZone)
    : [new Date(at).getFullYear(), new Date(at).getMonth() + 1, new Date(at).getDate()];
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/** Year, month, day, hour, minute and second on the wall clock of `timeZone` at `at`. */
type WallClock = [year: number, month: number, day: number, hour: number, minute: number, second: number];

function wallClock(at: number, timeZone: string): WallClock {
  let format = zoneFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    zoneFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return [part('year'), part('month'), part('day'), part('hour'), part('minute'), part('second')];
}

/** How far the zone's wall clock is ahead of UTC at `at`, in ms. */
function offsetAt(at: number, timeZone: string): number {
  const [y, m, d, h, mi, s] = wallClock(at, timeZone);
  return Date.UTC(y, m - 1, d, h, mi, s) - Math.floor(at / 1000) * 1000;
}

/** The value for an `<input type="datetime-local">` at a time (local time, minutes). */
export function toLocalInput(at: number): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
