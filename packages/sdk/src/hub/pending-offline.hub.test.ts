import { afterEach, describe, expect, it } from 'vitest';
import type { AgentClientEvents } from '../agent/agent-client-events.ts';
import { createMemoryBus } from '../bus/memory-bus.ts';
import type { HubEvents } from '../conversation/hub-events.ts';
import type { SlaTimer } from '../routing/sla.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import type { Store } from '../store/store.ts';
import { agent, shopper, startHub, until } from '../testing/hub-fixture.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import type { Hub } from './create-hub.ts';

// An agent who set a conversation pending (waiting on the shopper, with a follow-up) and closed the
// console: nothing is owed meanwhile, so it stays theirs and pending past the grace period. Only the
// shopper writing, or the follow-up falling due, while they are still offline sends it to the queue.

const AGENTS = [
  { id: 'mei', name: 'Mei', token: 'token-mei-7a2c9e4b1f', groups: ['default'] },
  { id: 'lei', name: 'Lei', token: 'token-lei-3d8f1b6a0c', groups: ['default'] },
];
const GRACE_MS = 30_000;
// Past the grace period by minutes, near enough for the clock to walk there a second at a time.
const FOLLOW_UP_MS = 5 * 60_000;

let hub: Hub;
let other: Hub | undefined;
afterEach(async () => {
  await hub?.close();
  await other?.close();
  other = undefined;
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

/** The response clocks (first or next response) running on a conversation. */
async function responseClocks(store: Store, conversationId: string): Promise<string[]> {
  const timer = await store.getTimer(`sla:${conversationId}`);
  const timers = (timer?.data as { timers?: Record<string, SlaTimer> } | undefined)?.timers ?? {};
  return Object.keys(timers).filter((m) => m !== 'resolution');
}

/** A hub node on the test's clock, store and bus, with the routing these tests use. */
function node(clock: ManualClock, store: Store, bus: ReturnType<typeof createMemoryBus>) {
  return startHub({
    clock,
    store,
    bus,
    agents: AGENTS,
    routing: {
      assignment: 'auto',
      ticketWhenUnstaffed: false,
      agentGraceMs: GRACE_MS,
      acceptTimeoutMs: 30_000,
      sla: { default: { firstResponseMs: 15_000 } },
    },
    // The clock moves by minutes: no heartbeat sweep should close a socket for it.
    limits: { heartbeatMs: 3_600_000, idleTimeoutMs: 7_200_000 },
  });
}

/** Mei takes a shopper (on `shopperUrl`), answers and sets the conversation pending until `dueInMs` from now. */
async function meiSetsPending(clock: ManualClock, url: string, dueInMs: number, shopperUrl = url) {
  const mei = agent(url, AGENTS[0]!.token);
  await mei.connect();
  const s = shopper(shopperUrl);
  s.connect();
  await until(() => s.status === 'open', 'welcome');
  s.send('转人工');
  await until(() => s.state?.agent?.id === 'mei', 'with Mei');
  const c = await mei.join(s.conversationId!);
  await mei.send(c.id, '我去问一下仓库，明天回复您');
  const dueAt = clock.now() + dueInMs;
  await mei.pending(c.id, dueAt, 'asking the warehouse');
  await until(() => s.state?.status === 'pending', 'pending');
  return { mei, s, c, dueAt };
}

/**
 * Mei alone at her desk takes a shopper, answers, sets it pending for five minutes and closes the
 * tab. With `twoNodes`, the shopper is on a second node, which only hears of Mei over the bus.
 */
async function pendingWithMeiGone(twoNodes = false) {
  const clock = new ManualClock(Date.UTC(2026, 11, 4, 9));
  const store = createMemoryStore();
  const bus = createMemoryBus();
  const started = await node(clock, store, bus);
  hub = started.hub;
  const second = twoNodes ? await node(clock, store, bus) : undefined;
  other = second?.hub;
  const shopperUrl = second?.url ?? started.url;
  const sla: HubEvents['sla'][] = [];
  hub.on('sla', (e) => sla.push(e));
  let closed = 0;
  hub.on('connection', (e) => {
    if (e.role === 'agent' && e.event === 'close') closed++;
  });
  const { mei, s, c, dueAt } = await meiSetsPending(clock, started.url, FOLLOW_UP_MS, shopperUrl);
  mei.disconnect();
  await until(() => closed === 1, 'the hub saw Mei’s tab close');
  await advance(clock, GRACE_MS + 10_000);
  await until(() => hub.onlineAgents().length === 0, 'Mei offline after the grace period');
  const breaches = () =>
    sla.filter((e) => 'timer' in e && e.timer.conversationId === c.id && e.type !== 'met').length;
  return { url: shopperUrl, clock, store, s, id: c.id, dueAt, breaches };
}

describe('a pending conversation whose agent went offline', () => {
  it('stays pending with its follow-up and no SLA clock, and goes to the queue when the shopper writes', async () => {
    const { url, clock, store, s, id, dueAt, breaches } = await pendingWithMeiGone();
    expect(s.state).toMatchObject({ status: 'pending', followUpAt: dueAt, agent: { id: 'mei' } });
    expect(await responseClocks(store, id)).toEqual([]);
    await advance(clock, 60_000);
    expect(breaches()).toBe(0);
    expect(s.state?.status).toBe('pending');

    // Lei comes in: nothing of Mei's pending case is offered to him while nobody waits.
    const lei = agent(url, AGENTS[1]!.token);
    await lei.connect();
    await advance(clock, 5_000);
    expect(s.state).toMatchObject({ status: 'pending', agent: { id: 'mei' } });

    s.send('仓库怎么说？');
    await until(() => s.state?.agent?.id === 'lei', 'routed to Lei, who is at his desk');
    expect(s.state?.status).toBe('assigned');
    expect(s.state?.followUpAt).toBeUndefined();
    expect(await responseClocks(store, id)).not.toEqual([]);
    s.close();
    lei.disconnect();
  });

  it('goes to the queue with the follow-up alert when the follow-up falls due while they are still offline', async () => {
    const { url, clock, s, id, dueAt } = await pendingWithMeiGone();
    const followUps: HubEvents['followUp'][] = [];
    hub.on('followUp', (f) => followUps.push(f));
    const lei = agent(url, AGENTS[1]!.token);
    const alerts: AgentClientEvents['alert'][] = [];
    lei.on('alert', (a) => alerts.push(a));
    await lei.connect();
    await advance(clock, 5_000);
    expect(s.state).toMatchObject({ status: 'pending', agent: { id: 'mei' } });

    await advance(clock, dueAt - clock.now() + 2_000);
    await until(() => s.state?.agent?.id === 'lei', 'routed to Lei once the follow-up fell due');
    expect(followUps).toMatchObject([{ conversationId: id, agentId: 'mei', note: 'asking the warehouse' }]);
    await until(() => alerts.some((a) => a.kind === 'follow_up_due'), 'the follow-up alert reaches Lei');
    expect(alerts.find((a) => a.kind === 'follow_up_due')).toMatchObject({
      conversationId: id,
      note: 'asking the warehouse',
    });
    s.close();
    lei.disconnect();
  });

  it('is decided alike on another node: the shopper there writes, and it is routed to an agent of that node', async () => {
    const { url, clock, s } = await pendingWithMeiGone(true);
    await until(() => other!.onlineAgents().length === 0, 'the shopper’s node sees Mei offline');
    expect(s.state).toMatchObject({ status: 'pending', agent: { id: 'mei' } });
    const lei = agent(url, AGENTS[1]!.token);
    await lei.connect();
    await advance(clock, 5_000);
    s.send('仓库怎么说？');
    await until(() => s.state?.agent?.id === 'lei', 'routed to Lei on the shopper’s node');
    s.close();
    lei.disconnect();
  });

  it('tells the group of a follow-up that falls due in the grace period, and routes it once the agent is offline', async () => {
    const clock = new ManualClock(Date.UTC(2026, 11, 4, 9));
    const started = await node(clock, createMemoryStore(), createMemoryBus());
    hub = started.hub;
    const { mei, s } = await meiSetsPending(clock, started.url, GRACE_MS / 2);
    const lei = agent(started.url, AGENTS[1]!.token);
    const alerts: AgentClientEvents['alert'][] = [];
    lei.on('alert', (a) => alerts.push(a));
    await lei.connect();
    let closed = false;
    hub.on('connection', (e) => {
      if (e.role === 'agent' && e.event === 'close') closed = true;
    });
    mei.disconnect();
    await until(() => closed, 'the hub saw Mei’s tab close');
    await advance(clock, GRACE_MS / 2 + 2_000);
    // Mei has no console open to show it: the group hears of it, while it is still hers.
    await until(() => alerts.some((a) => a.kind === 'follow_up_due'), 'the follow-up alert reaches Lei');
    expect(s.state).toMatchObject({ status: 'pending', agent: { id: 'mei' } });
    await advance(clock, GRACE_MS);
    await until(() => s.state?.agent?.id === 'lei', 'routed to Lei once Mei is offline');
    s.close();
    lei.disconnect();
  });

  it('keeps it pending with its agent when they choose offline, with a colleague online', async () => {
    const clock = new ManualClock(Date.UTC(2026, 11, 4, 9));
    const started = await node(clock, createMemoryStore(), createMemoryBus());
    hub = started.hub;
    const { mei, s, dueAt } = await meiSetsPending(clock, started.url, FOLLOW_UP_MS);
    const lei = agent(started.url, AGENTS[1]!.token);
    await lei.connect();
    await mei.setStatus('offline');
    await until(() => hub.onlineAgents().every((a) => a.id !== 'mei'), 'Mei offline');
    await advance(clock, 5_000);
    expect(s.state).toMatchObject({ status: 'pending', followUpAt: dueAt, agent: { id: 'mei' } });
    s.close();
    lei.disconnect();
    mei.disconnect();
  });
});
