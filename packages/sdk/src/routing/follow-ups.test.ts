import { describe, expect, it } from 'vitest';
import { timerHarness } from '../testing/timer-harness.ts';
import { awaitsFollowUp, type FollowUp, FollowUps } from './follow-ups.ts';

function setup(harness: Parameters<typeof timerHarness>[0] = {}) {
  const h = timerHarness(harness);
  const due: FollowUp[] = [];
  const followUps = new FollowUps({ timers: h.timers, onDue: (f) => void due.push(f) });
  return { ...h, due, followUps };
}

describe('FollowUps', () => {
  it('alerts when a pending conversation’s follow-up falls due', async () => {
    const { advance, due, followUps } = setup();
    await followUps.schedule({ conversationId: 'c1', dueAt: 86_400_000, agentId: 'a1' });
    await advance(86_399_999);
    expect(due).toEqual([]);
    await advance(1);
    expect(due).toEqual([{ conversationId: 'c1', dueAt: 86_400_000, agentId: 'a1' }]);
    expect(await followUps.list()).toEqual([]);
  });

  it('replaces a follow-up set again and forgets a cancelled one', async () => {
    const { advance, due, followUps } = setup();
    await followUps.schedule({ conversationId: 'c1', dueAt: 1_000 });
    await followUps.schedule({ conversationId: 'c1', dueAt: 5_000 });
    await followUps.schedule({ conversationId: 'c2', dueAt: 2_000 });
    expect((await followUps.list()).map((f) => f.conversationId)).toEqual(['c2', 'c1']);
    expect(await followUps.cancel('c2')).toBe(true);
    expect(await followUps.cancel('c2')).toBe(false);
    await advance(10_000);
    expect(due.map((f) => [f.conversationId, f.dueAt])).toEqual([['c1', 5_000]]);
  });

  it('survives a restart and alerts once across two nodes', async () => {
    const a = setup({ owner: 'node-a' });
    for (let i = 0; i < 30; i++) await a.followUps.schedule({ conversationId: `c${i}`, dueAt: 1_000 + i });
    a.timers.dispose(); // the node that set them is gone
    const b = setup({ store: a.store, clock: a.clock, owner: 'node-b' });
    const c = setup({ store: a.store, clock: a.clock, owner: 'node-c' });
    b.timers.start();
    c.timers.start();
    expect(await b.followUps.get('c7')).toEqual({ conversationId: 'c7', dueAt: 1_007 });
    await a.clock.advanceAsync(5_000, async () => {
      await b.timers.idle();
      await c.timers.idle();
    });
    const ids = [...b.due, ...c.due].map((f) => f.conversationId).sort();
    expect(ids).toEqual(Array.from({ length: 30 }, (_, i) => `c${i}`).sort());
    expect(a.due).toEqual([]);
  });
});

describe('awaitsFollowUp', () => {
  it('holds a pending conversation for its agent only while its follow-up is ahead', () => {
    const agent = { id: 'a1', name: 'Mei' };
    expect(awaitsFollowUp({ status: 'pending', agent, followUpAt: 2_000 }, 1_000)).toBe(true);
    expect(awaitsFollowUp({ status: 'pending', agent, followUpAt: 1_000 }, 1_000)).toBe(false);
    expect(awaitsFollowUp({ status: 'pending', agent }, 1_000)).toBe(false);
    expect(awaitsFollowUp({ status: 'assigned', agent, followUpAt: 2_000 }, 1_000)).toBe(false);
  });
});
