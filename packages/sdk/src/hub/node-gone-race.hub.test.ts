import { describe, expect, it } from 'vitest';
import { createMemoryBus } from '../bus/memory-bus.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import { heldStore } from '../testing/held-store.ts';
import { AGENT_TOKEN, AGENT2_TOKEN, agent, startHub, until } from '../testing/hub-fixture.ts';

// The hubs and the clients are closed after each test by test/close-started.ts.

// A node that finds another one dead lets go of that node's agents one after the other, each after
// a store read. An agent who signs in on it meanwhile is at their desk, not offline.

describe('the agents of a node that went away', () => {
  it('leaves one online who signed in on the node letting go of them before their turn came', async () => {
    let gone = false;
    // Holds the look-up of what Lei holds (the first agent let go of) until Mei is back.
    const gate = heldStore(createMemoryStore(), 'listConversations', (q) => q?.agentId === 'lei' && gone);
    const { store } = gate;
    const bus = createMemoryBus();
    const routing = { assignment: 'manual' as const, agentGraceMs: 300, timers: { pollMs: 20 } };
    const a = await startHub({ store, bus, routing });
    const b = await startHub({ store, bus, routing });
    // Lei first: node A's record lists him before Mei.
    const lei = agent(a.url, AGENT2_TOKEN);
    await lei.connect();
    const mei = agent(a.url, AGENT_TOKEN);
    await mei.connect();
    await until(() => b.hub.onlineAgents().length === 2, 'node B sees both');
    lei.disconnect();
    mei.disconnect();
    gone = true;
    await a.hub.close();

    await until(() => gate.reached, 'node B lets go of Lei');
    const back = agent(b.url, AGENT_TOKEN);
    await back.connect();
    gate.release();
    await until(() => !b.hub.onlineAgents().some((x) => x.id === 'lei'), 'Lei offline');
    // A round trip to node B, well past the moment Mei's turn came.
    await back.agentsOnline();
    expect(b.hub.onlineAgents().map((x) => x.id)).toEqual(['mei']);
  });
});
