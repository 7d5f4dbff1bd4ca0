import { describe, expect, it } from 'vitest';
import { createMemoryBus } from '../bus/memory-bus.ts';
import { timerHarness } from '../testing/timer-harness.ts';
import { ClusterBreachRate } from './cluster-breach-rate.ts';
import type { BreachRateEvent } from './sla.ts';

describe('ClusterBreachRate', () => {
  it('raises and clears the alert once for the cluster, from outcomes seen on any node', async () => {
    const bus = createMemoryBus();
    const first = timerHarness();
    const changes: Array<[string, BreachRateEvent['type']]> = [];
    const nodes = ['a', 'b', 'c'].map((name) => {
      const h = name === 'a' ? first : timerHarness({ store: first.store, clock: first.clock, owner: name });
      return new ClusterBreachRate({
        nodeId: name,
        bus,
        timers: h.timers,
        clock: h.clock,
        options: { threshold: 0.4, minSamples: 3, windowMs: 60_000 },
        onChange: async (e) => void changes.push([name, e.type]),
        onError: (_what, error) => first.errors.push(error),
      });
    });
    for (const n of nodes) await n.start();
    const settle = () => new Promise((r) => setTimeout(r, 10));
    nodes[0]!.record(true);
    nodes[1]!.record(false);
    nodes[2]!.record(true); // 2 of 3 breached, seen on three nodes
    await settle();
    expect(changes.map(([, type]) => type)).toEqual(['breach_rate_alert']);
    expect(nodes.map((n) => n.rate())).toEqual([2 / 3, 2 / 3, 2 / 3]);
    first.clock.advance(61_000); // the window empties on a quiet night
    await settle();
    expect(changes.map(([, type]) => type)).toEqual(['breach_rate_alert', 'breach_rate_cleared']);
    expect(first.errors).toEqual([]);
    for (const n of nodes) n.dispose();
  });

  it('rebuilds the window from the event log after a restart, and knows the alert is already up', async () => {
    const h = timerHarness();
    await h.store.putTimer({
      key: 'breach_rate',
      kind: 'breach_rate',
      dueAt: null,
      data: { alerting: true },
    });
    await h.store.appendEvents(
      [true, true, false].map((breached, i) => ({
        id: `e_${i}`,
        at: i,
        kind: 'sla' as const,
        conversationId: `c_${i}`,
        data: { metric: 'first_response', outcome: breached ? 'breach' : 'met' },
      })),
    );
    const changes: string[] = [];
    const rate = new ClusterBreachRate({
      nodeId: 'a',
      bus: createMemoryBus(),
      timers: h.timers,
      clock: h.clock,
      options: { threshold: 0.4, minSamples: 3 },
      onChange: async (e) => void changes.push(e.type),
      onError: (_what, error) => h.errors.push(error),
    });
    await rate.start();
    expect(rate.rate()).toBeCloseTo(2 / 3);
    expect(changes).toEqual([]); // already raised before the restart: not raised again
    rate.dispose();
  });
});
