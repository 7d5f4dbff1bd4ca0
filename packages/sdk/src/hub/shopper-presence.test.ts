import { describe, expect, it } from 'vitest';
import { createMemoryBus } from '../bus/memory-bus.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import { ShopperPresence } from './shopper-presence.ts';

function cluster(names: string[]) {
  const bus = createMemoryBus();
  const clock = new ManualClock(1_000);
  const changes: string[] = [];
  const caused: string[] = [];
  const nodes = names.map((nodeId) => {
    const p = new ShopperPresence({
      nodeId,
      bus,
      clock,
      causedHere: async (id) => {
        caused.push(`${nodeId}:${id}`);
      },
      onError: (_what, error) => {
        throw error;
      },
    });
    p.onChange((id, online) => changes.push(`${nodeId}:${id}:${online ? 'on' : 'off'}`));
    return p;
  });
  return { bus, nodes, changes, caused };
}
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('ShopperPresence', () => {
  it('is online while any tab on any node is open, and tells each node once of each change', async () => {
    const { nodes, changes, caused } = cluster(['a', 'b']);
    const [a, b] = nodes as [ShopperPresence, ShopperPresence];
    await a.start();
    await b.start();
    a.connected('c1');
    b.connected('c1'); // a second tab, on the other node
    await tick();
    expect([a.online('c1'), b.online('c1')]).toEqual([true, true]);
    a.disconnected('c1');
    await tick();
    expect(b.online('c1')).toBe(true);
    b.disconnected('c1');
    await tick();
    expect([a.online('c1'), b.online('c1')]).toEqual([false, false]);
    expect(changes).toEqual(['a:c1:on', 'b:c1:on', 'a:c1:off', 'b:c1:off']);
    // The node whose connection made the difference refreshes the inbox line, once for the cluster.
    expect(caused).toEqual(['a:c1', 'b:c1']);
  });

  it('counts two tabs on one node before the bus has said anything', async () => {
    const { nodes } = cluster(['a']);
    const [a] = nodes as [ShopperPresence];
    a.connected('c1'); // before start: not yet subscribed
    a.connected('c1');
    await a.start();
    a.disconnected('c1');
    await tick();
    expect(a.online('c1')).toBe(true);
  });

  it('forgets a dead node’s shoppers on every node, and a new node learns who is online', async () => {
    const { nodes, changes } = cluster(['a', 'b', 'c']);
    const [a, b, c] = nodes as [ShopperPresence, ShopperPresence, ShopperPresence];
    await a.start();
    await b.start();
    a.connected('c1');
    b.connected('c2');
    await tick();
    await c.start(); // joins late: asks for the counts
    await tick();
    expect([c.online('c1'), c.online('c2')]).toEqual([true, true]);
    a.dispose(); // a dies with its shopper's tab open
    b.nodeGone('a'); // b found a's heartbeat ran out
    await tick();
    expect([b.online('c1'), c.online('c1'), c.online('c2')]).toEqual([false, false, true]);
    expect(changes.filter((x) => x.endsWith('c1:off')).sort()).toEqual(['b:c1:off', 'c:c1:off']);
  });
});
