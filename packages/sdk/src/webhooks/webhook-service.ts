import { createHash } from 'node:crypto';
import { KefuError } from '@kefu/protocol';
import type { Clock } from '../clock.ts';
import type { IdGenerator } from '../ids.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/store.ts';
import { DeliveryWorker } from './delivery-worker.ts';
import { createHttpPoster } from './post-webhook.ts';
import { checkWebhookUrl, type UrlGuardOptions } from './url-guard.ts';
import { createWebhookAdmin, type WebhookAdmin } from './webhook-admin.ts';
import type { ResolvedWebhookOptions } from './webhook-options.ts';
import { WebhookOutbox } from './webhook-outbox.ts';

/** Ids of subscriptions made from the options (those made through the admin API start `wh_`). */
const CONFIG_PREFIX = 'wh_cfg_';

/** Webhooks on one hub node: the outbox the hub records into, the delivery worker, the admin API. */
export interface WebhookService {
  outbox: WebhookOutbox;
  admin: WebhookAdmin;
  /** Stores the subscriptions from the options and starts delivering. */
  start(): Promise<void>;
  /** Resolves when no delivery pass runs (for tests on a manual clock). */
  idle(): Promise<void>;
  /** Stops delivering; attempts in flight are recorded first. */
  stop(): Promise<void>;
}

/**
 * Builds the webhook parts of a hub node from its resolved options.
 * @example
 * const webhooks = createWebhookService({ options: o.webhooks, store, clock, ids, owner: nodeId, hubPorts, onError, logger });
 * await webhooks.start();
 */
export function createWebhookService(deps: {
  options: ResolvedWebhookOptions;
  store: Store;
  clock: Clock;
  ids: IdGenerator;
  owner: string;
  hubPorts: () => readonly number[];
  onError: (what: string, error: unknown) => void;
  logger: Logger;
}): WebhookService {
  const { options, store, clock } = deps;
  const guard: UrlGuardOptions = {
    allowPrivateNetworks: options.allowPrivateNetworks,
    hubPorts: deps.hubPorts,
    resolve: options.resolve,
  };
  const ownPoster = options.post ? undefined : createHttpPoster();
  const outbox = new WebhookOutbox({ store, clock, ids: deps.ids, onStored: () => worker.wake() });
  const worker = new DeliveryWorker({
    store,
    clock,
    owner: deps.owner,
    post: options.post ?? ownPoster!,
    guard,
    retry: options.retry,
    random: options.random,
    timeoutMs: options.timeoutMs,
    pollMs: options.pollMs,
    leaseMs: options.leaseMs,
    batch: options.batch,
    perSubscription: options.perSubscription,
    keepMs: options.keepMs,
    onSubscriptions: (subs) => outbox.use(subs),
    onError: deps.onError,
    onDead: (d, attempt) =>
      deps.logger.log('warn', 'webhook.dead', {
        delivery: d.id,
        subscription: d.subscriptionId,
        event: d.eventType,
        attempts: d.attempts + 1,
        status: attempt.statusCode ?? null,
      }),
  });
  const admin = createWebhookAdmin({
    store,
    clock,
    ids: deps.ids,
    guard,
    changed: async () => {
      await outbox.refresh();
      worker.wake();
    },
  });
  /**
   * Puts the subscriptions of the options in the store, under ids that follow their URLs (so
   * every node and every restart keeps one each), and removes those a former configuration made
   * that this one no longer lists. One with a refused URL is reported and left out.
   */
  const storeConfigured = async () => {
    const stored = await store.listWebhookSubscriptions();
    const kept = new Set<string>();
    for (const [i, sub] of options.subscriptions.entries()) {
      const id = `${CONFIG_PREFIX}${createHash('sha256').update(normalUrl(sub.url)).digest('hex').slice(0, 16)}`;
      // Kept even when its check fails now: a DNS hiccup at start must not drop its pending deliveries.
      kept.add(id);
      try {
        const { url } = await checkWebhookUrl(sub.url, guard);
        // Subscribed over the API already: a second would deliver every event twice.
        const made = stored.find((s) => !s.id.startsWith(CONFIG_PREFIX) && s.url === url.href);
        if (made)
          throw new KefuError(
            'conflict',
            `${url.href} already has webhook subscription ${made.id}, made over the API; remove one of them (DELETE /api/v1/webhooks/${made.id}, or this entry)`,
          );
        await store.putWebhookSubscription({
          id,
          url: url.href,
          events: [...new Set(sub.events)],
          secret: sub.secret,
          createdAt: stored.find((s) => s.id === id)?.createdAt ?? clock.now(),
        });
      } catch (error) {
        deps.onError(`webhooks.subscriptions[${i}]`, error);
      }
    }
    for (const s of stored)
      if (s.id.startsWith(CONFIG_PREFIX) && !kept.has(s.id)) await store.deleteWebhookSubscription(s.id);
  };
  return {
    outbox,
    admin,
    async start() {
      try {
        await storeConfigured();
      } catch (error) {
        deps.onError('webhooks.subscriptions', error);
      }
      await outbox.refresh();
      worker.start();
    },
    idle: () => worker.idle(),
    async stop() {
      await worker.stop();
      ownPoster?.close();
    },
  };
}

function normalUrl(raw: string): string {
  try {
    return new URL(raw).href;
  } catch {
    return raw;
  }
}
