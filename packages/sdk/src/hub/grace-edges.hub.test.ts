import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryBus } from '../bus/memory-bus.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import type { Store } from '../store/store.ts';
import { eventually } from '../testing/eventually.ts';
import { heldStore } from '../testing/held-store.ts';
import { agent, shopper, startHub, until } from '../testing/hub-fixture.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import type { Hub } from './create-hub.ts';

// An agent who closed the console has a grace period to come back, kept by the node they were on.
// That node restarting inside it must not forget them: their conversations are still requeued
// once it is over, or their shoppers wait with nobody there. An agent back just as it ends keeps
// what they came back to.

const AGENTS = [
  { id: 'mei', name: 'Mei', token: 'token-mei-7a2c9e4b1f', groups: ['default'] },
  { id: 'lei', name: 'Lei', token: 'token-lei-3d8f1b6a0c', groups: ['default'] },
];
const GRACE_MS = 30_000;

let hubs: Hub[] = [];
afterEach(async () => {
  for (const h of hubs) await h.close();
  hubs = [];
});

/** Lets sockets, the bus and the store catch up with what the last clock step set off. */
const turn = () => new Promise((r) => setTimeout(r, 5));

/** Moves the hub's clock a second at a time, letting what falls due run in between. */
async function advance(clock: ManualClock, ms: number) {
  for (let done = 0; done < ms; done += 1_000) {
    clock.advance(1_000);
    await turn();
  }
}

async function node(clock: ManualClock, store: Store) {
  const started = await startHub({
    clock,
    store,
    bus: createMemoryBus(),
    agents: AGENTS,
    routing: { assignment: 'auto', ticketWhenUnstaffed: false, agentGraceMs: GRACE_MS },
    // The clock moves by minutes: no heartbeat sweep should close a socket for it.
    limits: { heartbeatMs: 3_600_000, idleTimeoutMs: 7_200_000 },
  });
  hubs.push(started.hub);
  return started;
}

describe('an agent in their grace period when their node restarts', () => {
  it('has their conversations requeued once the grace period is over, on the restarted node', async () => {
    const { clock, store, conversationId, restart } = await meiLeavesAChat();
    await restart();
    await givenToLeiOnceGraceIsOver(clock, store, conversationId);
  });

  it('routes a pending conversation whose follow-up fell due in the grace period, on the restarted node', async () => {
    const { clock, store, conversationId, mei, restart } = await meiLeavesAChat(async (mei, id, clock) => {
      await mei.pending(id, clock.now() + GRACE_MS / 3, 'asking the warehouse');
    });
    expect((await store.getConversation(conversationId))?.state.status).toBe('pending');
    expect(mei.status).not.toBe('open');
    await restart();
    await givenToLeiOnceGraceIsOver(clock, store, conversationId);
  });
});

describe('an agent whose console reconnects as their grace period ends', () => {
  it('keeps the conversations they came back to', async () => {
    const clock = new ManualClock(Date.UTC(2026, 11, 7, 9));
    let graceEnds = Number.POSITIVE_INFINITY;
    // Holds the grace period's look-up of what Mei holds until her console is back.
    const gate = heldStore(
      createMemoryStore(),
      'listConversations',
      (q) => q?.agentId === 'mei' && clock.now() >= graceEnds,
    );
    const { store } = gate;
    const { started, conversationId, mei } = await meiInAChat(clock, store);
    const statuses: string[] = [];
    started.hub.on('state', (e) => {
      if (e.conversationId === conversationId) statuses.push(e.state.status);
    });
    await leaves(started.hub, mei);
    graceEnds = clock.now() + GRACE_MS;

    await advance(clock, GRACE_MS + 1_000);
    await until(() => gate.reached, 'the grace period is over');
    const back = agent(started.url, AGENTS[0]!.token);
    await back.connect();
    gate.release();
    await until(() => gate.answered, 'the look-up answered');
    // Round trips that take longer than a requeue on the memory store would.
    await back.send(conversationId, '我回来了');
    await back.join(conversationId);
    expect(statuses).not.toContain('queued');
    expect((await store.getConversation(conversationId))?.state).toMatchObject({
      status: 'assigned',
      agent: { id: 'mei' },
    });
    expect(started.hub.onlineAgents().map((a) => a.id)).toEqual(['mei']);
  });
});

/**
 * Mei takes a shopper, answers (and does `before`), closes her console and the node restarts half
 * a grace period later, past its next heartbeat; Lei is at his desk on the restarted node.
 */
async function meiLeavesAChat(
  before?: (mei: ReturnType<typeof agent>, conversationId: string, clock: ManualClock) => Promise<void>,
) {
  const clock = new ManualClock(Date.UTC(2026, 11, 7, 9));
  const store = createMemoryStore();
  const { started: first, s, conversationId, mei } = await meiInAChat(clock, store);
  await before?.(mei, conversationId, clock);
  await leaves(first.hub, mei);
  await advance(clock, GRACE_MS / 2);
  const restart = async () => {
    await first.hub.close();
    s.close();
    const again = await node(clock, store);
    await agent(again.url, AGENTS[1]!.token).connect();
  };
  return { clock, store, conversationId, mei, restart };
}

/** A node on `store` where Mei took a shopper who asked for a person, opened the chat and answered. */
async function meiInAChat(clock: ManualClock, store: Store) {
  const started = await node(clock, store);
  const mei = agent(started.url, AGENTS[0]!.token);
  await mei.connect();
  const s = shopper(started.url);
  s.connect();
  await until(() => s.status === 'open', 'welcome');
  s.send('转人工');
  await until(() => s.state?.agent?.id === 'mei', 'with Mei');
  const conversationId = s.conversationId!;
  await mei.join(conversationId);
  await mei.send(conversationId, '您好，我是小美');
  return { started, s, conversationId, mei };
}

/** Mei closes her console, and the hub has seen it close. */
async function leaves(hub: Hub, mei: ReturnType<typeof agent>) {
  let closed = false;
  hub.on('connection', (e) => {
    if (e.role === 'agent' && e.event === 'close') closed = true;
  });
  mei.disconnect();
  await until(() => closed, 'the hub saw Mei’s console close');
}

/** Moves the clock on until Lei holds the conversation (the grace period and then some at most). */
async function givenToLeiOnceGraceIsOver(clock: ManualClock, store: Store, conversationId: string) {
  const heldBy = async () => (await store.getConversation(conversationId))?.state.agent?.id;
  for (let waited = 0; waited < 2 * GRACE_MS && (await heldBy()) !== 'lei'; waited += 1_000)
    await advance(clock, 1_000);
  await eventually(async () => (await heldBy()) === 'lei', 'requeued and taken by Lei');
}
