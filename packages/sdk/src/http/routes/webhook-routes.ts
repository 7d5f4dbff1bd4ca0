import * as z from 'zod';
import { WEBHOOK_EVENT_TYPES } from '../../seams/webhook-events.ts';
import { defineRoute } from '../route.ts';
import { queryInt } from '../schemas.ts';

const V1 = '/api/v1';
const tag = 'webhooks';

const Subscription = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  createdAt: z.number(),
});

const Delivery = z.object({
  id: z.string(),
  subscriptionId: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  /** The exact JSON body that is (or was) POSTed and signed. */
  body: z.string(),
  createdAt: z.number(),
  status: z.enum(['pending', 'delivered', 'dead']),
  nextAt: z.number().nullable(),
  retryFrom: z.number(),
  attempts: z.number(),
  lastStatusCode: z.number().optional(),
  lastError: z.string().optional(),
  lastDurationMs: z.number().optional(),
});

const DeliveryId = z.object({ id: z.string().min(1).max(300) }).strict();

// Subscriptions carry secrets and decide where the shop's data goes: all of it needs `admin`.
export const webhookRoutes = [
  defineRoute({
    method: 'GET',
    path: `${V1}/webhooks`,
    scope: 'admin',
    tag,
    summary: 'List webhook subscriptions, oldest first (secrets are shown once, at creation)',
    response: z.object({ items: z.array(Subscription) }),
    handle: async ({ admin }) => ({ items: await admin.webhooks.list() }),
  }),
  defineRoute({
    method: 'POST',
    path: `${V1}/webhooks`,
    scope: 'admin',
    tag,
    summary:
      'Subscribe a URL to events. The URL must be http(s) and resolve to public addresses only, not to the hub; without a secret one is made. The answer is the only time the secret is shown. One subscription per URL: a URL that already has one gets 409 conflict naming its id (remove it first to change events or secret).',
    body: z
      .object({
        url: z.string().min(1).max(2000),
        events: z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1),
        secret: z.string().min(16).max(200).optional(),
      })
      .strict(),
    status: 201,
    errors: [403, 409],
    response: Subscription.extend({ secret: z.string() }),
    handle: ({ body, admin }) =>
      admin.webhooks.subscribe({
        url: body.url,
        events: body.events,
        ...(body.secret && { secret: body.secret }),
      }),
  }),
  defineRoute({
    method: 'DELETE',
    path: `${V1}/webhooks/{id}`,
    scope: 'admin',
    tag,
    summary: 'Remove a subscription and its deliveries (pending ones are not sent)',
    params: z.object({ id: z.string().min(1).max(100) }).strict(),
    errors: [404],
    response: z.object({ removed: z.literal(true) }),
    handle: async ({ params, admin }) => {
      await admin.webhooks.remove(params.id);
      return { removed: true as const };
    },
  }),
  defineRoute({
    method: 'GET',
    path: `${V1}/webhook-deliveries`,
    scope: 'admin',
    tag,
    summary: 'The delivery log, newest first: status, attempts, last status code, error and duration',
    query: z
      .object({
        subscription: z.string().min(1).max(100).optional(),
        status: z.enum(['pending', 'delivered', 'dead']).optional(),
        limit: queryInt((n) => n.min(1).max(1000).optional()),
      })
      .strict(),
    response: z.object({ items: z.array(Delivery) }),
    handle: async ({ query, admin }) => ({
      items: await admin.webhooks.deliveries({
        ...(query.subscription && { subscriptionId: query.subscription }),
        ...(query.status && { status: query.status }),
        ...(query.limit && { limit: query.limit }),
      }),
    }),
  }),
  defineRoute({
    method: 'GET',
    path: `${V1}/webhook-deliveries/{id}/attempts`,
    scope: 'admin',
    tag,
    summary: 'Every attempt of one delivery, oldest first',
    params: DeliveryId,
    errors: [404],
    response: z.object({
      items: z.array(
        z.object({
          deliveryId: z.string(),
          at: z.number(),
          statusCode: z.number().optional(),
          error: z.string().optional(),
          durationMs: z.number(),
        }),
      ),
    }),
    handle: async ({ params, admin }) => ({ items: await admin.webhooks.attempts(params.id) }),
  }),
  defineRoute({
    method: 'POST',
    path: `${V1}/webhook-deliveries/{id}/redeliver`,
    scope: 'admin',
    tag,
    summary:
      'Send a delivery again now (dead or delivered alike), with the same event id and a new retry window',
    params: DeliveryId,
    errors: [404],
    response: Delivery,
    handle: ({ params, admin }) => admin.webhooks.redeliver(params.id),
  }),
];
