import * as z from 'zod';
import { defineRoute } from '../route.ts';
import { queryInt, TicketView } from '../schemas.ts';
import { apiActor } from './conversation-routes.ts';

const V1 = '/api/v1';
const tag = 'tickets';

export const ticketRoutes = [
  defineRoute({
    method: 'GET',
    path: `${V1}/tickets`,
    scope: 'read',
    tag,
    summary: 'List tickets, oldest first, a page at a time',
    query: z
      .object({
        status: z
          .string()
          .transform((s) => s.split(','))
          .pipe(z.array(z.enum(['open', 'pending', 'resolved'])))
          .optional(),
        assignee: z.string().optional(),
        conversation: z.string().optional(),
        limit: queryInt((n) => n.min(1).max(200).default(50)),
        cursor: z.string().max(200).optional(),
      })
      .strict(),
    response: z.object({ items: z.array(TicketView), next: z.string().nullable() }),
    handle: ({ query, admin }) =>
      admin.conversations.listTickets({
        ...(query.status ? { statuses: query.status } : {}),
        ...(query.assignee === undefined ? {} : { assigneeId: query.assignee }),
        ...(query.conversation === undefined ? {} : { conversationId: query.conversation }),
        ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
        limit: query.limit,
      }),
  }),
  defineRoute({
    method: 'POST',
    path: `${V1}/tickets`,
    scope: 'write',
    tag,
    summary: 'Open a ticket on a conversation (one open ticket per conversation)',
    body: z
      .object({ conversationId: z.string().min(1).max(100), title: z.string().trim().min(1).max(200) })
      .strict(),
    status: 201,
    errors: [404, 409],
    response: TicketView,
    handle: ({ body, key, admin }) => admin.conversations.createTicket(body, apiActor(key)),
  }),
  defineRoute({
    method: 'PATCH',
    path: `${V1}/tickets/{id}`,
    scope: 'write',
    tag,
    summary: 'Move a ticket on: a progress update, a workaround, or resolved',
    params: z.object({ id: z.string().min(1).max(100) }).strict(),
    body: z
      .object({
        action: z.enum(['progress', 'workaround', 'resolve']),
        note: z.string().trim().min(1).max(1000).optional(),
      })
      .strict(),
    errors: [404, 409],
    response: TicketView,
    handle: ({ params, body, key, admin }) =>
      admin.conversations.updateTicket(params.id, body, apiActor(key)),
  }),
];
