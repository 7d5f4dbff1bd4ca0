import { describe, expect, it } from 'vitest';
import type { StoredConversation } from '../store/store.ts';
import { RoutingQueue } from './queue.ts';
import { correctQueue } from './queue-check.ts';

/** A conversation waiting in `group` since `updatedAt`, untouched after. */
const queuedAt = (id: string, group: string, updatedAt: number): StoredConversation => ({
  id,
  siteKey: 'shop',
  shopperId: 'd:1',
  state: { status: 'queued', group },
  createdAt: 0,
  updatedAt,
  lastSeq: 2,
  shopperReadSeq: 0,
  agentReadSeq: 0,
  priority: 0,
  queuedAt: updatedAt,
  failedBotTurns: 0,
  version: 3,
});

describe('correctQueue', () => {
  it('takes out what left the store’s queue and adds what waits there unheard of, leaving what changed meanwhile', () => {
    const queue = new RoutingQueue();
    for (const id of ['gone', 'kept', 'moving'])
      queue.enqueue({ conversationId: id, group: 'default', priority: 0, enqueuedAt: 1 });
    const store = [
      queuedAt('kept', 'default', 1),
      queuedAt('missed', 'vip', 1_000),
      queuedAt('just-now', 'vip', 9_000),
      queuedAt('arriving', 'vip', 1_000),
    ];
    const result = correctQueue(queue, store, {
      changed: new Set(['moving', 'arriving']),
      settledAt: 5_000,
      now: 10_000,
    });
    expect(
      queue
        .entries()
        .map((e) => e.conversationId)
        .sort(),
    ).toEqual(['kept', 'missed', 'moving']);
    expect(queue.get('missed')).toMatchObject({ group: 'vip', enqueuedAt: 1_000 });
    expect(result).toEqual({ groups: new Set(['default', 'vip']), missing: 1 });
  });
});
