import { KefuError } from '@kefu/protocol';
import type { ConversationExpectation, EventRecord, NewMessage, Store } from '../store.ts';
import { eventColumns, insertEventsText } from './event-rows-insert.ts';
import {
  CONVERSATION_COLUMNS,
  type ConversationRow,
  json,
  MESSAGE_COLUMNS,
  type MessageRow,
  storedMessage,
  toConversation,
  toMessage,
} from './rows.ts';
import type { SqlContext } from './sql-context.ts';

export type AppendResult = Awaited<ReturnType<Store['appendMessage']>>;

/** One message to store. */
export interface MessageItem {
  input: NewMessage;
  expect: ConversationExpectation | undefined;
  /** False when the caller will not read the conversation (`Store.appendMessage`'s `want`). */
  wantConversation: boolean;
}

/** A message's outcome, with its conversation's row as the statement locked it (before the update). */
interface BatchRow extends Omit<ConversationRow, 'id' | 'updated_at'> {
  ord: number;
  status: string | null;
  dup: MessageRow | null;
  seq: number | string | null;
}

/** The statement's text, per schema: one text, so `pg` prepares it once per connection. */
const texts = new Map<string, string>();

/**
 * The batch statement for schema `s` (quoted). Its plan is made once per connection and kept: the
 * duplicate lookup is a lookup per message (LATERAL … LIMIT 1, which the planner cannot turn into a
 * join), not a join a plan made while the table was small runs as a hash join over every message
 * stored, for as long as the connection lives (no ANALYZE since, as with autovacuum off): that scan
 * cost 1 ms of server CPU per batch at 6,000 messages, and grew with the table. The batch's
 * conversations likewise, one lookup by key each, locked in id order (the lookups follow the
 * sorted ids): a semi-join with the input, or `id = ANY($2)`, ran as a sequential scan of every
 * conversation in such a plan.
 */
export function batchStatementText(s: string): string {
  const known = texts.get(s);
  if (known) return known;
  const made = `WITH input AS (
       SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[],
                            $8::text[], $9::text[], $10::bool[], $11::int[], $19::bool[])
         AS t(ord, conversation_id, id, client_msg_id, author, content, created_at,
              want_statuses, want_agent, want_no_agent, want_version, want_conversation)),
     c AS (
       SELECT x.* FROM (SELECT DISTINCT conversation_id FROM input ORDER BY conversation_id) k
       CROSS JOIN LATERAL (
         SELECT ${CONVERSATION_COLUMNS}, status, agent_id FROM ${s}.conversations
         WHERE id = k.conversation_id FOR UPDATE) x),
     dup AS (
       SELECT i.ord, ${MESSAGE_COLUMNS.split(', ')
         .map((column) => `m.${column}`)
         .join(', ')}
       FROM input i CROSS JOIN LATERAL (
         SELECT * FROM ${s}.messages x
         WHERE x.conversation_id = i.conversation_id AND x.client_msg_id = i.client_msg_id LIMIT 1) m),
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
       WHERE t.id = n.conversation_id),
     ev AS (
       ${insertEventsText(s, 12)})
     SELECT i.ord, c.status,
            (SELECT row_to_json(d) FROM (SELECT ${MESSAGE_COLUMNS} FROM dup WHERE dup.ord = i.ord) d) AS dup,
            ok.seq, c.site_key, c.shopper_id, CASE WHEN i.want_conversation THEN c.state END AS state,
            c.created_at, c.last_seq, c.shopper_read_seq, c.agent_read_seq,
            CASE WHEN i.want_conversation THEN c.page END AS page, c.locale, c.priority, c.queued_at, c.failed_bot_turns, c.version
     FROM input i LEFT JOIN c ON c.id = i.conversation_id LEFT JOIN ok ON ok.ord = i.ord
     ORDER BY i.ord`;
  texts.set(s, made);
  return made;
}

/**
 * Writes a batch's messages and events in one statement: one round trip and one commit for all
 * of them, atomic (it fails as a whole, writing nothing). Conversation
 * rows are locked in id order (so two batches, on one node or several, never deadlock); each
 * message takes the next seq of its conversation in the batch's order; an existing clientMsgId
 * makes it a duplicate, an unmet expectation a conflict, an unknown conversation not_found, as
 * `appendMessage` one at a time would. Events get `pos` in the order given. An event whose id is
 * stored already (the event log writing a batch again after a commit whose answer was lost) fails
 * the statement, and the group commit writes each part alone, where `insertEvents` skips it: no
 * `ON CONFLICT` here, as its probe of the id's index before every insert (on top of the insert's
 * own) and its speculative insertion cost 10–13 % of the server's CPU per batch
 * (`bench/pg-store-cost.ts`), paid on every message for a retry that follows only a failure.
 * Either list may be empty. Answers each message, in order: its result, or the error it alone met.
 */
export async function writeBatch(
  ctx: SqlContext,
  messages: readonly MessageItem[],
  events: readonly EventRecord[],
): Promise<Array<AppendResult | KefuError>> {
  const col = <T>(pick: (item: MessageItem, i: number) => T) => messages.map(pick);
  const { rows } = await ctx.db.query<BatchRow>(
    batchStatementText(ctx.s),
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
      ...eventColumns(events),
      col((it) => it.wantConversation),
    ],
    { prepare: true },
  );
  return rows.map((row, i) => messageOutcome(messages[i]!, row));
}

function messageOutcome({ input, wantConversation }: MessageItem, row: BatchRow): AppendResult | KefuError {
  if (row.status === null)
    return new KefuError('not_found', `conversation ${input.conversationId} does not exist`);
  const status = row.status as AppendResult['status'];
  if (row.dup) return { message: toMessage(row.dup), duplicate: true, status };
  if (row.seq === null)
    return new KefuError('conflict', `conversation ${input.conversationId} is ${row.status}`);
  const seq = Number(row.seq);
  const message = storedMessage(input, seq);
  // The bot's own posts do not read it: their rows come without its JSON (state, page), unparsed.
  if (!wantConversation) return { message, duplicate: false, status };
  // The row as this message left it: each message of the batch bumped seq and version by one.
  // Changed in place (the driver's row is this message's alone), not spread into a copy.
  const r = row as unknown as ConversationRow;
  r.version = Number(row.version) + seq - Number(row.last_seq);
  r.id = input.conversationId;
  r.updated_at = input.createdAt;
  r.last_seq = seq;
  return { message, duplicate: false, status, conversation: toConversation(r) };
}
