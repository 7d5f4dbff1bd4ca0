import { KefuError } from '@kefu/protocol';
import { eraseEventData } from '../erase-event.ts';
import { eraseState } from '../erase-state.ts';
import { eraseTicket } from '../erase-ticket.ts';
import { ERASED_TEXT, type Store } from '../store.ts';
import {
  CONVERSATION_COLUMNS,
  type ConversationRow,
  type EventRow,
  json,
  type TicketRow,
  ticketColumns,
  toConversation,
  toTicket,
} from './rows.ts';
import type { SqlContext } from './sql-context.ts';
import { TICKET_SET } from './tickets.ts';

/** Forgetting a shopper: erasing what a conversation says about them, finding and deleting profiles. */
export function sqlPrivacy({
  db,
  s,
}: SqlContext): Pick<Store, 'eraseConversation' | 'listStaleShoppers' | 'deleteShopper'> {
  return {
    async eraseConversation(id, anonymousId) {
      await db.transaction(async (tx) => {
        const { rows } = await tx.query<ConversationRow>(
          `SELECT ${CONVERSATION_COLUMNS} FROM ${s}.conversations WHERE id = $1 FOR UPDATE`,
          [id],
        );
        if (!rows[0]) throw new KefuError('not_found', `conversation ${id} does not exist`);
        const c = toConversation(rows[0]);
        const erased = json({ kind: 'system', event: 'notice', text: ERASED_TEXT });
        await tx.query(
          `UPDATE ${s}.messages SET content = $2::text::json,
             author = CASE WHEN author->>'kind' = 'shopper' THEN $3::text::json ELSE author END
           WHERE conversation_id = $1`,
          [id, erased, json({ kind: 'shopper', id: anonymousId })],
        );
        await tx.query(`DELETE FROM ${s}.notes WHERE conversation_id = $1`, [id]);
        // Webhook bodies quote the conversation (messages, CSAT comments): its deliveries go, sent or not.
        await tx.query(`DELETE FROM ${s}.webhook_deliveries WHERE conversation_id = $1`, [id]);
        // The shopper's question in their words: a proposal made from it is no longer shown.
        await tx.query(`DELETE FROM ${s}.learned_questions WHERE conversation_id = $1`, [id]);
        await tx.query(
          `UPDATE ${s}.conversations SET shopper_id = $2, page = NULL, state = $3::text::json, version = version + 1
           WHERE id = $1`,
          [id, anonymousId, json(eraseState(c.state))],
        );
        const events = await tx.query<Pick<EventRow, 'id' | 'data'>>(
          `SELECT id, data FROM ${s}.events WHERE conversation_id = $1 FOR UPDATE`,
          [id],
        );
        for (const row of events.rows) {
          const data = eraseEventData(row.data ?? undefined);
          if (!data) continue;
          await tx.query(
            `UPDATE ${s}.events SET data = $3::text::json WHERE conversation_id = $1 AND id = $2`,
            [id, row.id, json(data)],
          );
        }
        const tickets = await tx.query<TicketRow>(
          `SELECT ticket, version FROM ${s}.tickets WHERE conversation_id = $1 FOR UPDATE`,
          [id],
        );
        for (const row of tickets.rows) {
          const erased = eraseTicket(toTicket(row), anonymousId);
          await tx.query(`UPDATE ${s}.tickets SET ${TICKET_SET} WHERE id = $1`, [
            erased.id,
            ...ticketColumns(erased),
          ]);
        }
      });
    },

    async listStaleShoppers({ updatedBefore, after, limit }) {
      // Walks the primary key from the cursor, not an index on updated_at: every hello writes
      // updated_at, and indexing it would cost each of those writes its HOT update, to save a
      // retention pass (hourly) one read of the table. Keys only: nothing personal is read.
      // Two statements, not `$2 IS NULL OR …`: the row comparison must be the index scan's start.
      const { rows } = await db.query<{ site_key: string; id: string }>(
        after
          ? `SELECT site_key, id FROM ${s}.shoppers WHERE (site_key, id) > ($3, $4) AND updated_at < $1
             ORDER BY site_key, id LIMIT $2`
          : `SELECT site_key, id FROM ${s}.shoppers WHERE updated_at < $1 ORDER BY site_key, id LIMIT $2`,
        after
          ? [updatedBefore, Math.max(0, limit), after.siteKey, after.id]
          : [updatedBefore, Math.max(0, limit)],
      );
      return rows.map((r) => ({ siteKey: r.site_key, id: r.id }));
    },

    async deleteShopper(siteKey, id, updatedBefore) {
      const { rows } = await db.query(
        `DELETE FROM ${s}.shoppers WHERE site_key = $1 AND id = $2 AND ($3::bigint IS NULL OR updated_at < $3)
         RETURNING id`,
        [siteKey, id, updatedBefore ?? null],
      );
      return rows.length > 0;
    },
  };
}
