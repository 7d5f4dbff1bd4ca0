import type { InboxItem } from '@kefu/protocol';
import { computed, type ReadonlySignal } from '@preact/signals';
import { previewText } from './preview-text.ts';
import { byWait, createQueueGroups, isWaiting } from './queue-groups.ts';
import type { Strings } from './strings.ts';

export type InboxTab = 'queued' | 'mine' | 'all';

export { isWaiting };

/** Rows the supervisors' All tab draws, newest first; the older ones are counted below them. */
export const ALL_SHOWN = 200;

/**
 * An inbox line's preview: what the shopper last said when the bot or the system spoke after it
 * ("connecting you…", "Mei joined"), as on every waiting conversation; otherwise the last message.
 */
export const previewOf = (item: InboxItem, t?: Strings): string | undefined => {
  const text =
    (item.lastMessage?.authorKind === 'agent' ? undefined : item.shopperMessage?.preview) ??
    item.lastMessage?.preview;
  return text && t ? previewText(text, t) : text;
};

/**
 * The inbox's three tabs over the hub's inbox: what waits for anyone (also per skill group), what
 * is the signed-in agent's, and everything, newest first.
 * @example
 * const { queued, mine } = inboxTabs(inbox, computed(() => me.value?.id));
 */
export function inboxTabs(inbox: ReadonlySignal<InboxItem[]>, myId: ReadonlySignal<string | undefined>) {
  /** Everything waiting, in one list: sorted when read, which the inbox's view does not do. */
  const queued = computed(() => inbox.value.filter(isWaiting).sort(byWait));
  // Kept between updates, so an update moves only the conversations it changed (see queue-groups.ts).
  const queue = createQueueGroups();
  /** Queued conversations per skill group, groups in name order, each its first rows and its count. */
  const queuedByGroup = computed(() => {
    queue.sync(inbox.value);
    return queue.view();
  });
  /** How many wait, shown or not. */
  const queuedCount = computed(() => queuedByGroup.value.reduce((n, g) => n + g.total, 0));
  const mine = computed(() =>
    inbox.value
      .filter(
        (i) =>
          i.state.agent?.id === myId.value &&
          (i.state.status === 'assigned' || i.state.status === 'pending' || i.state.status === 'ticket'),
      )
      .sort(byWait),
  );
  const all = computed(() => [...inbox.value].sort((a, b) => b.createdAt - a.createdAt));
  return { queued, queuedByGroup, queuedCount, mine, all };
}

/**
 * The agent's load as the hub counts it when they accept (conversations assigned to them or
 * pending: not their tickets), against the capacity their welcome gave. `full` holds once they
 * are at it, so the queue says so before the hub refuses an Accept; false when the hub did not say
 * (an older hub).
 * @example
 * const { holding, full } = agentLoad(mine, computed(() => me.value?.capacity));
 */
export function agentLoad(mine: ReadonlySignal<InboxItem[]>, capacity: ReadonlySignal<number | undefined>) {
  const holding = computed(
    () => mine.value.filter((i) => i.state.status === 'assigned' || i.state.status === 'pending').length,
  );
  const full = computed(() => capacity.value !== undefined && holding.value >= capacity.value);
  return { holding, full };
}
