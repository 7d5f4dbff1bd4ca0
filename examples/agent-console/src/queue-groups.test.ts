import type { InboxItem } from '@kefu/protocol';
import { describe, expect, it } from 'vitest';
import { byWait, createQueueGroups } from './queue-groups.ts';
import { inboxItem } from './testing/fake-client.ts';

describe('queue groups', () => {
  it('places each arriving conversation with a few comparisons, not by regrouping the queue', () => {
    let comparisons = 0;
    const queue = createQueueGroups({
      compare: (a: InboxItem, b: InboxItem) => {
        comparisons++;
        return byWait(a, b);
      },
    });
    // One address's queueing: each conversation arrives as its own update of the whole inbox.
    const n = 2_000;
    const inbox: InboxItem[] = [];
    for (let i = 0; i < n; i++) {
      // Arriving out of order (a priority now and then), so each has a place to be found.
      inbox.push(
        inboxItem({ conversationId: `c${i}`, queuedAt: (i * 7919) % n, priority: i % 97 === 0 ? 5 : 0 }),
      );
      queue.sync(inbox);
      queue.view();
    }
    // A binary search each: about n·log2(n) ≈ 22,000. Sorting the queue at each update: ~n²/2·log2(n).
    expect(comparisons).toBeLessThan(n * 13);
    const [group] = queue.view();
    expect(group?.total).toBe(n);
    expect(group?.items).toEqual([...inbox].sort(byWait).slice(0, group?.items.length));
  });
});
