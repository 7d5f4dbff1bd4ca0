import type { Store } from '../store/store.ts';
import { type NotifyRecord, notifyRecordKey } from './notify-record.ts';
import { ORDER_TIMER_KIND, orderTimerKey } from './order-events.ts';
import type { OrderTrack } from './order-rules.ts';

/** What the proactive service holds about one shopper: both live in durable timers' data. */
export interface ProactiveShopperData {
  /** Their notification record (opt-out, the rate window, recent `dedupeKey`s); null: none kept. */
  notifications: NotifyRecord | null;
  /** The tracks of their orders the order system reported on. */
  orders: OrderTrack[];
}

/** The order tracks of one shopper. Tracks are keyed by order, so the site's are read and filtered. */
async function ordersOf(store: Store, siteKey: string, shopperId: string) {
  const timers = await store.listTimers({ prefix: orderTimerKey(siteKey, ''), kind: ORDER_TIMER_KIND });
  // The prefix also matches a site whose key continues with ':'; the data names the site.
  return timers.filter((t) => {
    const track = t.data as OrderTrack;
    return track.siteKey === siteKey && track.shopperId === shopperId;
  });
}

/**
 * The proactive data about a shopper, for a data-access request.
 * @example
 * const { notifications, orders } = await proactiveDataOf(store, 'shop', 'u:42');
 */
export async function proactiveDataOf(
  store: Store,
  siteKey: string,
  shopperId: string,
): Promise<ProactiveShopperData> {
  const record = await store.getTimer(notifyRecordKey(siteKey, shopperId));
  const orders = await ordersOf(store, siteKey, shopperId);
  return {
    notifications: record ? (record.data as NotifyRecord) : null,
    orders: orders.map((t) => t.data as OrderTrack),
  };
}

/**
 * Deletes a shopper's notification record and order tracks. The record's key is only a hash,
 * but anyone holding the id can recompute it, so the record goes too (with it the opt-out: the
 * shopper no longer exists for the hub). A later event about one of the orders starts a new track.
 * @example
 * await eraseProactiveData(store, 'shop', 'u:42'); // { orders: 2 }
 */
export async function eraseProactiveData(
  store: Store,
  siteKey: string,
  shopperId: string,
): Promise<{ orders: number }> {
  await store.deleteTimer(notifyRecordKey(siteKey, shopperId));
  const orders = await ordersOf(store, siteKey, shopperId);
  for (const t of orders) await store.deleteTimer(t.key);
  return { orders: orders.length };
}
