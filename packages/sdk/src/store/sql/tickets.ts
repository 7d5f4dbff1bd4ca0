import { KefuError } from '@kefu/protocol';
import { type Store, ticketTimerKey } from '../store.ts';
import { type TicketRow, ticketColumns, toTicket } from './rows.ts';
import type { SqlQuery } from './sql-client.ts';
import type { SqlContext } from './sql-context.ts';
import { upsertTimer } from './timers.ts';

/** Writes a whole ticket: `$1` is its id, `$2`–`$6` are {@link ticketColumns}. */
export const TICKET_SET =
  'conversation_id = $2, status = $3, assignee_id = $4, created_at = $5, ticket = $6::text::json, version = version + 1';

type TicketMethods = Pick<Store, 'createTicket' | 'updateTicket' | 'getTicket' | 'listTickets'>;

/** Tickets, each written together with its timer in one transaction. */
export function sqlTickets({ db, s }: SqlContext): TicketMethods {
  /** The ticket's timer follows its `dueAt`: kind `ticket`, no data, gone when null. */
  const setTicketTimer = async (q: SqlQuery, ticketId: string, dueAt: number | null) => {
    const key = ticketTimerKey(ticketId);
    if (dueAt === null) await q.query(`DELETE FROM ${s}.timers WHERE key = $1`, [key]);
    else await upsertTimer(s, q, { key, kind: 'ticket', dueAt, data: {} });
  };

  return {
    async createTicket(ticket, dueAt) {
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<TicketRow>(
          `INSERT INTO ${s}.tickets (id, conversation_id, status, assignee_id, created_at, ticket)
           VALUES ($1, $2, $3, $4, $5, $6::text::json) ON CONFLICT (id) DO NOTHING RETURNING ticket, version`,
          [ticket.id, ...ticketColumns(ticket)],
        );
        if (!rows[0]) throw new KefuError('conflict', `ticket ${ticket.id} exists`);
        await setTicketTimer(tx, ticket.id, dueAt);
        return toTicket(rows[0]);
      });
    },

    async updateTicket(ticket, dueAt) {
      return db.transaction(async (tx) => {
        // The version check is in the statement, so of racing updates at one version one wins.
        const { rows } = await tx.query<TicketRow>(
          `UPDATE ${s}.tickets SET ${TICKET_SET} WHERE id = $1 AND version = $7 RETURNING ticket, version`,
          [ticket.id, ...ticketColumns(ticket), ticket.version],
        );
        if (!rows[0]) return null;
        await setTicketTimer(tx, ticket.id, dueAt);
        return toTicket(rows[0]);
      });
    },

    async getTicket(id) {
      const { rows } = await db.query<TicketRow>(`SELECT ticket, version FROM ${s}.tickets WHERE id = $1`, [
        id,
      ]);
      return rows[0] ? toTicket(rows[0]) : null;
    },

    async listTickets({ statuses, assigneeId, conversationId, afterId, limit }) {
      const params: unknown[] = [];
      let where = 'TRUE';
      const add = (sql: string, value: unknown) => {
        params.push(value);
        where += ` AND ${sql.replace('?', `$${params.length}`)}`;
      };
      if (statuses !== undefined) add('status = ANY(?::text[])', [...statuses]);
      if (assigneeId !== undefined) add('assignee_id = ?', assigneeId);
      if (conversationId !== undefined) add('conversation_id = ?', conversationId);
      // Keyset paging along tickets_created (created_at, pos); no row for the id compares as null,
      // so an unknown cursor lists nothing.
      if (afterId !== undefined)
        add(`(created_at, pos) > (SELECT created_at, pos FROM ${s}.tickets WHERE id = ?)`, afterId);
      let tail = '';
      if (limit !== undefined) {
        params.push(limit);
        tail = ` LIMIT $${params.length}`;
      }
      const { rows } = await db.query<TicketRow>(
        `SELECT ticket, version FROM ${s}.tickets WHERE ${where} ORDER BY created_at, pos${tail}`,
        params,
      );
      return rows.map(toTicket);
    },
  };
}
