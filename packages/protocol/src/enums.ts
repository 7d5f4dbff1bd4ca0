// The protocol's enumerations as plain arrays, apart from the schemas that use them, so that a
// bundle can read them without zod (the widget).

export const AUTHOR_KINDS = ['shopper', 'bot', 'agent', 'system'] as const;

/** A conversation's statuses (see ConversationStatus). */
export const CONVERSATION_STATUSES = ['bot', 'queued', 'assigned', 'pending', 'ticket', 'closed'] as const;

export const TICKET_STATUSES = ['open', 'pending', 'resolved'] as const;
/** A ticket's deadlines: a first real update, a workaround the shopper can live with, the fix. */
export const TICKET_DEADLINE_KINDS = ['progress', 'workaround', 'resolution'] as const;

/** The service promises an SLA timer keeps (first reply, each next reply, resolution). */
export const SLA_METRICS = ['first_response', 'next_response', 'resolution'] as const;

/** An order's lifecycle, in the order it happens. */
export const ORDER_STATUSES = ['paid', 'shipped', 'in_transit', 'out_for_delivery', 'delivered'] as const;

export const SYSTEM_EVENTS = [
  'greeting',
  'queued',
  'agent_joined',
  'agent_left',
  'transferred',
  'closed',
  'reopened',
  'notice',
  'bot_unavailable',
] as const;

/** The media types of the images the hub stores and serves (its intake re-encodes to these). */
export const IMAGE_MEDIA_TYPES = [
  'image/jpeg',
  'image/webp',
  'image/png',
  'image/gif',
  'image/avif',
] as const;

/** What a client may say it understands in `hello.features`; the hub adapts what it sends. */
/**
 * `image`: reads image content. `status`: reads the hub's `status` frame (the agent's status chosen
 * on another of their connections).
 */
export const CLIENT_FEATURES = ['image', 'status'] as const;
