import { describe, expect, it } from 'vitest';
import { createMemoryBus } from '../bus/memory-bus.ts';
import type { StoredConversation } from '../store/store.ts';
import { until } from '../testing/until.ts';
import type { QueueEntry } from './queue.ts';
import { SharedQueue } from './shared-queue.ts';

const conversation = (id: string, queuedAt: number) => ({ id, queuedAt }) as StoredConversation;

/** Two nodes' queues on one bus, recording what each was asked to refresh and what joined. */
async function twoNodes() {
  const bus = createMemoryBus();
  const node = async (nodeId: string) => {
    const refreshed: string[] = [];
    const joined: QueueEntry[] = [];
    const noted: string[] = [];
    const shared = new SharedQueue({
      nodeId,
      bus,
      now: () => 1_000,
      hooks: {
        refreshQueue: async (group) => void refreshed.push(group),
        fault: (_what, error) => {
          throw error;
        },
      },
      noted: (id) => noted.push(id),
      enqueued: (entry) => joined.push(entry),
    });
    await shared.start();
    return { shared, refreshed, joined, noted };
  };
  return { a: await node('a'), b: await node('b') };
}

describe('SharedQueue', () => {
  it("names the first n waiting in some groups or all, in the queue's order, reading no further", async () => {
    const { a } = await twoNodes();
    a.shared.enqueue(conversation('late', 30), { group: 'default', priority: 0, reason: 'asked' });
    a.shared.enqueue(conversation('early', 10), { group: 'default', priority: 0, reason: 'asked' });
    a.shared.enqueue(conversation('vip', 40), { group: 'vip', priority: 5, reason: 'asked' });
    a.shared.enqueue(conversation('other', 20), { group: 'other', priority: 0, reason: 'asked' });
    await until(() => a.joined.length === 4, 'all four applied');
    expect(a.shared.firstWaiting(['default'], 5)).toEqual(['early', 'late']);
    expect(a.shared.firstWaiting(undefined, 3)).toEqual(['vip', 'early', 'other']);
    expect(a.shared.firstWaiting(['default', 'vip'], 0)).toEqual([]);
  });

  it('counts the conversations waiting per source on every node, whichever node queued them', async () => {
    const { a, b } = await twoNodes();
    a.shared.enqueue(conversation('c1', 10), { group: 'default', priority: 0, reason: 'asked', source: 'x' });
    b.shared.enqueue(conversation('c2', 20), { group: 'other', priority: 0, reason: 'asked', source: 'x' });
    b.shared.enqueue(conversation('c3', 30), { group: 'default', priority: 0, reason: 'asked' });
    await until(() => a.joined.length === 3 && b.joined.length === 3, 'all three applied');
    expect([a.shared.waitingFrom('x'), b.shared.waitingFrom('x')]).toEqual([2, 2]);
    a.shared.dequeue('c2');
    await until(() => b.shared.waitingFrom('x') === 1, 'the dequeue applied on b');
    expect(a.shared.waitingFrom('x')).toBe(1);
  });

  it('applies a change made on one node on every node, in the same order, and refreshes places once', async () => {
    const { a, b } = await twoNodes();
    a.shared.enqueue(conversation('c1', 10), { group: 'default', priority: 0, reason: 'asked' });
    b.shared.enqueue(conversation('c2', 20), { group: 'default', priority: 0, reason: 'asked' });
    a.shared.enqueue(conversation('c3', 30), { group: 'vip', priority: 5, reason: 'vip' }, 'mei');
    await until(
      () => a.shared.waitingIn('vip').length === 1 && b.shared.waitingIn('vip').length === 1,
      'c3 everywhere',
    );
    for (const node of [a, b]) {
      expect(node.shared.waitingIn('default')).toEqual(['c1', 'c2']);
      expect(node.shared.sizes()).toEqual({ default: 2, vip: 1 });
      expect(node.joined.map((e) => e.conversationId)).toEqual(['c1', 'c2', 'c3']);
    }
    expect(a.joined[2]).toMatchObject({ lastAgentId: 'mei', priority: 5, enqueuedAt: 30 });
    // Only the node that made the change tells its shoppers their places.
    expect(a.refreshed).toEqual(['default', 'vip']);
    expect(b.refreshed).toEqual(['default']);
    b.shared.dequeue('c1');
    await until(() => a.shared.waitingIn('default').length === 1, 'c1 gone on node A');
    expect(b.shared.waitingIn('default')).toEqual(['c2']);
    expect(b.refreshed).toEqual(['default', 'default']);
    expect(a.noted).toEqual(['c1', 'c2', 'c3', 'c1']);
    a.shared.dispose();
    b.shared.dispose();
  });

  it('ignores queue events once disposed', async () => {
    const { a, b } = await twoNodes();
    b.shared.dispose();
    a.shared.enqueue(conversation('c1', 10), { group: 'default', priority: 0, reason: 'asked' });
    await until(() => a.shared.waitingIn('default').length === 1, 'c1 on node A');
    expect(b.shared.waitingIn('default')).toEqual([]);
    a.shared.dispose();
  });
});
