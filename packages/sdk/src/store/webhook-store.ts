/** A merchant's endpoint and the events it wants. The secret signs every delivery to it. */
export interface WebhookSubscription {
  id: string;
  url: string;
  /** Event type names (see `WEBHOOK_EVENT_TYPES`). */
  events: string[];
  secret: string;
  createdAt: number;
}

/** One event, as the outbox takes it: fanned out to every subscription that wants its type. */
export interface WebhookEventRecord {
  /** Unique per event; a second record with the same id is ignored (so a retried write is one event). */
  id: string;
  type: string;
  createdAt: number;
  /** The exact JSON body POSTed: `{ id, type, createdAt, data }`. */
  body: string;
  /** The conversation it is about, if any: erasing the conversation deletes its deliveries. */
  conversationId?: string;
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'dead';

/** One event on its way to one subscription: the outbox row and the delivery log's line. */
export interface WebhookDelivery {
  /** `${eventId}~${subscriptionId}`: an event goes to a subscription once. */
  id: string;
  subscriptionId: string;
  eventId: string;
  eventType: string;
  body: string;
  createdAt: number;
  status: WebhookDeliveryStatus;
  /** When the next attempt is due (pending only). */
  nextAt: number | null;
  /** Retries stop this long after `retryFrom` (the event's creation, or its redelivery). */
  retryFrom: number;
  attempts: number;
  lastStatusCode?: number;
  lastError?: string;
  lastDurationMs?: number;
  /** The node holding the delivery and until when (absent when nobody does). */
  leaseOwner?: string;
  leaseUntil?: number;
}

/** A claimed delivery with where it goes and how it is signed. */
export interface ClaimedWebhookDelivery extends WebhookDelivery {
  url: string;
  secret: string;
}

/** One HTTP attempt of a delivery. */
export interface WebhookAttempt {
  deliveryId: string;
  at: number;
  /** HTTP status, absent when no response came (timeout, refused, reset). */
  statusCode?: number;
  error?: string;
  durationMs: number;
}

/** What follows an attempt: another one at `nextAt`, or the delivery is done either way. */
export type WebhookOutcome = { status: 'pending'; nextAt: number } | { status: 'delivered' | 'dead' };

/**
 * How much of one claim a subscription may take: `held` counts the attempts each subscription
 * already has in flight on the claiming node, and none ends up with more than `perSubscription`.
 */
export interface WebhookClaimShare {
  perSubscription: number;
  held: ReadonlyMap<string, number>;
}

export interface WebhookDeliveryFilter {
  subscriptionId?: string;
  status?: WebhookDeliveryStatus;
  /** Newest first; default 100. */
  limit?: number;
}

/**
 * The webhook outbox, part of every Store: subscriptions, one row per event and subscription, and
 * the log of attempts. Rows are written before the hub reports the event and removed only by
 * removing their subscription, so an event recorded is delivered across restarts (SQL stores).
 */
export interface WebhookStore {
  putWebhookSubscription(subscription: WebhookSubscription): Promise<void>;
  /** Oldest first. */
  listWebhookSubscriptions(): Promise<WebhookSubscription[]>;
  /** Deletes the subscription and its deliveries; false when there was none. */
  deleteWebhookSubscription(id: string): Promise<boolean>;
  /**
   * Stores one pending delivery, due at once, per event and subscription whose `events` list the
   * event's type, in one statement; an event id stored before adds nothing. Returns how many were added.
   */
  enqueueWebhookEvents(events: readonly WebhookEventRecord[]): Promise<number>;
  /**
   * Claims up to `limit` pending deliveries due by `now` that nobody holds (or whose claim
   * expired before `now`), soonest first, for `owner` until `now + leaseMs`. Concurrent claims on
   * any number of nodes never return the same delivery while its claim holds. With `share`, each
   * subscription gets at most its share (soonest first within it), so one receiver's backlog cannot
   * take the whole claim.
   */
  claimWebhookDeliveries(
    now: number,
    owner: string,
    leaseMs: number,
    limit: number,
    share?: WebhookClaimShare,
  ): Promise<ClaimedWebhookDelivery[]>;
  /**
   * Logs attempts and sets what follows each, in one statement (a worker records its whole
   * batch at once), for the deliveries `owner` still holds; returns their ids. One it no longer
   * holds (its claim expired and another node took it, or it was removed) is left alone.
   */
  recordWebhookAttempts(
    owner: string,
    results: readonly { attempt: WebhookAttempt; outcome: WebhookOutcome }[],
  ): Promise<string[]>;
  /** Newest first. */
  listWebhookDeliveries(filter: WebhookDeliveryFilter): Promise<WebhookDelivery[]>;
  getWebhookDelivery(id: string): Promise<WebhookDelivery | null>;
  /** Oldest first. */
  listWebhookAttempts(deliveryId: string): Promise<WebhookAttempt[]>;
  /**
   * Deletes delivered and dead deliveries (with their attempts) whose event, or last redelivery,
   * is older than `before`, so the log does not grow without end. Returns how many.
   */
  pruneWebhookDeliveries(before: number): Promise<number>;
  /** Makes a delivery pending and due at `now` with a fresh retry window; null when it does not exist. */
  redeliverWebhook(id: string, now: number): Promise<WebhookDelivery | null>;
}

/** The delivery id of an event for a subscription. */
export const webhookDeliveryId = (eventId: string, subscriptionId: string): string =>
  `${eventId}~${subscriptionId}`;
