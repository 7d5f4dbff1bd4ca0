import type { ConversationStatus, Message } from '@kefu/protocol';
import type { Ticket, TicketDeadline } from './tickets.ts';

/** The `data` of each webhook event type: what a receiver gets in `{ id, type, createdAt, data }`. */
export interface WebhookEventData {
  'conversation.created': { conversationId: string; siteKey: string; shopperId: string };
  'conversation.escalated': {
    conversationId: string;
    group: string;
    priority: number;
    reason: string;
    /** True when nobody could take it now and it became a ticket. */
    ticket: boolean;
  };
  'conversation.assigned': {
    conversationId: string;
    agent: { id: string; name: string };
    group?: string;
    /** How long it waited in the queue since first queued; none for a transfer from agent to agent. */
    waitedMs?: number;
  };
  'conversation.closed': {
    conversationId: string;
    /** The status it was closed from. */
    from: ConversationStatus;
    reason: string;
    agentId?: string;
    group?: string;
  };
  'message.created': { conversationId: string; message: Message };
  'ticket.created': { ticket: Ticket };
  'ticket.updated': { ticket: Ticket };
  'ticket.overdue': { ticket: Ticket; deadline: TicketDeadline };
  'csat.submitted': {
    conversationId: string;
    rating: number;
    comment?: string;
    agentId?: string;
    group?: string;
  };
  'sla.breached': {
    conversationId: string;
    metric: 'first_response' | 'next_response' | 'resolution';
    group?: string;
    startedAt: number;
    dueAt: number;
    breachedAt: number;
  };
}

export type WebhookEventType = keyof WebhookEventData;

/**
 * The JSON body of a delivery (what `verifyWebhook` checked), one member per event type, so
 * narrowing on `type` types `data`.
 * @example
 * const event = JSON.parse(body.toString('utf8')) as WebhookEvent;
 * if (event.type === 'conversation.closed') await crm.closeCase(event.data.conversationId, event.data.reason);
 */
export type WebhookEvent<T extends WebhookEventType = WebhookEventType> = {
  [K in T]: { id: string; type: K; createdAt: number; data: WebhookEventData[K] };
}[T];

/** Every event a subscription may ask for. */
export const WEBHOOK_EVENT_TYPES = [
  'conversation.created',
  'conversation.escalated',
  'conversation.assigned',
  'conversation.closed',
  'message.created',
  'ticket.created',
  'ticket.updated',
  'ticket.overdue',
  'csat.submitted',
  'sla.breached',
] as const satisfies readonly WebhookEventType[];

/**
 * Where the hub records webhook events: the durable outbox. `record` resolves once the event is
 * stored (so callers await it before they report what happened); `wants` is synchronous, so a hot
 * path with no subscriber for its event pays nothing.
 */
export interface WebhookRecorder {
  wants(type: WebhookEventType): boolean;
  /**
   * Stores the event for every subscription that wants it. `id` makes a retried record one event
   * (a timer that fires again after its node died); a random one is used when absent.
   */
  record<T extends WebhookEventType>(type: T, data: WebhookEventData[T], id?: string): Promise<void>;
}

/** Records nothing: for a hub without webhooks, and for tests of code that takes a recorder. */
export const noWebhooks: WebhookRecorder = {
  wants: () => false,
  record: async () => {},
};
