import { KefuError } from '@kefu/protocol';
import type { ConversationExpectation, EventRecord, NewMessage } from '../store.ts';
import { createBatchQueue, oneByOne, type Settled } from './batch-queue.ts';
import { type AppendResult, type MessageItem, writeBatch } from './batch-statement.ts';
import type { SqlContext } from './sql-context.ts';

/** What one item of the queue asks to write. */
type Item = ({ kind: 'message' } & MessageItem) | { kind: 'events'; events: readonly EventRecord[] };
/** A message's result; nothing for events. */
type Result = AppendResult | undefined;

/** How a SQL store writes each kind alone: what a batch of one, or a batch that failed, falls back to. */
export interface Alone {
  append(input: NewMessage, expect?: ConversationExpectation): Promise<AppendResult>;
  /** Writes events in one statement, in the order given. */
  insertEvents(events: readonly EventRecord[]): Promise<void>;
}

/** A statement carries 256 messages or 1,024 events at the most. */
const MAX_WEIGHT = 1024;
const MESSAGE_WEIGHT = 4;
/**
 * How long events wait for a message to go with (the reply to a shopper's message is a few
 * milliseconds behind it): under that, the event log costs no statement of its own.
 */
const EVENTS_WAIT_MS = 20;
/**
 * How long a write the database refused (not an item's own refusal) keeps `health` failing when
 * no write succeeded since: a node nobody writes to any more must come back by itself.
 */
const FAILED_WRITE_UNREADY_MS = 10_000;

/**
 * Group commit for a SQL store's hot-path writes (a {@link createBatchQueue}): the messages and
 * events of any number of conversations that arrive while a statement is in flight go together
 * in the next one (`batch-statement.ts`), so a shopper's message, the event it caused and the
 * bot's reply share their round trip and commit with those of many other conversations. Each
 * caller's promise resolves only once its statement is committed, so whatever the hub does after
 * an append (acknowledge, fan out, hand to the bot) follows a durable write. Items keep their
 * order: per conversation, messages get gapless seqs in arrival order; events keep call order. A
 * batch that fails as a whole (a clientMsgId raced in from another node, a conversation gone, an
 * event the database refuses) wrote nothing and is written again item by item, so each meets its
 * own error. A clientMsgId sent again before its first copy's batch was taken shares that copy's
 * entry. Appends that check an agent's load need their own transaction and go straight to
 * `alone`. Events wait a little for messages to go with (`EVENTS_WAIT_MS`). (Conversation reads keep a queue of their own, `conversations.ts`: in the same
 * statements as the writes they would wait for them, and the bot turn's read is on the reply's
 * path.)
 * @example
 * const batch = createGroupCommit(ctx, alone);
 * await batch.appendMessage(message); // stored with whatever else arrived meanwhile
 */
export function createGroupCommit(ctx: SqlContext, alone: Alone, now: () => number = Date.now) {
  const byKey = new Map<string, Promise<AppendResult>>();
  /** The statement in flight, and the last database refusal with no successful write since. */
  let writing: Promise<unknown> | undefined;
  let refused: { error: unknown; at: number } | undefined;
  const queue = createBatchQueue<Item, Result>((items) => watched(items), {
    max: MAX_WEIGHT,
    weight: (item) => (item.kind === 'message' ? MESSAGE_WEIGHT : item.events.length),
    lazy: (item) => item.kind === 'events',
    lazyMs: EVENTS_WAIT_MS,
  });

  async function watched(items: Item[]): Promise<Array<Settled<Result>>> {
    const written = write(items);
    writing = written;
    try {
      const outcomes = await written;
      if (outcomes.some((o) => 'value' in o)) refused = undefined;
      else {
        const fault = outcomes.find((o) => 'error' in o && !(o.error instanceof KefuError));
        if (fault && 'error' in fault) refused = { error: fault.error, at: now() };
      }
      return outcomes;
    } finally {
      if (writing === written) writing = undefined;
    }
  }

  async function write(items: Item[]): Promise<Array<Settled<Result>>> {
    const messages: MessageItem[] = [];
    const events: EventRecord[] = [];
    for (const item of items) {
      if (item.kind === 'message') {
        byKey.delete(keyOf(item.input) ?? '');
        messages.push(item);
      } else events.push(...item.events);
    }
    if (items.length > 1) {
      // Events alone take the lighter multi-row INSERT of their own.
      const together = await (messages.length === 0
        ? alone.insertEvents(events).then(() => [])
        : writeBatch(ctx, messages, events)
      ).catch(() => undefined);
      if (together) {
        let m = 0;
        return items.map((item): Settled<Result> => {
          if (item.kind === 'events') return { value: undefined };
          const result = together[m++]!;
          return result instanceof KefuError ? { error: result } : { value: result };
        });
      }
    }
    return oneByOne(items, async (item): Promise<Result> => {
      if (item.kind === 'message') return alone.append(item.input, item.expect);
      await alone.insertEvents(item.events);
      return undefined;
    });
  }

  return {
    appendMessage(
      input: NewMessage,
      expect?: ConversationExpectation,
      want?: { conversation?: boolean },
    ): Promise<AppendResult> {
      if (expect?.agentLoad) return alone.append(input, expect);
      const key = keyOf(input);
      const same = key === undefined ? undefined : byKey.get(key);
      // The first caller gets the result; a later one sent the same clientMsgId, so theirs is a duplicate.
      if (same)
        return same.then((result) => ({ message: result.message, duplicate: true, status: result.status }));
      const written = queue.push({
        kind: 'message',
        input,
        expect,
        wantConversation: want?.conversation !== false,
      }) as Promise<AppendResult>;
      if (key !== undefined) byKey.set(key, written);
      return written;
    },
    async appendEvents(events: readonly EventRecord[]): Promise<void> {
      if (events.length > 0) await queue.push({ kind: 'events', events });
    },
    /** Resolves once everything appended so far is written (at close). */
    idle: queue.idle,
    /**
     * For `ready()`: waits for the statement in flight (a database that hangs holds the probe until
     * its timeout), then rejects if the last write was refused by the database and none succeeded
     * since. A store that still answers reads while every write fails (a full disk, a read-only
     * replica after a failover) is not ready.
     */
    async health(): Promise<void> {
      await writing?.catch(() => {});
      if (refused && now() - refused.at < FAILED_WRITE_UNREADY_MS) {
        const { error } = refused;
        throw new Error(`writes fail: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
  };
}

const keyOf = (m: NewMessage) =>
  m.clientMsgId === undefined ? undefined : JSON.stringify([m.conversationId, m.clientMsgId]);
