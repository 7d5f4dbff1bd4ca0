import { createHash } from 'node:crypto';
import type { Clock } from '../clock.ts';
import type { IdGenerator } from '../ids.ts';
import type { Store } from '../store/store.ts';
import { DeliveryWorker } from './delivery-worker.ts';
import { createHttpPoster } from './post-webhook.ts';
import { checkWebhookUrl, type UrlGuardOptions } from './url-guard.ts';
import { createWebhookAdmin, type WebhookAdmin } from './webhook-admin.ts';
import type { ResolvedWebhookOptions } from './webhook-options.ts';
import { WebhookOutbox } from './webhook-outbox.ts';

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
 * const webhooks = createWebhookService({ options: o.webhooks, store, clock, ids, owner: nodeId, hubPorts, onError });
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
    keepMs: options.keepMs,
    onSubscriptions: (subs) => outbox.use(subs),
    onError: deps.onError,
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
  return {
    outbox,
    admin,
    async start() {
      for (const [i, sub] of options.subscriptions.entries()) {
        try {
          const { url } = await checkWebhookUrl(sub.url, guard);
          // The id follows the URL, so every node and every restart keeps one subscription for it.
          const id = `wh_cfg_${createHash('sha256').update(url.href).digest('hex').slice(0, 16)}`;
          const existing = (await store.listWebhookSubscriptions()).find((s) => s.id === id);
          await store.putWebhookSubscription({
            id,
            url: url.href,
            events: [...new Set(sub.events)],
            secret: sub.secret,
            createdAt: existing?.createdAt ?? clock.now(),
          });
        } catch (error) {
          deps.onError(`webhooks.subscriptions[${i}]`, error);
        }
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
