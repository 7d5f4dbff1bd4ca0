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

/** A clock time for today's events, a date and time otherwise. */
export function formatTime(at: number, lang: string, now = Date.now()): string {
  const d = new Date(at);
  const sameDay = new Date(now).toDateString() === d.toDateString();
  return sameDay
    ? d.toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' })
    : d.toLocaleString(lang, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** Local midnight of the day `now` falls in: where "today" starts for the dashboard. */
export function startOfDay(now: number): number {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** The value for an `<input type="datetime-local">` at a time (local time, minutes). */
export function toLocalInput(at: number): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
