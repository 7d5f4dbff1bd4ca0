import { describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../testing/manual-clock.ts';
import { LapsedOffers } from './lapsed-offers.ts';

function lapses() {
  const hooks = { alert: vi.fn(), requeue: vi.fn(async () => {}) };
  const away = vi.fn();
  return { offers: new LapsedOffers({ clock: new ManualClock(5_000), hooks, away }), hooks, away };
}

describe('LapsedOffers', () => {
  it('remembers whom this wait passed over, from the queue events, and starts afresh with a new wait', () => {
    const { offers } = lapses();
    const queued = { conversationId: 'c_1', group: 'g', priority: 0, enqueuedAt: 1_000 };
    offers.seen(queued);
    expect(offers.of('c_1', 1_000)).toEqual([]);
    offers.seen({ ...queued, passedOver: ['mei', 'lei'] });
    expect(offers.of('c_1', 1_000)).toEqual(['mei', 'lei']);
    // Transferred to a group later: a new wait.
    expect(offers.of('c_1', 9_000)).toEqual([]);
    offers.forget('c_1');
    expect(offers.of('c_1', 1_000)).toEqual([]);
  });

  it('takes an agent who missed an offer away, tells them, and requeues it', async () => {
    const { offers, hooks, away } = lapses();
    await offers.missed('c_1', 'mei');
    expect(away).toHaveBeenCalledWith('mei');
    expect(hooks.alert).toHaveBeenCalledWith(
      expect.objectContaining({ kind: 'requeued', conversationId: 'c_1', at: 5_000 }),
      { agentId: 'mei' },
    );
    expect(hooks.requeue).toHaveBeenCalledWith('c_1', 'mei', 'the agent did not open it in time');
  });
});
