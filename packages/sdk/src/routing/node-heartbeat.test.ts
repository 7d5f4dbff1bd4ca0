import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/memory-store.ts';
import { timerHarness } from '../testing/timer-harness.ts';
import { NodeHeartbeat } from './node-heartbeat.ts';

function node(name: string, agents: string[], shared?: ReturnType<typeof timerHarness>) {
  const h = timerHarness({ owner: name, ...(shared ? { store: shared.store, clock: shared.clock } : {}) });
  const gone: string[] = [];
  const heartbeat = new NodeHeartbeat({
    nodeId: name,
    timers: h.timers,
    clock: h.clock,
    graceMs: 30_000,
    connected: () => agents,
    agentGone: async (id) => void gone.push(id),
    onError: (_what, error) => h.errors.push(error),
  });
  heartbeat.start();
  h.timers.start();
  return { ...h, heartbeat, gone, agents };
}

describe('NodeHeartbeat', () => {
  it('lets go of a dead node’s agents one grace period after its last beat, unless connected elsewhere', async () => {
    const a = node('a', ['mei', 'lei']);
    const b = node('b', ['lei'], a);
    await a.timers.idle();
    const both = async (ms: number) =>
      a.clock.advanceAsync(ms, async () => {
        await a.timers.idle();
        await b.timers.idle();
      });
    await both(60_000);
    expect(b.gone).toEqual([]); // A beats every 10 s: alive
    a.heartbeat.dispose();
    a.timers.dispose();
    await both(29_000);
    expect(b.gone).toEqual([]);
    await both(3_000);
    expect(b.gone).toEqual(['mei']);
    expect((await a.store.listTimers({ prefix: 'node:' })).map((t) => t.key)).toEqual(['node:b']);
  });

  it('keeps an agent who reconnected to the node that noticed', async () => {
    const a = node('a', ['mei']);
    const b = node('b', [], a);
    await a.timers.idle();
    a.heartbeat.dispose();
    a.timers.dispose();
    b.agents.push('mei');
    await b.advance(40_000);
    expect(b.gone).toEqual([]);
  });

  it('takes no live node for dead after a store outage longer than the grace period', async () => {
    // PostgreSQL down 45 s: neither node could refresh its record, and the first to poll after
    // it came back took the other's agents for gone and requeued their conversations; Mei,
    // connected all along, had her sends refused (`forbidden`, now Lei's) (ops drill, 2026-12-06).
    let down = false;
    const shared = createMemoryStore();
    const store = new Proxy(shared, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) =>
          down ? Promise.reject(new Error('connect ECONNREFUSED')) : value.apply(target, args);
      },
    });
    const a = node('a', ['mei'], timerHarness({ store }));
    const b = node('b', ['lei'], a);
    const both = async (ms: number) =>
      a.clock.advanceAsync(ms, async () => {
        await a.timers.idle();
        await b.timers.idle();
      });
    await both(20_000);
    down = true;
    await both(45_000);
    down = false;
    await both(60_000);
    expect([...a.gone, ...b.gone]).toEqual([]);
    // A node that really died is still let go of, once the survivor has beaten for a grace period.
    a.heartbeat.dispose();
    a.timers.dispose();
    await both(90_000);
    expect(b.gone).toEqual(['mei']);
  });
});
