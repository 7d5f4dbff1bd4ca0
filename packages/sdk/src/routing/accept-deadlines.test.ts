import { describe, expect, it } from 'vitest';
import { timerHarness } from '../testing/timer-harness.ts';
import { AcceptDeadlines } from './accept-deadlines.ts';

function deadlines(harness = timerHarness()) {
  const missed: Array<[string, string, number]> = [];
  const faults: unknown[] = [];
  const accepts = new AcceptDeadlines(
    harness.timers,
    harness.clock,
    30_000,
    async (conversationId, agentId) => {
      missed.push([conversationId, agentId, harness.clock.now()]);
    },
    (_what, error) => faults.push(error),
  );
  return { ...harness, accepts, missed, faults };
}

describe('AcceptDeadlines', () => {
  it('says who missed which conversation once the time to open it ran out, once', async () => {
    const { accepts, advance, missed, timers } = deadlines();
    accepts.start('c_1', 'agent_mei');
    await timers.idle();
    await advance(29_999);
    expect(missed).toEqual([]);
    await advance(1);
    await advance(60_000);
    expect(missed).toEqual([['c_1', 'agent_mei', 30_000]]);
  });

  it('says nothing for a conversation the agent opened in time, and cleared twice is no error', async () => {
    const { accepts, advance, missed, timers, store } = deadlines();
    accepts.start('c_1', 'agent_mei');
    await timers.idle();
    await accepts.clear('c_1');
    await accepts.clear('c_1');
    await advance(60_000);
    expect(missed).toEqual([]);
    expect(await store.getTimer('accept:c_1')).toBeNull();
  });

  it('reports a deadline the store refused to keep, without throwing at the assignment', async () => {
    const harness = timerHarness();
    harness.store.putTimer = async () => {
      throw new Error('store down');
    };
    const { accepts, faults, timers } = deadlines(harness);
    accepts.start('c_1', 'agent_mei');
    await timers.idle();
    await new Promise((r) => setImmediate(r));
    expect(faults).toEqual([new Error('store down')]);
  });
});
