import { Message, Order, OrderContent, QuickRepliesContent, TextContent } from '@kefu/protocol';
import * as z from 'zod';
import { MAX_KEY_CHARS, type NotifyRefusal } from '../../proactive/notify.ts';
import type { OrderEventOutcome } from '../../proactive/order-events.ts';
import { OrderEventDetail, OrderEventSchema } from '../../proactive/order-events.ts';
import { HttpError } from '../api-error.ts';
import { defineRoute } from '../route.ts';
import { ShopperRefBody, shopperRef } from '../schemas.ts';

// Messages the shop starts (docs/proactive.md): notifications, the opt-out, order events by key
// and, signed instead of keyed, straight from the merchant's order system.

const V1 = '/api/v1';
const tag = 'proactive';

const NotifyBody = z
  .object({
    shopper: ShopperRefBody,
    content: z.discriminatedUnion('kind', [TextContent, QuickRepliesContent, OrderContent]),
    orderId: z.optional(Order.shape.id).meta({
      description:
        'The order it is about: while the bot has the conversation its context takes it, so a reply is about it; a conversation people handle keeps its own',
    }),
    dedupeKey: z.string().min(1).max(MAX_KEY_CHARS).optional().meta({
      description:
        'The same key twice sends one message: the repeat answers 201 as the first did, with duplicate: true, the same conversationId and no messages (nothing was sent again)',
    }),
  })
  .strict();

const OrderEventBody = z
  .object({
    ...OrderEventSchema.shape,
    // Strict here too: a misspelt field from the order system must not pass unseen.
    detail: z.strictObject(OrderEventDetail.shape).optional(),
    shopper: ShopperRefBody,
  })
  .strict()
  .meta({ id: 'OrderEvent' });

const OrderEventResult = z
  .object({
    duplicate: z.boolean().meta({ description: 'The event id was applied before: nothing happened' }),
    notified: z.array(z.string()).meta({ description: 'Steps the shopper was told about' }),
    exceptions: z.array(z.string()).meta({
      description:
        'Exceptions this event raised (apology sent, L3 ticket opened), including a time-based check it made due at once (a paid event older than the not-shipped hours: not_shipped)',
    }),
  })
  .meta({ id: 'OrderEventResult' });

/** A refused notification as HTTP: a rate limit says when to come back. */
function refusalError(refusal: NotifyRefusal, now: number): Error {
  if (refusal.code !== 'rate_limited' || refusal.retryAt === undefined) return refusal;
  const seconds = Math.max(1, Math.ceil((refusal.retryAt - now) / 1000));
  return new HttpError(429, 'rate_limited', refusal.message, { 'retry-after': String(seconds) });
}

function orderEventResult(outcome: OrderEventOutcome): z.input<typeof OrderEventResult> {
  if (!outcome.ok) throw outcome.error;
  return { duplicate: outcome.duplicate, notified: outcome.notified, exceptions: outcome.exceptions };
}

const orderEventSummary =
  'Apply an event from the order system by the hub’s order rules (notify, raise exceptions, open L3 tickets); idempotent by event id, tolerates events out of order';

export const proactiveRoutes = [
  defineRoute({
    method: 'POST',
    path: `${V1}/notifications`,
    scope: 'write',
    tag,
    summary:
      'Send a message from the shop to a shopper who may not be chatting (no agent queue opens); a repeated dedupeKey answers 201 with duplicate: true; 409 conflict for a userId on a site without identitySecret (no shopper could sign in to read it)',
    body: NotifyBody,
    status: 201,
    errors: [403, 404, 409, 429],
    response: z.object({ conversationId: z.string(), duplicate: z.boolean(), messages: z.array(Message) }),
    async handle({ body, proactive, now }) {
      const outcome = await proactive.notify(shopperRef(body.shopper), body.content, {
        ...(body.orderId === undefined ? {} : { orderId: body.orderId }),
        ...(body.dedupeKey === undefined ? {} : { dedupeKey: body.dedupeKey }),
      });
      if (!outcome.ok) throw refusalError(outcome.error, now());
      // An idempotent repeat answers as the first request did (201), as a repeated message does.
      return {
        conversationId: outcome.conversationId,
        duplicate: outcome.duplicate,
        messages: outcome.messages,
      };
    },
  }),
  defineRoute({
    method: 'PUT',
    path: `${V1}/shoppers/notification-opt-out`,
    scope: 'write',
    tag,
    summary: 'Opt a shopper out of notifications (optedOut: true) or back in; it holds on every node',
    body: z.object({ shopper: ShopperRefBody, optedOut: z.boolean() }).strict(),
    errors: [404],
    response: z.object({ optedOut: z.boolean() }),
    async handle({ body, proactive }) {
      await proactive.setNotificationOptOut(shopperRef(body.shopper), body.optedOut);
      return { optedOut: body.optedOut };
    },
  }),
  defineRoute({
    method: 'POST',
    path: `${V1}/order-events`,
    scope: 'write',
    tag,
    summary: orderEventSummary,
    body: OrderEventBody,
    errors: [404, 409],
    response: OrderEventResult,
    handle: async ({ body: { shopper, ...event }, proactive }) =>
      orderEventResult(await proactive.orderEvent({ ...event, shopper: shopperRef(shopper) })),
  }),
  defineRoute({
    method: 'POST',
    path: `${V1}/inbound/order-events`,
    scope: null,
    signed: true,
    // An order event is a few KB; this is read before the signature says who sent it.
    maxBodyBytes: 64 * 1024,
    tag,
    summary: `${orderEventSummary}. For the order system itself: no API key, but a Kefu-Signature made with http.inboundSecret over the raw body, as webhooks are signed`,
    body: OrderEventBody,
    errors: [404, 409],
    response: OrderEventResult,
    handle: async ({ body: { shopper, ...event }, proactive }) =>
      orderEventResult(await proactive.orderEvent({ ...event, shopper: shopperRef(shopper) })),
  }),
];
