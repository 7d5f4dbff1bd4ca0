import type { ErrorCode, ShopperContent } from '@kefu/protocol';
import type { Clock } from '../clock.ts';
import { randomToken } from '../ids.ts';
import { type KeyValueStorage, readJson, writeJson } from '../transport/storage.ts';

/** A message this client sent that the hub has not stored yet. */
export interface OutboxEntry {
  clientMsgId: string;
  content: ShopperContent;
  createdAt: number;
  /** `failed`: the hub refused it for good (e.g. too long); `retry(clientMsgId)` sends it again. */
  status: 'pending' | 'failed';
  error?: { code: ErrorCode; message: string };
  /**
   * Its place is kept but it is not sent, nor anything after it: a photo still uploading, whose
   * `content` is only what a UI shows meanwhile. `send` with the same clientMsgId fills it.
   */
  held?: true;
}

/**
 * The outbox, kept in storage under `key` so a message typed offline survives a reload and is
 * sent exactly once. `changed` hears every change; `send` puts an entry on the wire if the hub
 * can take it now (and returns false otherwise: the next welcome flushes the outbox).
 *
 * One message is on the wire at a time, the oldest pending one; the next goes when the hub has
 * stored it (or refused it for good). Sending them all at once let the hub store a later message
 * while it refused an earlier one for now (rate_limited), so a fast typist's messages were stored,
 * and shown to the agent, in another order than typed. A held entry (a photo uploading) stops the
 * line the same way: text typed after a photo sent offline was stored before it.
 */
export function createOutbox(
  storage: KeyValueStorage,
  key: string,
  clock: Clock,
  changed: (entries: OutboxEntry[]) => void,
  send: (entry: OutboxEntry) => unknown,
) {
  let entries = readJson<OutboxEntry[]>(storage, key, []);
  /**
   * What storage holds now: another tab may have queued or settled since this one last heard, and
   * writing back this tab's older copy dropped the message it had queued, unsent, for good.
   */
  const current = () => readJson<OutboxEntry[]>(storage, key, entries);
  /** Timers of messages refused for now: each is re-sent once after a pause, however many errors it got. */
  const retrying = new Map<string, unknown>();
  const save = () => {
    writeJson(storage, key, entries);
    changed([...entries]);
  };
  /** The clientMsgId on the wire that the hub has not answered yet: nothing after it is sent. */
  let inFlight: string | undefined;
  const close = () => {
    for (const timer of retrying.values()) clock.clearTimeout(timer);
    retrying.clear();
    inFlight = undefined;
  };
  /** Sends the oldest pending message unless it is already on the wire. */
  const pump = () => {
    const next = entries.find((e) => e.status === 'pending');
    if (next && next.clientMsgId === inFlight) return;
    inFlight = next && !next.held && send(next) !== false ? next.clientMsgId : undefined;
  };
  /** A (re)connect: whatever was on the wire may be lost, so the oldest pending message goes again. */
  const flush = () => {
    inFlight = undefined;
    pump();
  };

  return {
    flush,
    entries: (): OutboxEntry[] => [...entries],
    /**
     * Queues a message and sends it if it can; returns its clientMsgId. A caller that already chose
     * the id (a photo kept across reloads) passes it, so a second try is the same message to the hub.
     * An id already queued keeps its place (a held photo, filled once uploaded).
     */
    add(content: ShopperContent, clientMsgId = randomToken(), held?: true): string {
      // `held: undefined` is left out of storage by JSON.
      const entry: OutboxEntry = { clientMsgId, content, createdAt: clock.now(), status: 'pending', held };
      entries = current().map((e) => (e.clientMsgId === clientMsgId ? entry : e));
      if (!entries.includes(entry)) entries.push(entry);
      save();
      // The same id again (a photo uploaded anew) replaces what was on the wire: send the new one.
      if (inFlight === entry.clientMsgId) inFlight = undefined;
      pump();
      return entry.clientMsgId;
    },
    /** The hub stored it (or the shopper dropped it): it leaves the outbox. */
    settle(clientMsgId: string): void {
      const held = current();
      entries = held.filter((e) => e.clientMsgId !== clientMsgId);
      if (entries.length !== held.length) save();
      pump();
    },
    /** The hub refused it: for good (it fails until `retry`), or for now (it is re-sent after a pause). */
    refused(clientMsgId: string, error: { code: ErrorCode; message: string }, retryable: boolean): void {
      entries = current();
      const entry = entries.find((e) => e.clientMsgId === clientMsgId);
      if (entry && !retryable) {
        entry.status = 'failed';
        entry.error = error;
        save();
        // Refused for good: the messages after it go on (the shopper can retry this one).
        pump();
      } else if (entry && !retrying.has(clientMsgId))
        retrying.set(
          clientMsgId,
          clock.setTimeout(() => {
            retrying.delete(clientMsgId);
            // Still the oldest pending message (nothing after it was sent meanwhile): it goes again.
            if (inFlight === clientMsgId) inFlight = undefined;
            pump();
          }, 1000),
        );
    },
    /** Sends a failed message again. */
    retry(clientMsgId: string): void {
      entries = current();
      const entry = entries.find((e) => e.clientMsgId === clientMsgId);
      if (!entry) return;
      entry.status = 'pending';
      delete entry.error;
      save();
      pump();
    },
    /**
     * Another tab changed the outbox: take its copy, and send its oldest pending message from here
     * too. That tab may be unable to (refused as one tab too many, cut off, closed since): its
     * message must not wait for this tab's next reconnect. The hub stores one per clientMsgId.
     */
    reload(): void {
      entries = readJson<OutboxEntry[]>(storage, key, []);
      changed([...entries]);
      pump();
    },
    /** Stops the pending re-sends; the outbox stays in storage. */
    close,
    /** The shopper was forgotten: nothing they typed is sent, now or after a reload. */
    clear(): void {
      close();
      entries = [];
      save();
    },
  };
}
