import type { InboxItem } from '@kefu/protocol';

/** Rows the queue shows per group; past them the group's heading and a line say how many wait. */
export const QUEUE_SHOWN_PER_GROUP = 50;

/** One skill group's queue as the inbox shows it: its first `items`, and how many wait in all. */
export interface QueueGroup {
  group: string;
  items: readonly InboxItem[];
  total: number;
}

/** A queued conversation nobody has yet, or a ticket opened while nobody was online. */
export const isWaiting = (item: InboxItem): boolean =>
  item.state.status === 'queued' || (item.state.status === 'ticket' && !item.state.agent);

/** Higher priority first, then whoever has waited longest; the id breaks ties, so an item has one place. */
export const byWait = (a: InboxItem, b: InboxItem): number =>
  b.priority - a.priority ||
  (a.queuedAt ?? a.createdAt) - (b.queuedAt ?? b.createdAt) ||
  (a.conversationId < b.conversationId ? -1 : a.conversationId > b.conversationId ? 1 : 0);

/** Where a waiting conversation is listed: tickets together, the others under their skill group. */
const groupOf = (item: InboxItem): string =>
  item.state.status === 'ticket' ? 'tickets' : (item.state.group ?? 'default');

/**
 * The waiting conversations per skill group, kept sorted as the inbox changes. Regrouping and
 * re-sorting the whole inbox on every update was quadratic (each group's list copied for each
 * conversation) and ran at each of the thousands of `inbox.update`s one address's queueing sends;
 * here only what changed moves: a binary search for its place, one splice.
 * @example
 * const queue = createQueueGroups();
 * queue.sync(client.inbox);
 * for (const { group, items, total } of queue.view()) render(group, items, total);
 */
export function createQueueGroups(
  options: { shown?: number; compare?: (a: InboxItem, b: InboxItem) => number } = {},
) {
  const shown = options.shown ?? QUEUE_SHOWN_PER_GROUP;
  const compare = options.compare ?? byWait;
  /** Every item last synced, where it is listed (undefined: not waiting), and the sync that saw it. */
  const placed = new Map<string, { item: InboxItem; group: string | undefined; seen: number }>();
  const groups = new Map<string, InboxItem[]>();
  let generation = 0;

  /** The index `item` has, or would have, in `list` (sorted by `compare`). */
  const placeOf = (list: readonly InboxItem[], item: InboxItem): number => {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(list[mid]!, item) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const unlist = (item: InboxItem, group: string | undefined) => {
    const list = group === undefined ? undefined : groups.get(group);
    if (!list || group === undefined) return; // not waiting: never listed
    const at = placeOf(list, item);
    if (list[at] === item) list.splice(at, 1);
    if (list.length === 0) groups.delete(group);
  };
  const list = (item: InboxItem): string | undefined => {
    if (!isWaiting(item)) return undefined;
    const group = groupOf(item);
    const into = groups.get(group) ?? [];
    groups.set(group, into);
    into.splice(placeOf(into, item), 0, item);
    return group;
  };

  return {
    /**
     * Takes the inbox as the client holds it now. An item the same object as last time is not
     * looked at again (the client replaces the item an update names); one gone is unlisted.
     */
    sync(items: readonly InboxItem[]): void {
      generation++;
      for (const item of items) {
        const was = placed.get(item.conversationId);
        if (was?.item === item) {
          was.seen = generation;
          continue;
        }
        if (was) unlist(was.item, was.group);
        placed.set(item.conversationId, { item, group: list(item), seen: generation });
      }
      if (placed.size === items.length) return;
      for (const [id, was] of placed) {
        if (was.seen === generation) continue;
        unlist(was.item, was.group);
        placed.delete(id);
      }
    },
    /** The groups in name order, each with its first `shown` items and its count. */
    view(): QueueGroup[] {
      return [...groups]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([group, items]) => ({ group, items: items.slice(0, shown), total: items.length }));
    },
  };
}
