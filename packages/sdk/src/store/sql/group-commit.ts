import { KefuError } from '@kefu/protocol';
import type { ConversationExpectation, EventRecord, NewMessage, StoredConversation } from '../store.ts';
import { createBatchQueue, oneByOne, type Settled } from './batch-queue.ts';
import { type AppendResult, type BatchOutcome, type MessageItem, writeBatch } from './batch-statement.ts';
import type { SqlContext } from './sql-context.ts';

/** What one item of the queue asks for; its result type follows the kind. */
type Item =
  | ({ kind: 'message' } & MessageItem)
  | { kind: 'events'; events: readonly EventRecord[] }
  | { kind: 'read'; id: string };
type Result = AppendResult | StoredConversation | null | undefined;

/** How a SQL store does each kind alone: what a batch of one, or a batch that failed, falls back to. */
export interface Alone {
  append(input: NewMessage, expect?: ConversationExpectation): Promise<AppendResult>;
  /** Writes events in one statement, in the order given. */
  insertEvents(events: readonly EventRecord[]): Promise<void>;
  /** The conversations of `ids`, by id (an unknown id absent). */
  readConversations(ids: readonly string[]): Promise<Map<string, StoredConversation>>;
}

/** A statement carries 256 messages or 1,024 events at the most (a read weighs as an event). */
const MAX_WEIGHT = 1024;
const MESSAGE_WEIGHT = 4;

/**
 * Group commit for a SQL store's hot path (a {@link createBatchQueue}): the messages, events and
 * conversation reads of any number of conversations that arrive while a statement is in flight
 * go together in the next one (`batch-statement.ts`): one round trip and one commit for a
 * shopper's message, the event it caused, the bot turn's read and the bot's reply of many
 * conversations at once. Each caller's promise resolves only once its statement is committed, so
 * whatever the hub does after an append (acknowledge, fan out, hand to the bot) follows a durable
 * write. Items keep their order: per conversation, messages get gapless seqs in arrival order;
 * events keep call order. A batch that fails as a whole (a clientMsgId raced in from another
 * node, a conversation gone, an event the database refuses) wrote nothing and is done again kind
 * by kind, messages and event calls one at a time, so each meets its own error. A clientMsgId sent
 * again before its first copy's batch was taken shares that copy's entry. Appends that check an
 * agent's load need their own transaction and go straight to `alone`.
 * @example
 * const batch = createGroupCommit(ctx, alone);
 * await batch.appendMessage(message); // stored with whatever else arrived meanwhile
 */
export function createGroupCommit(ctx: SqlContext, alone: Alone) {
  const byKey = new Map<string, Promise<AppendResult>>();
  const queue = createBatchQueue<Item, Result>((items) => write(items), {
    max: MAX_WEIGHT,
    weight: (item) =>
      item.kind === 'message' ? MESSAGE_WEIGHT : item.kind === 'events' ? item.events.length : 1,
  });

  async function write(items: Item[]): Promise<Array<Settled<Result>>> {
    const messages: MessageItem[] = [];
    const events: EventRecord[] = [];
    const reads: string[] = [];
    for (const item of items) {
      if (item.kind === 'message') {
        byKey.delete(keyOf(item.input) ?? '');
        messages.push(item);
      } else if (item.kind === 'events') events.push(...item.events);
      else reads.push(item.id);
    }
    // Reads alone, events alone or one message alone take the lighter statements of their own.
    if (reads.length === items.length) return answerReads(items, await alone.readConversations(reads));
    const eventsOnly = messages.length === 0 && reads.length === 0;
    if (items.length > 1) {
      const together = await (eventsOnly
        ? alone.insertEvents(events).then((): BatchOutcome => ({ messages: [], conversations: new Map() }))
        : writeBatch(ctx, { messages, events, reads })
      ).catch(() => undefined);
      if (together) {
        let m = 0;
        return answerReads(items, together.conversations, (i) => {
          if (items[i]!.kind !== 'message') return { value: undefined };
          const result = together.messages[m++]!;
          return result instanceof KefuError ? { error: result } : { value: result };
        });
      }
    }
    const written = await oneByOne(items, async (item): Promise<Result> => {
      if (item.kind === 'message') return alone.append(item.input, item.expect);
      if (item.kind === 'events') await alone.insertEvents(item.events);
      return undefined;
    });
    if (reads.length === 0) return written;
    const found = await alone.readConversations(reads);
    return answerReads(items, found, (i) => written[i]!);
  }

  return {
    appendMessage(input: NewMessage, expect?: ConversationExpectation): Promise<AppendResult> {
      if (expect?.agentLoad) return alone.append(input, expect);
      const key = keyOf(input);
      const same = key === undefined ? undefined : byKey.get(key);
      // The first caller gets the result; a later one sent the same clientMsgId, so theirs is a duplicate.
      if (same) return same.then((result) => ({ ...result, duplicate: true }));
      const written = queue.push({ kind: 'message', input, expect }) as Promise<AppendResult>;
      if (key !== undefined) byKey.set(key, written);
      return written;
    },
    async appendEvents(events: readonly EventRecord[]): Promise<void> {
      if (events.length > 0) await queue.push({ kind: 'events', events });
    },
    getConversation: (id: string) => queue.push({ kind: 'read', id }) as Promise<StoredConversation | null>,
    /** Resolves once everything asked so far is written and answered (at close). */
    idle: queue.idle,
  };
}

/**
 * Each read's conversation, or null; the other items' outcomes from `other` (by index). Each
 * caller gets its own copy, as from a read of its own: the hub may change what it was given.
 */
function answerReads(
  items: readonly Item[],
  found: Map<string, StoredConversation>,
  other: (i: number) => Settled<Result> = () => ({ value: undefined }),
): Array<Settled<Result>> {
  const given = new Set<string>();
  return items.map((item, i) => {
    if (item.kind !== 'read') return other(i);
    const row = found.get(item.id);
    if (!row) return { value: null };
    const value = given.has(item.id) ? structuredClone(row) : row;
    given.add(item.id);
    return { value };
  });
}

const keyOf = (m: NewMessage) =>
  m.clientMsgId === undefined ? undefined : JSON.stringify([m.conversationId, m.clientMsgId]);
