import { KefuError } from '@kefu/protocol';
import type { ConversationExpectation, NewMessage, Store } from '../store.ts';
import { createBatchQueue, oneByOne } from './batch-queue.ts';
import { json, MESSAGE_COLUMNS, type MessageRow, toMessage } from './rows.ts';
import type { SqlContext } from './sql-context.ts';

type AppendResult = Awaited<ReturnType<Store['appendMessage']>>;
type Append = (input: NewMessage, expect?: ConversationExpectation) => Promise<AppendResult>;

/** One message to store. */
interface Item {
  input: NewMessage;
  expect: ConversationExpectation | undefined;
}

/** Messages stored per statement at the most. */
const MAX_BATCH = 256;

/**
 * Group commit for `appendMessage` (a {@link createBatchQueue}): messages of any number of
 * conversations that arrive while a write is in flight are stored together by the next one, as
 * one statement (one round trip, one commit and one WAL flush for all of them) instead of one
 * each. Each caller's promise resolves only once its batch is committed, so whatever the hub does
 * after it (acknowledge, fan out, hand to the bot) still follows a durable write. Per
 * conversation, messages keep their arrival order and gapless seqs; a batch that fails as a whole
 * (a clientMsgId raced in from another node, a conversation gone) is written again one message at
 * a time by `single`, which knows each error. A clientMsgId sent again before its first copy's
 * batch was taken shares that copy's entry. Appends that check an agent's load need their own
 * transaction and go straight to `single`.
 * @example
 * const batch = createMessageBatch(ctx, appendOne);
 * await batch.append(message); // stored with whatever else arrived meanwhile
 */
export function createMessageBatch(ctx: SqlContext, single: Append) {
  const byKey = new Map<string, Promise<AppendResult>>();
  const queue = createBatchQueue<Item, AppendResult>(
    async (items) => {
      for (const item of items) byKey.delete(keyOf(item.input) ?? '');
      if (items.length > 1) {
        const together = await writeTogether(ctx, items).catch(() => undefined);
        if (together)
          return together.map((result) =>
            result instanceof KefuError ? { error: result } : { value: result },
          );
      }
      return oneByOne(items, (item) => single(item.input, item.expect));
    },
    { max: MAX_BATCH },
  );

  return {
    append(input: NewMessage, expect?: ConversationExpectation): Promise<AppendResult> {
      if (expect?.agentLoad) return single(input, expect);
      const key = keyOf(input);
      const same = key === undefined ? undefined : byKey.get(key);
      // The first caller gets the result; a later one sent the same clientMsgId, so theirs is a duplicate.
      if (same) return same.then((result) => ({ ...result, duplicate: true }));
      const written = queue.push({ input, expect });
      if (key !== undefined) byKey.set(key, written);
      return written;
    },
    /** Resolves once every append made so far is written (at close). */
    idle: queue.idle,
  };
}

const keyOf = (m: NewMessage) =>
  m.clientMsgId === undefined ? undefined : JSON.stringify([m.conversationId, m.clientMsgId]);

interface BatchRow {
  ord: number;
  status: string | null;
  dup: MessageRow | null;
  seq: number | null;
}

/**
 * Stores `items` in one statement. Conversation rows are locked in id order (so two batches, on
 * one node or several, never deadlock); each message takes the next seq of its conversation in
 * the batch's order; an existing clientMsgId makes it a duplicate, an unmet expectation a
 * conflict, an unknown conversation not_found — as `appendMessage` one at a time would.
 */
async function writeTogether(ctx: SqlContext, items: Item[]): Promise<Array<AppendResult | KefuError>> {
  const { db, s } = ctx;
  const col = <T>(pick: (item: Item, i: number) => T) => items.map(pick);
  const { rows } = await db.query<BatchRow>(
    `WITH input AS (
       SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[],
                            $8::text[], $9::text[], $10::bool[], $11::int[])
         AS t(ord, conversation_id, id, client_msg_id, author, content, created_at,
              want_statuses, want_agent, want_no_agent, want_version)),
     c AS (
       SELECT id, last_seq, status, agent_id, version FROM ${s}.conversations
       WHERE id IN (SELECT conversation_id FROM input) ORDER BY id FOR UPDATE),
     dup AS (
       SELECT i.ord, ${MESSAGE_COLUMNS.split(', ')
         .map((column) => `m.${column}`)
         .join(', ')}
       FROM input i JOIN ${s}.messages m
         ON m.conversation_id = i.conversation_id AND m.client_msg_id = i.client_msg_id),
     ok AS (
       SELECT i.*, c.last_seq + row_number() OVER (PARTITION BY i.conversation_id ORDER BY i.ord) AS seq
       FROM input i JOIN c ON c.id = i.conversation_id
       WHERE NOT EXISTS (SELECT 1 FROM dup WHERE dup.ord = i.ord)
         AND (i.want_statuses IS NULL OR c.status = ANY(string_to_array(i.want_statuses, ',')))
         AND (NOT i.want_no_agent OR c.agent_id IS NULL)
         AND (i.want_agent IS NULL OR c.agent_id = i.want_agent)
         AND (i.want_version IS NULL OR c.version = i.want_version)),
     ins AS (
       INSERT INTO ${s}.messages (${MESSAGE_COLUMNS})
       SELECT conversation_id, seq, id, client_msg_id, author::json, content::json, created_at FROM ok),
     upd AS (
       UPDATE ${s}.conversations t
       SET last_seq = n.last_seq, updated_at = n.at, version = t.version + n.added
       FROM (SELECT conversation_id, max(seq) AS last_seq, max(created_at) AS at, count(*) AS added
             FROM ok GROUP BY conversation_id) n
       WHERE t.id = n.conversation_id)
     SELECT i.ord, c.status,
            (SELECT row_to_json(d) FROM (SELECT ${MESSAGE_COLUMNS} FROM dup WHERE dup.ord = i.ord) d) AS dup,
            ok.seq
     FROM input i LEFT JOIN c ON c.id = i.conversation_id LEFT JOIN ok ON ok.ord = i.ord
     ORDER BY i.ord`,
    [
      col((_, i) => i),
      col((it) => it.input.conversationId),
      col((it) => it.input.id),
      col((it) => it.input.clientMsgId ?? null),
      col((it) => json(it.input.author)),
      col((it) => json(it.input.content)),
      col((it) => it.input.createdAt),
      col((it) => (it.expect?.statuses ? it.expect.statuses.join(',') : null)),
      col((it) => (typeof it.expect?.agentId === 'string' ? it.expect.agentId : null)),
      col((it) => it.expect?.agentId === null),
      col((it) => it.expect?.version ?? null),
    ],
    { prepare: true },
  );
  return rows.map((row, i) => outcome(items[i]!.input, row));
}

function outcome(input: NewMessage, row: BatchRow): AppendResult | KefuError {
  if (row.status === null)
    return new KefuError('not_found', `conversation ${input.conversationId} does not exist`);
  const status = row.status as AppendResult['status'];
  if (row.dup) return { message: toMessage(row.dup), duplicate: true, status };
  if (row.seq === null)
    return new KefuError('conflict', `conversation ${input.conversationId} is ${row.status}`);
  const message = { ...input, seq: Number(row.seq) };
  if (input.clientMsgId === undefined) delete message.clientMsgId;
  return { message, duplicate: false, status };
}
