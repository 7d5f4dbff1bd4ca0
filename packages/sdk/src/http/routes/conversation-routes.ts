import { AgentContent, ConversationStatus, Message, Note } from '@kefu/protocol';
import * as z from 'zod';
import type { AdminActor } from '../../conversation/back-office.ts';
import type { ApiKeyInfo } from '../../hub/api-keys.ts';
import { defineRoute } from '../route.ts';
import { ConversationView, queryInt, queryTime } from '../schemas.ts';

const V1 = '/api/v1';
const tag = 'conversations';
const ById = z.object({ id: z.string().min(1).max(100) }).strict();

/** Who an API call acts as: the key, named so tickets and close reasons say which integration did it. */
export const apiActor = (key: ApiKeyInfo | null): AdminActor => ({
  kind: 'system',
  id: `api:${key?.id ?? 'anonymous'}`,
  name: key?.name ?? 'API',
});

export const conversationRoutes = [
  defineRoute({
    method: 'GET',
    path: `${V1}/conversations`,
    scope: 'read',
    tag,
    summary: 'List conversations, oldest first, a page at a time',
    query: z
      .object({
        status: z
          .string()
          .transform((s) => s.split(','))
          .pipe(z.array(ConversationStatus))
          .optional()
          .meta({ description: 'Comma-separated statuses, e.g. `queued,assigned`' }),
        site: z.string().optional(),
        agent: z.string().optional(),
        group: z.string().optional(),
        updatedSince: queryTime((n) => n.min(0).optional()).meta({ description: 'Unix ms' }),
        limit: queryInt((n) => n.min(1).max(200).default(50)),
        cursor: z.string().max(200).optional(),
      })
      .strict(),
    response: z.object({ items: z.array(ConversationView), next: z.string().nullable() }),
    async handle({ query, admin }) {
      const page = await admin.conversations.list({
        ...(query.status ? { statuses: query.status } : {}),
        ...(query.site === undefined ? {} : { siteKey: query.site }),
        ...(query.agent === undefined ? {} : { agentId: query.agent }),
        ...(query.group === undefined ? {} : { group: query.group }),
        ...(query.updatedSince === undefined ? {} : { updatedSince: query.updatedSince }),
        ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
        limit: query.limit,
      });
      return { items: page.items, next: page.next };
    },
  }),
  defineRoute({
    method: 'GET',
    path: `${V1}/conversations/{id}`,
    errors: [404],
    scope: 'read',
    tag,
    summary: 'One conversation',
    params: ById,
    response: ConversationView,
    handle: ({ params, admin }) => admin.conversations.get(params.id),
  }),
  defineRoute({
    method: 'GET',
    path: `${V1}/conversations/{id}/transcript`,
    errors: [404],
    scope: 'read',
    tag,
    summary: 'Messages in seq order (after `afterSeq`), and the internal notes',
    params: ById,
    query: z
      .object({
        afterSeq: queryInt((n) => n.min(0).default(0)),
        limit: queryInt((n) => n.min(1).max(500).default(200)),
      })
      .strict(),
    response: z.object({ messages: z.array(Message), notes: z.array(Note) }),
    handle: ({ params, query, admin }) => admin.conversations.transcript(params.id, query),
  }),
  defineRoute({
    method: 'POST',
    path: `${V1}/conversations/{id}/messages`,
    scope: 'write',
    tag,
    summary: 'Post a message as the bot or as an agent who owns the conversation',
    params: ById,
    body: z
      .object({
        author: z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('bot') }).strict(),
          z.object({ kind: z.literal('agent'), agentId: z.string().min(1).max(100) }).strict(),
        ]),
        content: AgentContent,
        clientMsgId: z.string().min(1).max(40).optional().meta({ description: 'Makes a retry a no-op' }),
      })
      .strict(),
    status: 201,
    errors: [404, 409],
    response: z.object({ message: Message, duplicate: z.boolean() }),
    handle: ({ params, body, admin }) => admin.conversations.post(params.id, body),
  }),
  defineRoute({
    method: 'POST',
    path: `${V1}/conversations/{id}/close`,
    scope: 'write',
    tag,
    summary:
      'Close a conversation; closing a closed one is a no-op that answers 200 with it as it is (its first resolution kept). 409 when it changed meanwhile',
    params: ById,
    body: z.object({ resolution: z.string().trim().min(1).max(500).optional() }).strict(),
    errors: [404, 409],
    response: ConversationView,
    handle: ({ params, body, key, admin }) =>
      admin.conversations.close(params.id, apiActor(key), body.resolution),
  }),
  defineRoute({
    method: 'PUT',
    path: `${V1}/conversations/{id}/tags`,
    errors: [404],
    scope: 'write',
    tag,
    summary: "Replace a conversation's tags",
    params: ById,
    body: z.object({ tags: z.array(z.string().max(50)).max(50) }).strict(),
    response: z.object({ tags: z.array(z.string()) }),
    handle: async ({ params, body, admin }) => ({
      tags: await admin.conversations.setTags(params.id, body.tags),
    }),
  }),
];
