import type { Message } from '@kefu/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/memory-store.ts';
import { eventually } from '../testing/eventually.ts';
import { agent, shopper, startHub, until } from '../testing/hub-fixture.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import type { Hub } from './create-hub.ts';

// Agents who close the console tab without signing out: after the grace period they are offline,
// what they were offered goes back to the queue once, and the waiting shopper is not passed from
// one absent agent to the next.

const AGENTS = [
  { id: 'mei', name: 'Mei', token: 'token-mei-7a2c9e4b1f', groups: ['default'] },
  { id: 'lei', name: 'Lei', token: 'token-lei-3d8f1b6a0c', groups: ['default'] },
  { id: 'boss', name: 'Boss', token: 'token-boss-5e0a7c2d9b', groups: ['default'], supervisor: true },
];
const GRACE_MS = 30_000;

let hub: Hub;
afterEach(async () => {
  await hub?.close();
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

async function setUp() {
  const clock = new ManualClock(Date.UTC(2026, 11, 4, 9));
  const store = createMemoryStore();
  const started = await startHub({
    clock,
    store,
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
  hub = started.hub;
  /** Every agent the conversation was given to, in order. */
  const offers: string[] = [];
  hub.on('state', ({ state }) => {
    if (state.status === 'assigned' && state.agent) offers.push(state.agent.id);
  });
  let closed = 0;
  hub.on('connection', (e) => {
    if (e.role === 'agent' && e.event === 'close') closed++;
  });
  /** Closes consoles as a browser tab does, and waits until the hub saw them go. */
  const closeTabs = async (...tabs: ReturnType<typeof agent>[]) => {
    const before = closed;
    for (const tab of tabs) tab.disconnect();
    await until(() => closed === before + tabs.length, 'the hub saw the tabs close');
  };
  const consoles = AGENTS.map((a) => agent(started.url, a.token));
  await Promise.all(consoles.map((c) => c.connect()));
  await until(() => hub.onlineAgents().length === 3, 'three agents online');
  const waiting = async () => {
    const s = shopper(started.url);
    s.connect();
    await until(() => s.status === 'open', 'welcome');
    s.send('转人工');
    await until(() => s.state !== undefined && s.state.status !== 'bot', 'handed to people');
    return s;
  };
  return { url: started.url, clock, store, offers, consoles, waiting, closeTabs };
}

/** The transcript's system lines after the hand-over, as `event:agent`. */
const lines = (messages: Message[]) =>
  messages.flatMap((m) =>
    m.content.kind === 'system' && m.content.event !== 'greeting'
      ? [`${m.content.event}:${m.content.agentName ?? ''}`]
      : [],
  );

describe('agents who close the console without signing out', () => {
  it('go offline after the grace period: their offer goes back to the queue once, the shopper hears of it once, and nobody absent is offered it', async () => {
    const { clock, store, offers, consoles, waiting, closeTabs } = await setUp();
    const s = await waiting();
    await until(() => s.state?.status === 'assigned', 'offered to an agent at the desk');
    const first = s.state!.agent!.name;
    // Every tab closed, ten seconds apart; nobody signs out.
    for (const c of consoles) {
      await closeTabs(c);
      await advance(clock, 10_000);
    }
    await advance(clock, 3 * 60_000);

    await until(() => hub.onlineAgents().length === 0, 'all offline after the grace period');
    await until(() => s.state?.status === 'queued', 'back in the queue');
    expect(offers).toEqual([AGENTS.find((a) => a.name === first)!.id]);
    expect(lines(s.messages)).toEqual(['queued:', `agent_joined:${first}`, `agent_left:${first}`]);
    // The first response ran late while nobody was there: not counted against an absent agent.
    await eventually(
      async () => (await store.listEvents({ kinds: ['sla'] })).some((e) => e.data?.outcome === 'breach'),
      'the breach recorded',
    );
    const breaches = (await store.listEvents({ kinds: ['sla'] })).filter((e) => e.data?.outcome === 'breach');
    expect(breaches.map((e) => e.agentId)).toEqual([undefined]);
    s.close();
  });

  it('offers a shopper who arrives after every tab closed to nobody', async () => {
    const { clock, offers, consoles, waiting, closeTabs } = await setUp();
    await closeTabs(...consoles);
    const s = await waiting();
    await advance(clock, 2 * 60_000);
    expect(offers).toEqual([]);
    expect(lines(s.messages)).toEqual(['queued:']);
    expect(s.state?.status).toBe('queued');
    s.close();
  });

  it('changes nothing when the agent comes back within the grace period', async () => {
    const { clock, offers, consoles, waiting, closeTabs } = await setUp();
    const s = await waiting();
    await until(() => s.state?.status === 'assigned', 'offered');
    const held = AGENTS.findIndex((a) => a.id === s.state!.agent!.id);
    const c = consoles[held]!;
    await c.join(s.conversationId!);
    await closeTabs(c);
    await advance(clock, GRACE_MS / 2);
    await c.connect();
    await advance(clock, 2 * GRACE_MS);
    expect(s.state?.status).toBe('assigned');
    expect(offers).toHaveLength(1);
    expect(lines(s.messages)).toEqual(['queued:', `agent_joined:${AGENTS[held]!.name}`]);
    s.close();
  });

  it('offers a conversation again to an agent who let it lapse in this wait only when nobody else can take it', async () => {
    const { url, clock, offers, consoles, waiting, closeTabs } = await setUp();
    // Only Mei at the desk; she does not open what she is given.
    await closeTabs(consoles[1]!, consoles[2]!);
    await advance(clock, GRACE_MS + 5_000);
    const s = await waiting();
    await until(() => s.state?.status === 'assigned', 'offered to Mei');
    await advance(clock, 35_000);
    await until(() => s.state?.status === 'queued', 'requeued when Mei did not open it');
    // Lei comes in while Mei is away, and does not open it either: back to the queue without another line.
    const lei = agent(url, AGENTS[1]!.token);
    await lei.connect();
    await until(() => offers.length === 2, 'offered to Lei');
    await advance(clock, 35_000);
    await until(() => s.state?.status === 'queued', 'requeued when Lei did not open it');
    await advance(clock, 30_000);
    expect(offers).toEqual(['mei', 'lei']);
    // Back at her desk, Mei is the only one there with room: the shopper is hers again rather than nobody's.
    await consoles[0]!.setStatus('online');
    await until(() => offers.length === 3, 'offered to Mei again');
    expect(offers).toEqual(['mei', 'lei', 'mei']);
    await until(() => s.state?.status === 'assigned', 'assigned to Mei');
    expect(lines(s.messages)).toEqual([
      'queued:',
      'agent_joined:Mei',
      'agent_left:Mei',
      'agent_joined:Lei',
      'agent_joined:Mei',
    ]);
    s.close();
  });
});
