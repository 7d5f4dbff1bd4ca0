import { randomBytes } from 'node:crypto';
import { KefuError } from '@kefu/protocol';
import type { Clock } from '../clock.ts';
import type { IdGenerator } from '../ids.ts';
import { KeyedMutex } from '../keyed-mutex.ts';
import type { WebhookEventType } from '../seams/webhook-events.ts';
import type { Store } from '../store/store.ts';
import type {
  WebhookAttempt,
  WebhookDelivery,
  WebhookDeliveryFilter,
  WebhookSubscription,
} from '../store/webhook-store.ts';
import { checkWebhookUrl, type UrlGuardOptions } from './url-guard.ts';
import { webhookEventProblem } from './webhook-options.ts';

/** A subscription as listed: its secret is shown once, by `subscribe`. */
export type WebhookSubscriptionInfo = Omit<WebhookSubscription, 'secret'>;

/** The webhooks part of the back office (`hub.admin.webhooks`). */
export interface WebhookAdmin {
  /**
   * Adds a subscription. The URL must be http(s) and resolve only to public addresses (unless
   * `webhooks.allowPrivateNetworks`), and not to the hub itself; events must be known names.
   * Without a secret one is made (`whsec_…`): keep it from the answer, lists do not show it.
   * Throws a {@link WebhookUrlError} or a KefuError `invalid_frame` on bad input, and `conflict`
   * (naming the existing id) for a URL that already has a subscription.
   * @example
   * const { id, secret } = await hub.admin.webhooks.subscribe({ url: 'https://crm.example/kefu', events: ['ticket.created'] });
   */
  subscribe(input: {
    url: string;
    events: readonly WebhookEventType[];
    secret?: string;
  }): Promise<WebhookSubscription>;
  /** Oldest first, without secrets. */
  list(): Promise<WebhookSubscriptionInfo[]>;
  /** Removes a subscription and its deliveries (pending ones are not sent). Throws `not_found`. */
  remove(id: string): Promise<void>;
  /** The delivery log, newest first: status, attempts, last status code, error and duration. */
  deliveries(filter?: WebhookDeliveryFilter): Promise<WebhookDelivery[]>;
  /** Every attempt of one delivery, oldest first. Throws `not_found` for an unknown delivery. */
  attempts(deliveryId: string): Promise<WebhookAttempt[]>;
  /** Deliveries that failed for the whole retry window, newest first. */
  deadLetters(filter?: Omit<WebhookDeliveryFilter, 'status'>): Promise<WebhookDelivery[]>;
  /**
   * Sends a delivery again now (dead or delivered alike), with the same event id and a new retry
   * window. Throws `not_found`.
   */
  redeliver(deliveryId: string): Promise<WebhookDelivery>;
}

/**
 * Builds `hub.admin.webhooks` on the store. `changed` tells the hub's outbox and worker that the
 * subscriptions or the due deliveries changed here.
 * @example
 * const admin = createWebhookAdmin({ store, clock, ids, guard, changed: () => worker.wake() });
 */
export function createWebhookAdmin(deps: {
  store: Store;
  clock: Clock;
  ids: IdGenerator;
  guard: UrlGuardOptions;
  changed: () => Promise<void>;
}): WebhookAdmin {
  const { store } = deps;
  const subscribing = new KeyedMutex();
  const info = ({ secret: _secret, ...rest }: WebhookSubscription): WebhookSubscriptionInfo => rest;
  return {
    async subscribe(input) {
      if (typeof input?.url !== 'string') throw new KefuError('invalid_frame', 'url must be a string');
      const problem = webhookEventProblem(input.events);
      if (problem) throw new KefuError('invalid_frame', `events ${problem}`);
      if (input.secret !== undefined && (typeof input.secret !== 'string' || input.secret.length < 16))
        throw new KefuError('invalid_frame', 'secret must be at least 16 characters');
      const { url } = await checkWebhookUrl(input.url, deps.guard);
      // One at a time per URL: two requests at once both found it free and both subscribed.
      const subscription = await subscribing.run(url.href, async () => {
        // One subscription per URL, as the options make them: a second would deliver every event twice.
        // Stored URLs are all `URL.href` (here and in the options), so equal text is the same URL.
        const taken = (await store.listWebhookSubscriptions()).find((s) => s.url === url.href);
        if (taken)
          throw new KefuError(
            'conflict',
            `${url.href} already has webhook subscription ${taken.id}; remove it first to change its events or secret`,
          );
        const made: WebhookSubscription = {
          id: deps.ids('wh'),
          url: url.href,
          events: [...new Set(input.events)],
          secret: input.secret ?? `whsec_${randomBytes(24).toString('hex')}`,
          createdAt: deps.clock.now(),
        };
        await store.putWebhookSubscription(made);
        return made;
      });
      await deps.changed();
      return subscription;
    },
    async list() {
      return (await store.listWebhookSubscriptions()).map(info);
    },
    async remove(id) {
      if (!(await store.deleteWebhookSubscription(id)))
        throw new KefuError('not_found', `webhook subscription ${id} does not exist`);
      await deps.changed();
    },
    deliveries: (filter = {}) => store.listWebhookDeliveries(filter),
    async attempts(deliveryId) {
      const attempts = await store.listWebhookAttempts(deliveryId);
      // No attempts is also a delivery not tried yet: only then ask whether it exists at all, so a
      // mistyped id is a 404 (as for redeliver) rather than an empty log that reads as "never sent".
      if (attempts.length === 0 && !(await store.getWebhookDelivery(deliveryId)))
        throw new KefuError('not_found', `webhook delivery ${deliveryId} does not exist`);
      return attempts;
    },
    deadLetters: (filter = {}) => store.listWebhookDeliveries({ ...filter, status: 'dead' }),
    async redeliver(deliveryId) {
      const delivery = await store.redeliverWebhook(deliveryId, deps.clock.now());
      if (!delivery) throw new KefuError('not_found', `webhook delivery ${deliveryId} does not exist`);
      await deps.changed();
      return delivery;
    },
  };
}
