import {
  type ClaimedWebhookDelivery,
  type WebhookAttempt,
  type WebhookDelivery,
  type WebhookStore,
  type WebhookSubscription,
  webhookDeliveryId,
} from './webhook-store.ts';

/**
 * The webhook outbox of the memory store. Like the rest of it, it is lost with the process: only
 * the SQL stores deliver across a restart. `forgetConversation` is erasure's part.
 * @example
 * const webhooks = memoryWebhooks();
 * const store = { ...webhooks.store, ...otherParts };
 */
export function memoryWebhooks(): { store: WebhookStore; forgetConversation(id: string): void } {
  const subscriptions = new Map<string, WebhookSubscription>();
  // Map order is insertion order: the delivery log's order.
  const deliveries = new Map<string, WebhookDelivery>();
  const attempts = new Map<string, WebhookAttempt[]>();
  const conversationOf = new Map<string, string>();
  const copySub = (s: WebhookSubscription): WebhookSubscription => ({ ...s, events: [...s.events] });

  const drop = (id: string) => {
    deliveries.delete(id);
    attempts.delete(id);
    conversationOf.delete(id);
  };
  const store: WebhookStore = {
    async putWebhookSubscription(subscription) {
      subscriptions.set(subscription.id, copySub(subscription));
    },
    async listWebhookSubscriptions() {
      return [...subscriptions.values()].sort((a, b) => a.createdAt - b.createdAt).map(copySub);
    },
    async deleteWebhookSubscription(id) {
      if (!subscriptions.delete(id)) return false;
      for (const [key, d] of deliveries) if (d.subscriptionId === id) drop(key);
      return true;
    },
    async enqueueWebhookEvents(events) {
      let added = 0;
      for (const event of events)
        for (const sub of subscriptions.values()) {
          if (!sub.events.includes(event.type)) continue;
          const id = webhookDeliveryId(event.id, sub.id);
          if (deliveries.has(id)) continue;
          deliveries.set(id, {
            id,
            subscriptionId: sub.id,
            eventId: event.id,
            eventType: event.type,
            body: event.body,
            createdAt: event.createdAt,
            status: 'pending',
            nextAt: event.createdAt,
            retryFrom: event.createdAt,
            attempts: 0,
          });
          if (event.conversationId !== undefined) conversationOf.set(id, event.conversationId);
          added++;
        }
      return added;
    },
    async claimWebhookDeliveries(now, owner, leaseMs, limit, share) {
      const taken = new Map(share?.held);
      const due = [...deliveries.values()]
        .filter(
          (d) =>
            d.status === 'pending' &&
            d.nextAt !== null &&
            d.nextAt <= now &&
            !(d.leaseUntil !== undefined && d.leaseUntil >= now),
        )
        .sort((a, b) => (a.nextAt ?? 0) - (b.nextAt ?? 0));
      const claimed: ClaimedWebhookDelivery[] = [];
      for (const d of due) {
        if (claimed.length >= limit) break;
        const sub = subscriptions.get(d.subscriptionId);
        if (!sub) continue;
        const held = taken.get(sub.id) ?? 0;
        if (share && held >= share.perSubscription) continue;
        taken.set(sub.id, held + 1);
        d.leaseOwner = owner;
        d.leaseUntil = now + leaseMs;
        claimed.push({ ...d, url: sub.url, secret: sub.secret });
      }
      return claimed;
    },
    async recordWebhookAttempts(owner, results) {
      const recorded: string[] = [];
      for (const { attempt, outcome } of results) {
        const d = deliveries.get(attempt.deliveryId);
        if (!d || d.leaseOwner !== owner) continue;
        const next: WebhookDelivery = {
          ...d,
          status: outcome.status,
          nextAt: outcome.status === 'pending' ? outcome.nextAt : null,
          attempts: d.attempts + 1,
          lastDurationMs: attempt.durationMs,
        };
        delete next.leaseOwner;
        delete next.leaseUntil;
        delete next.lastStatusCode;
        delete next.lastError;
        if (attempt.statusCode !== undefined) next.lastStatusCode = attempt.statusCode;
        if (attempt.error !== undefined) next.lastError = attempt.error;
        deliveries.set(d.id, next);
        const log = attempts.get(d.id) ?? [];
        log.push({ ...attempt });
        attempts.set(d.id, log);
        recorded.push(d.id);
      }
      return recorded;
    },
    async listWebhookDeliveries({ subscriptionId, status, limit = 100 }) {
      return [...deliveries.values()]
        .filter(
          (d) =>
            (subscriptionId === undefined || d.subscriptionId === subscriptionId) &&
            (status === undefined || d.status === status),
        )
        .reverse()
        .slice(0, Math.max(0, limit))
        .map((d) => ({ ...d }));
    },
    async getWebhookDelivery(id) {
      const d = deliveries.get(id);
      return d ? { ...d } : null;
    },
    async listWebhookAttempts(deliveryId) {
      return (attempts.get(deliveryId) ?? []).map((a) => ({ ...a }));
    },
    async pruneWebhookDeliveries(before) {
      let n = 0;
      for (const [id, d] of deliveries)
        if (d.status !== 'pending' && d.retryFrom < before) {
          drop(id);
          n++;
        }
      return n;
    },
    async redeliverWebhook(id, now) {
      const d = deliveries.get(id);
      if (!d) return null;
      const next: WebhookDelivery = { ...d, status: 'pending', nextAt: now, retryFrom: now };
      delete next.leaseOwner;
      delete next.leaseUntil;
      deliveries.set(id, next);
      return { ...next };
    },
  };
  return {
    store,
    forgetConversation(conversationId) {
      for (const [id, c] of conversationOf) if (c === conversationId) drop(id);
    },
  };
}
