import { type NewTimer, type TimerMethods, type TimerRecord, ticketTimerKey } from './store.ts';
import { byDue } from './timer-order.ts';

/**
 * The durable timers of the memory store (SLA clocks, ticket deadlines, follow-ups), lost with the
 * process like the rest of it. `setTicketTimer` is the tickets' part: a ticket's deadline is its timer.
 * @example
 * const timers = memoryTimers();
 * const store = { ...timers.store, ...otherParts };
 */
export function memoryTimers(): {
  store: TimerMethods;
  setTicketTimer(ticketId: string, dueAt: number | null): void;
} {
  const timers = new Map<string, TimerRecord>();
  // One sequence for every timer write, as in the SQL stores: a version is never repeated.
  let timerVersion = 0;
  const storedTimer = (t: NewTimer): TimerRecord => ({
    key: t.key,
    kind: t.kind,
    dueAt: t.dueAt,
    data: jsonCopy(t.data),
    version: ++timerVersion,
  });
  const store: TimerMethods = {
    async addTimer(timer) {
      const earlier = timers.get(timer.key);
      if (earlier) return { timer: copyTimer(earlier), created: false };
      const added = storedTimer(timer);
      timers.set(timer.key, added);
      return { timer: copyTimer(added), created: true };
    },
    async putTimer(timer) {
      const put = storedTimer(timer);
      timers.set(timer.key, put);
      return copyTimer(put);
    },
    async updateTimer(key, version, next) {
      const found = timers.get(key);
      if (!found || found.version !== version) return false;
      if (next === null) timers.delete(key);
      else timers.set(key, storedTimer({ ...next, key }));
      return true;
    },
    async getTimer(key) {
      const found = timers.get(key);
      return found ? copyTimer(found) : null;
    },
    async listTimers({ prefix, kind }) {
      return [...timers.values()]
        .filter(
          (t) =>
            (prefix === undefined || t.key.startsWith(prefix)) && (kind === undefined || t.kind === kind),
        )
        .sort(byDue)
        .map(copyTimer);
    },
    async deleteTimer(key) {
      const found = timers.get(key);
      timers.delete(key);
      return found ? copyTimer(found) : null;
    },
    async deleteTimers(prefix) {
      let n = 0;
      for (const key of [...timers.keys()]) if (key.startsWith(prefix) && timers.delete(key)) n++;
      return n;
    },
    async claimDueTimers(now, owner, leaseMs, limit) {
      const due = [...timers.values()]
        .filter(
          (t) => t.dueAt !== null && t.dueAt <= now && !(t.leaseUntil !== undefined && t.leaseUntil >= now),
        )
        .sort(byDue)
        .slice(0, Math.max(0, limit));
      for (const t of due) {
        t.leaseOwner = owner;
        t.leaseUntil = now + leaseMs;
        t.version = ++timerVersion;
      }
      return due.map(copyTimer);
    },
  };
  return {
    store,
    setTicketTimer(ticketId, dueAt) {
      const key = ticketTimerKey(ticketId);
      if (dueAt === null) timers.delete(key);
      else timers.set(key, storedTimer({ key, kind: 'ticket', dueAt, data: {} }));
    },
  };
}

const jsonCopy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function copyTimer(t: TimerRecord): TimerRecord {
  return { ...t, data: jsonCopy(t.data) };
}
