import { MAX_DAYS, MAX_DEADLINE_MS, MAX_TIMER_MS } from '../hub/hub-limits.ts';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../seams/webhook-events.ts';
import type { PostWebhook } from './post-webhook.ts';
import { DEFAULT_RETRY_SCHEDULE, type RetrySchedule } from './retry-schedule.ts';
import { type ResolveHost, resolveHost } from './url-guard.ts';

/** A subscription given in the hub's options: kept in the store under an id derived from its URL. */
export interface WebhookSubscriptionConfig {
  url: string;
  events: readonly WebhookEventType[];
  /** Signs the deliveries; at least 16 characters. */
  secret: string;
}

/** The hub's `webhooks` option. */
export interface WebhookOptions {
  /** Subscriptions that exist whenever the hub runs (more come and go through `hub.admin.webhooks`). */
  subscriptions?: readonly WebhookSubscriptionConfig[];
  /** Lets URLs reach loopback, private and link-local addresses (default false: refused). */
  allowPrivateNetworks?: boolean;
  /** Deadline of one POST (default 10 s). */
  timeoutMs?: number;
  /** Backoff of failed deliveries (default: from 10 s doubling up to 1 h, for 24 h). */
  retry?: Partial<RetrySchedule>;
  /** How often each node looks for deliveries due (default 1 s). */
  pollMs?: number;
  /**
   * How long a node's claim on a delivery holds (default the larger of 60 s and 3 × timeoutMs):
   * after a node dies, its deliveries in flight wait this long before another node retries them.
   * Must be longer than `timeoutMs`.
   */
  leaseMs?: number;
  /** Attempts a node has in flight at once, the next due claimed as each ends (default 100). */
  batch?: number;
  /**
   * Of those, how many one subscription may have (default a quarter of `batch`, at least 1): a
   * receiver that never answers holds only these until they time out, not the other subscribers' room.
   * Until an attempt on the node succeeds, and after one fails, it has one; failing ones half of `batch` together.
   */
  perSubscription?: number;
  /** Delivered and dead deliveries are deleted from the log this many days after their event (default 7, at most 3650). */
  keepDays?: number;
  /** Jitter source, uniform in [0, 1) (default Math.random); tests make it fixed. */
  random?: () => number;
  /** DNS resolution for the URL guard (default node:dns `lookup`, every address). */
  resolve?: ResolveHost;
  /** Sends a delivery (default node:http(s) with keep-alive). */
  post?: PostWebhook;
}

export interface ResolvedWebhookOptions {
  subscriptions: readonly WebhookSubscriptionConfig[];
  allowPrivateNetworks: boolean;
  timeoutMs: number;
  retry: RetrySchedule;
  pollMs: number;
  /** Longer than a POST can take, so a live node's claim never runs out mid-attempt. */
  leaseMs: number;
  batch: number;
  perSubscription: number;
  keepMs: number;
  random: () => number;
  resolve: ResolveHost;
  post?: PostWebhook;
}

/** Checks the `webhooks` option up front, naming the key at fault (URLs are resolved when the hub starts). */
export function resolveWebhookOptions(
  options: WebhookOptions = {},
  fail: (message: string) => never,
): ResolvedWebhookOptions {
  // Delays are capped by what a timer can wait; spans (the retry window, the log's age) are not timers.
  const positive = (
    key: string,
    value: number | undefined,
    fallback: number,
    max = MAX_TIMER_MS,
    unit = '',
    reach = '',
  ): number => {
    if (value === undefined) return fallback;
    if (!(value > 0) || value > max)
      fail(`webhooks.${key} must be a positive number${unit} up to ${max}${reach}`);
    return value;
  };
  for (const [i, sub] of (options.subscriptions ?? []).entries()) {
    if (typeof sub?.url !== 'string' || !/^https?:\/\//i.test(sub.url))
      fail(`webhooks.subscriptions[${i}].url must be an http or https URL`);
    const unknown = webhookEventProblem(sub.events);
    if (unknown) fail(`webhooks.subscriptions[${i}].events ${unknown}`);
    if (typeof sub.secret !== 'string' || sub.secret.length < 16)
      fail(`webhooks.subscriptions[${i}].secret must be at least 16 characters`);
  }
  const retry = {
    baseMs: positive('retry.baseMs', options.retry?.baseMs, DEFAULT_RETRY_SCHEDULE.baseMs),
    maxDelayMs: positive('retry.maxDelayMs', options.retry?.maxDelayMs, DEFAULT_RETRY_SCHEDULE.maxDelayMs),
    // A span, not a timer (retries wait in steps), but retrying for more than a year is a slip.
    forMs: positive(
      'retry.forMs',
      options.retry?.forMs,
      DEFAULT_RETRY_SCHEDULE.forMs,
      MAX_DEADLINE_MS,
      ' of milliseconds',
      ' (366 days)',
    ),
  };
  const timeoutMs = positive('timeoutMs', options.timeoutMs, 10_000);
  const batch = positive('batch', options.batch, 100);
  if (options.leaseMs !== undefined && !(options.leaseMs > timeoutMs))
    fail(
      'webhooks.leaseMs must be longer than webhooks.timeoutMs, or a live node loses its claims mid-attempt',
    );
  if (!Number.isInteger(batch)) fail('webhooks.batch must be a whole number');
  const perSubscription = positive(
    'perSubscription',
    options.perSubscription,
    Math.max(1, Math.floor(batch / 4)),
    batch,
    '',
    ' (webhooks.batch)',
  );
  if (!Number.isInteger(perSubscription)) fail('webhooks.perSubscription must be a whole number');
  const resolved: ResolvedWebhookOptions = {
    subscriptions: options.subscriptions ?? [],
    allowPrivateNetworks: options.allowPrivateNetworks === true,
    timeoutMs,
    retry,
    pollMs: positive('pollMs', options.pollMs, 1000),
    leaseMs: positive('leaseMs', options.leaseMs, Math.max(60_000, timeoutMs * 3)),
    batch,
    perSubscription,
    // Ten years, as every other span of days: 36,500 (a century) was taken before 2026-12-05.
    keepMs: positive('keepDays', options.keepDays, 7, MAX_DAYS, ' of days') * 86_400_000,
    random: options.random ?? Math.random,
    resolve: options.resolve ?? resolveHost,
  };
  if (options.post) resolved.post = options.post;
  return resolved;
}

/** What is wrong with a list of event names, or undefined when nothing is. */
export function webhookEventProblem(events: unknown): string | undefined {
  if (!Array.isArray(events) || events.length === 0) return 'must list at least one event';
  const known: readonly string[] = WEBHOOK_EVENT_TYPES;
  const unknown = events.filter((e) => !known.includes(e));
  if (unknown.length > 0)
    return `has unknown events (${unknown.map((e) => JSON.stringify(e)).join(', ')}); known: ${known.join(', ')}`;
  return undefined;
}
