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
}

/**
 * The outbox, kept in storage under `key` so a message typed offline survives a reload and is
 * sent exactly once. `changed` hears every change; `send` puts an entry on the wire if the hub
 * can take it now (and drops it otherwise: the next welcome flushes the outbox).
 */
export function createOutbox(
  storage: KeyValueStorage,
  key: string,
  clock: Clock,
  changed: (entries: OutboxEntry[]) => void,
  send: (entry: OutboxEntry) => unknown,
) {
  let entries = readJson<OutboxEntry[]>(storage, key, []);
  /** Timers of messages refused for now: each is re-sent once after a pause, however many errors it got. */
  const retrying = new Map<string, unknown>();
  const save = () => {
    writeJson(storage, key, entries);
    changed([...entries]);
  };
  const close = () => {
    for (const timer of retrying.values()) clock.clearTimeout(timer);
    retrying.clear();
  };
  const flush = () => {
    for (const entry of entries) if (entry.status === 'pending') send(entry);
  };

  return {
    flush,
    entries: (): OutboxEntry[] => [...entries],
    /**
     * Queues a message and sends it if it can; returns its clientMsgId. A caller that already chose
     * the id (a photo kept across reloads) passes it, so a second try is the same message to the hub.
     */
    add(content: ShopperContent, clientMsgId = randomToken()): string {
      const entry: OutboxEntry = {
        clientMsgId,
        content,
        createdAt: clock.now(),
        status: 'pending',
      };
      // Another tab may have queued since this one last read: add to what storage holds now.
      entries = [
        ...readJson<OutboxEntry[]>(storage, key, entries).filter((e) => e.clientMsgId !== entry.clientMsgId),
        entry,
      ];
      save();
      send(entry);
      return entry.clientMsgId;
    },
    /** The hub stored it (or the shopper dropped it): it leaves the outbox. */
    settle(clientMsgId: string): void {
      const before = entries.length;
      entries = entries.filter((e) => e.clientMsgId !== clientMsgId);
      if (entries.length !== before) save();
    },
    /** The hub refused it: for good (it fails until `retry`), or for now (it is re-sent after a pause). */
    refused(clientMsgId: string, error: { code: ErrorCode; message: string }, retryable: boolean): void {
      const entry = entries.find((e) => e.clientMsgId === clientMsgId);
      if (entry && !retryable) {
        entry.status = 'failed';
        entry.error = error;
        save();
      } else if (entry && !retrying.has(clientMsgId))
        retrying.set(
          clientMsgId,
          clock.setTimeout(() => {
            retrying.delete(clientMsgId);
            const again = entries.find((e) => e.clientMsgId === clientMsgId && e.status === 'pending');
            if (again) send(again);
          }, 1000),
        );
    },
    /** Sends a failed message again. */
    retry(clientMsgId: string): void {
      const entry = entries.find((e) => e.clientMsgId === clientMsgId);
      if (!entry) return;
      entry.status = 'pending';
      delete entry.error;
      save();
      flush();
    },
    /** Another tab changed the outbox: take its copy, so nothing is sent twice from here. */
    reload(): void {
      entries = readJson<OutboxEntry[]>(storage, key, []);
      changed([...entries]);
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
