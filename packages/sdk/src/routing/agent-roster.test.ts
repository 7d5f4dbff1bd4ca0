import { describe, expect, it } from 'vitest';
import { createMemoryBus } from '../bus/memory-bus.ts';
import type { AgentProfile } from '../seams/agents.ts';
import { latePresence } from '../testing/late-presence.ts';
import { timerHarness } from '../testing/timer-harness.ts';
import { until } from '../testing/until.ts';
import { AgentRoster } from './agent-roster.ts';
import type { DispatchHooks } from './dispatcher-contract.ts';

const mei: AgentProfile = { id: 'mei', name: 'Mei', groups: ['default'] };
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Two nodes' rosters on one bus and one store, as in a cluster. */
async function cluster({ startB = true } = {}) {
  const bus = createMemoryBus();
  // What node B hears of agents can be held back, as a busy bus delivers it late.
  const toB = latePresence(bus, { held: false });
  const shared = timerHarness({ owner: 'a' });
  const requeued: string[] = [];
  const roster = (nodeId: string, nodeBus = bus) => {
    const h = timerHarness({ owner: nodeId, store: shared.store, clock: shared.clock });
    return new AgentRoster({
      nodeId,
      clock: h.clock,
      bus: nodeBus,
      store: h.store,
      durable: h.timers,
      graceMs: 30_000,
      defaultCapacity: 5,
      hooks: {
        requeue: async (conversationId: string) => void requeued.push(conversationId),
        nodeGone: () => {},
        fault: (_what: string, error: unknown) => {
          throw error;
        },
      } as unknown as DispatchHooks,
      onOnline: () => {},
    });
  };
  const a = roster('a');
  const b = roster('b', toB.bus);
  await a.start();
  if (startB) await b.start();
  return { a, b, requeued, clock: shared.clock, toB };
}

describe('AgentRoster', () => {
  it('shows an agent connected on one node as online on every node', async () => {
    const { a, b } = await cluster();
    b.connected(mei, 'online', 0);
    await settle();
    expect(a.online().map((p) => p.id)).toEqual(['mei']);
    expect(b.online().map((p) => p.id)).toEqual(['mei']);
    a.dispose();
    b.dispose();
  });

  it('tells a node that joins later who is connected elsewhere, with the status they chose', async () => {
    const { a, b } = await cluster({ startB: false });
    const lin: AgentProfile = { id: 'lin', name: 'Lin', groups: ['billing'] };
    a.connected(mei, 'online', 0);
    a.connected(lin, 'online', 0);
    a.setStatus('lin', 'away');
    await settle();
    await b.start();
    await until(() => b.directory.get('lin')?.status === 'away', 'Lin, away, known to the new node');
    expect(b.online().map((p) => p.id)).toEqual(['mei']);
    expect(b.directory.staffing('default').online).toBe(1);
    expect(b.hasGroup('billing')).toBe(true);
    // A sign-in of Lin's on the new node keeps the away she chose on the other one.
    expect(b.connected(lin, 'online', 0)).toBe('away');
    a.dispose();
    b.dispose();
  });

  it('offers nothing to an agent whose last console closed, on any node, until one is open again', async () => {
    const { a, b } = await cluster();
    b.connected(mei, 'online', 0);
    await settle();
    b.disconnected('mei');
    await settle();
    // Still online in the grace period (a reconnect changes nothing), but nobody would see an offer.
    for (const roster of [a, b]) {
      expect(roster.online().map((p) => p.id)).toEqual(['mei']);
      expect(roster.directory.get('mei')).toMatchObject({ connected: false });
      expect(roster.present('mei')).toBe(false);
    }
    // Their load changing meanwhile (a requeue on node A) does not make them reachable.
    await a.syncLoad('mei');
    await settle();
    expect(b.directory.get('mei')).toMatchObject({ connected: false });
    b.connected(mei, 'online', 0);
    await settle();
    for (const roster of [a, b]) expect(roster.directory.get('mei')).toMatchObject({ connected: true });
    a.dispose();
    b.dispose();
  });

  it('keeps an agent reachable whose console on one node closed while another node holds one', async () => {
    const { a, b } = await cluster();
    a.connected(mei, 'online', 0);
    b.connected(mei, 'online', 0);
    await settle();
    a.disconnected('mei');
    await settle();
    await settle();
    for (const roster of [a, b]) expect(roster.directory.get('mei')).toMatchObject({ connected: true });
    a.dispose();
    b.dispose();
  });

  it('puts an agent back online when another node wrongly took their node for gone (a late heartbeat)', async () => {
    const { a, b } = await cluster();
    b.connected(mei, 'online', 0);
    await settle();
    // What node A does when B's heartbeat record falls due while B is only slow.
    a.announce('mei', 'offline');
    await settle();
    await settle();
    expect(a.directory.get('mei')?.status).toBe('online');
    expect(b.directory.get('mei')?.status).toBe('online');
    a.dispose();
    b.dispose();
  });

  it('keeps an agent offline once their last connection here is gone for good', async () => {
    const { a, b } = await cluster();
    b.connected(mei, 'online', 0);
    await settle();
    b.disconnected('mei');
    a.announce('mei', 'offline');
    await settle();
    await settle();
    expect(a.directory.get('mei')?.status).toBe('offline');
    expect(b.directory.get('mei')?.status).toBe('offline');
    a.dispose();
    b.dispose();
  });

  it('respects an agent who chose away: a wrong "gone" puts them back to away, not online', async () => {
    const { a, b } = await cluster();
    b.connected(mei, 'online', 0);
    await settle();
    b.setStatus('mei', 'away');
    await settle();
    a.announce('mei', 'offline');
    await settle();
    await settle();
    expect(a.directory.get('mei')?.status).toBe('away');
    a.dispose();
    b.dispose();
  });

  it('takes an agent for offline once their grace period ended on another node, before that node says so', async () => {
    const { a, b, clock, toB } = await cluster();
    a.connected(mei, 'online', 0);
    // Off the heartbeat's beat (every 10 s from her sign-in), so no regular refresh of node A's
    // record falls at the grace period's end.
    await clock.advanceAsync(5_000, settle);
    a.disconnected('mei');
    await settle();
    expect(b.directory.get('mei')).toMatchObject({ status: 'online', connected: false });
    expect(await b.offline('mei')).toBe(false);
    toB.hold();
    await clock.advanceAsync(30_000, settle);
    expect(a.directory.get('mei')?.status).toBe('offline');
    // A follow-up due on node B now (or her shopper writing there) must not wait on her: node A
    // kept her pending chats for exactly that, and requeues nothing more.
    expect(b.directory.get('mei')?.status).toBe('online');
    expect(await b.offline('mei')).toBe(true);
    toB.release();
    a.dispose();
    b.dispose();
  });

  it('takes an agent for offline whose node stopped answering for them, before any node says so', async () => {
    const { a, b, clock } = await cluster();
    a.connected(mei, 'online', 0);
    await settle();
    expect(b.directory.get('mei')).toMatchObject({ status: 'online' });
    a.dispose(); // node A dies: its heartbeat record runs out, and nobody has let go of Mei yet
    await clock.advanceAsync(31_000, settle);
    expect(b.directory.get('mei')).toMatchObject({ status: 'online' });
    expect(await b.offline('mei')).toBe(true);
    b.dispose();
  });

  it('reports a store that fails while it requeues an agent who went offline, as a fault', async () => {
    const bus = createMemoryBus();
    const h = timerHarness({ owner: 'a' });
    const faults: string[] = [];
    const store = {
      ...h.store,
      listConversations: async () => {
        throw new Error('the store is unreachable');
      },
    };
    const roster = new AgentRoster({
      nodeId: 'a',
      clock: h.clock,
      bus,
      store,
      durable: h.timers,
      graceMs: 30_000,
      defaultCapacity: 5,
      hooks: {
        requeue: async () => {},
        nodeGone: () => {},
        fault: (what: string) => void faults.push(what),
      } as unknown as DispatchHooks,
      onOnline: () => {},
    });
    await roster.start();
    roster.connected(mei, 'online', 0);
    await settle();
    roster.setStatus('mei', 'offline');
    await until(() => faults.includes('requeue'), 'the fault reported');
    roster.dispose();
  });
});
