import { createHash } from 'node:crypto';

/** A shopper as the hub keys them: the site and the hub's shopper id (see `resolveShopperId`). */
export interface ShopperKey {
  siteKey: string;
  shopperId: string;
}

/** How often the shop may write to one shopper unasked, and how long a `dedupeKey` is remembered. */
export interface NotificationLimits {
  /** Notifications one shopper may get within `windowMs` (default 5). */
  maxPerShopper: number;
  /** The rate window (default 1 h). */
  windowMs: number;
  /** How long a `dedupeKey` keeps a second notification out (default 30 days). */
  dedupeMs: number;
}

export const DEFAULT_NOTIFICATION_LIMITS: Readonly<NotificationLimits> = {
  maxPerShopper: 5,
  windowMs: 3_600_000,
  dedupeMs: 30 * 86_400_000,
};

/**
 * What the hub remembers of the notifications to one shopper. It is the data of a durable timer
 * (kind {@link NOTIFY_RECORD_KIND}): the store's compare-and-set on timers makes the rate limit,
 * the de-duplication and the opt-out hold across hub nodes without a table of their own, and the
 * timer falls due when the record has nothing left to remember, to drop it.
 */
export type NotifyRecord = {
  optedOut: boolean;
  /** When each notification in the current window went out. */
  sent: number[];
  /** Each `dedupeKey` seen within `dedupeMs`: when, and the conversation it went to. */
  keys: Record<string, { at: number; conversationId: string }>;
};

export const NOTIFY_RECORD_KIND = 'notify.shopper';

/**
 * The record's timer key. A one-way hash of site and shopper id, so the timers table does not
 * show the id in clear; erasure still deletes the record (see `eraseProactiveData`), as anyone
 * holding the id can recompute the hash.
 */
export function notifyRecordKey(siteKey: string, shopperId: string): string {
  return `notify:${shopperHash(siteKey, shopperId)}`;
}

/** A one-way hash of site and shopper id, for timer keys that must not show the id in clear. */
export function shopperHash(siteKey: string, shopperId: string): string {
  return createHash('sha256').update(`${siteKey}\u0000${shopperId}`).digest('base64url').slice(0, 32);
}

export function emptyRecord(): NotifyRecord {
  return { optedOut: false, sent: [], keys: {} };
}

/** The record as stored (null: none yet), without what has run out by `now`. */
export function pruneRecord(
  data: NotifyRecord | null,
  now: number,
  limits: NotificationLimits,
): NotifyRecord {
  const r = data ?? emptyRecord();
  // fromEntries defines each key as data: `keys[key] = seen` made a `__proto__` key the object's prototype.
  const keys: NotifyRecord['keys'] = Object.fromEntries(
    Object.entries(r.keys).filter(([, seen]) => seen.at + limits.dedupeMs > now),
  );
  return { optedOut: r.optedOut, sent: r.sent.filter((at) => at + limits.windowMs > now), keys };
}

export type NotifyVerdict =
  | { kind: 'send' }
  | { kind: 'duplicate'; conversationId: string }
  | { kind: 'opted_out' }
  | { kind: 'rate_limited'; retryAt: number };

/**
 * Whether one more notification may go out now, on a pruned record. A repeated key is a
 * duplicate before anything else: the caller's retry must not read as a refusal. `urgent` ones
 * (an order exception's apology) are counted but never held back by the rate.
 */
export function judge(
  r: NotifyRecord,
  limits: NotificationLimits,
  dedupeKey: string | undefined,
  urgent = false,
): NotifyVerdict {
  // Own keys only: the merchant names them, and `constructor` or `toString` is on every object
  // (before 2026-12-06 such a key read as seen, and the API answered 500 and sent nothing).
  const seen = dedupeKey !== undefined && Object.hasOwn(r.keys, dedupeKey) ? r.keys[dedupeKey] : undefined;
  if (seen) return { kind: 'duplicate', conversationId: seen.conversationId };
  if (r.optedOut) return { kind: 'opted_out' };
  if (!urgent && r.sent.length >= limits.maxPerShopper)
    return { kind: 'rate_limited', retryAt: Math.min(...r.sent) + limits.windowMs };
  return { kind: 'send' };
}

/** The record with one more notification counted (and its key remembered). */
export function reserve(
  r: NotifyRecord,
  now: number,
  dedupeKey: string | undefined,
  conversationId: string,
): NotifyRecord {
  return {
    optedOut: r.optedOut,
    sent: [...r.sent, now],
    keys: dedupeKey === undefined ? r.keys : { ...r.keys, [dedupeKey]: { at: now, conversationId } },
  };
}

/** The record without a reservation that was never delivered (the post failed). */
export function release(r: NotifyRecord, at: number, dedupeKey: string | undefined): NotifyRecord {
  const sent = [...r.sent];
  const i = sent.lastIndexOf(at);
  if (i >= 0) sent.splice(i, 1);
  const { [dedupeKey ?? '']: _dropped, ...keys } = r.keys;
  return { optedOut: r.optedOut, sent, keys: dedupeKey === undefined ? r.keys : keys };
}

export function isEmpty(r: NotifyRecord): boolean {
  return !r.optedOut && r.sent.length === 0 && Object.keys(r.keys).length === 0;
}

/** When the record next has something to forget (null: it only holds the opt-out, which never runs out). */
export function nextExpiry(r: NotifyRecord, limits: NotificationLimits): number | null {
  const times = [
    ...r.sent.map((at) => at + limits.windowMs),
    ...Object.values(r.keys).map((k) => k.at + limits.dedupeMs),
  ];
  return times.length === 0 ? null : Math.min(...times);
}

/** Checks merchant-given limits up front, naming the option. */
export function resolveNotificationLimits(
  given: Partial<NotificationLimits> | undefined,
): NotificationLimits {
  const limits = { ...DEFAULT_NOTIFICATION_LIMITS, ...given };
  if (!Number.isInteger(limits.maxPerShopper) || limits.maxPerShopper < 1)
    throw new TypeError(
      `createHub: notifications.maxPerShopper must be an integer ≥ 1, got ${limits.maxPerShopper}`,
    );
  for (const key of ['windowMs', 'dedupeMs'] as const)
    if (!(limits[key] > 0) || !Number.isFinite(limits[key]))
      throw new TypeError(
        `createHub: notifications.${key} must be a positive number of milliseconds, got ${limits[key]}`,
      );
  return limits;
}
