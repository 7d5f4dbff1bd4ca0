import { eraseEventData } from './erase-event.ts';
import { EVENTS_STORED, type EventRecord, type Store } from './store.ts';
import { TimeOrderedLog } from './time-ordered-log.ts';

/** One conversation's events in time order, ties in the order appended, with their place in the log. */
interface ConversationEvents {
  events: EventRecord[];
  /** Each event's append number (`seqs[i]` is `events[i]`'s), which orders ties across conversations. */
  seqs: number[];
}

/**
 * The event log of the memory store, filed twice: by conversation (what a conversation's reads,
 * a report's batch of conversations and erasure take, at the cost of that conversation's events)
 * and in one time-ordered log (what a window of time across conversations takes). One array of
 * every event, sorted, scanned whole on every read, stalled a hub at hundreds of thousands.
 * `eraseConversation` is erasure's part.
 * @example
 * const events = memoryEvents();
 * const store = { ...events.store, ...otherParts };
 */
export function memoryEvents(): {
  store: Pick<Store, 'appendEvents' | 'listEvents' | 'listEventConversations'>;
  eraseConversation(id: string): void;
} {
  const log = new TimeOrderedLog<EventRecord>();
  const byConversation = new Map<string, ConversationEvents>();
  let appended = 0;

  /** The events of these conversations that pass `keep`, in time order, ties in append order. */
  const ofConversations = (ids: readonly string[], keep: (e: EventRecord) => boolean): EventRecord[] => {
    const found: { event: EventRecord; seq: number }[] = [];
    for (const id of new Set(ids)) {
      const c = byConversation.get(id);
      if (c)
        for (let i = 0; i < c.events.length; i++)
          if (keep(c.events[i]!)) found.push({ event: c.events[i]!, seq: c.seqs[i]! });
    }
    return found.sort((a, b) => a.event.at - b.event.at || a.seq - b.seq).map((f) => f.event);
  };

  return {
    store: {
      // Not async, and no copy of a frozen event (the hub's event log freezes what it hands over,
      // three records a message): the copy and the async function's promise were garbage at once.
      appendEvents(batch) {
        for (const event of batch) {
          let c = byConversation.get(event.conversationId);
          if (!c) {
            c = { events: [], seqs: [] };
            byConversation.set(event.conversationId, c);
          }
          const { events } = c;
          // A short walk from the end, if any: a conversation's events arrive almost in order.
          let i = events.length;
          while (i > 0 && events[i - 1]!.at > event.at) i--;
          // Appended before (a batch written again after a lost acknowledgement) if one of the
          // events at its time has its id: the event log writes a batch again as it was, time
          // included. No set of every id: its entries were a tenth of what the store kept per message.
          if (appendedAt(events, i, event)) continue;
          const stored =
            Object.isFrozen(event) && (event.data === undefined || Object.isFrozen(event.data))
              ? event
              : event.data
                ? { ...event, data: { ...event.data } }
                : { ...event };
          // Pushed when in order (nearly always): a splice makes an array of what it removed.
          if (i === events.length) {
            events.push(stored);
            c.seqs.push(appended++);
          } else {
            events.splice(i, 0, stored);
            c.seqs.splice(i, 0, appended++);
          }
          log.add(stored);
        }
        return EVENTS_STORED;
      },
      async listEvents({ from, to, conversationId, conversationIds, kinds }) {
        const keep = (e: EventRecord) =>
          (from === undefined || e.at >= from) &&
          (to === undefined || e.at < to) &&
          (kinds === undefined || kinds.includes(e.kind));
        if (conversationId === undefined && conversationIds === undefined)
          return kinds === undefined ? log.range(from, to) : log.range(from, to).filter(keep);
        const ids = conversationIds ?? [conversationId!];
        return ofConversations(
          conversationId === undefined ? ids : ids.filter((id) => id === conversationId),
          keep,
        );
      },
      async listEventConversations({ from, to }) {
        const ids = new Set<string>();
        for (const e of log.range(from, to)) ids.add(e.conversationId);
        return [...ids];
      },
    },
    eraseConversation(id) {
      const c = byConversation.get(id);
      if (!c) return;
      // Replaced, not changed in place: an event the log handed over frozen is stored as it came.
      for (let i = 0; i < c.events.length; i++) {
        const e = c.events[i]!;
        const data = eraseEventData(e.data);
        if (!data) continue;
        const erased = { ...e, data };
        c.events[i] = erased;
        log.replace(e, erased);
      }
    },
  };
}

/** Whether one of the events just before `end` at `event`'s time (sorted by time) has its id. */
function appendedAt(events: readonly EventRecord[], end: number, event: EventRecord): boolean {
  for (let j = end - 1; j >= 0 && events[j]!.at === event.at; j--)
    if (events[j]!.id === event.id) return true;
  return false;
}
