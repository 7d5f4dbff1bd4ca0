import type { AgentStatus } from '@kefu/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { channels } from '../bus/bus.ts';
import { createMemoryBus } from '../bus/memory-bus.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import {
  AGENT_TOKEN,
  AGENT2_TOKEN,
  agent,
  killableWs,
  rawSocket,
  shopperAskingForPerson,
  startHub,
  until,
} from '../testing/hub-fixture.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import type { Hub } from './create-hub.ts';

// The hub holds the status an agent chose (在线 / 离开): every tab of theirs shows it, and a tab
// that reconnects or opens later takes it instead of saying "online" over it.

const hubs: Hub[] = [];
afterEach(async () => {
  await Promise.all(hubs.splice(0).map((h) => h.close()));
});

const AUTO = { assignment: 'auto', ticketWhenUnstaffed: false } as const;

async function started(options: Parameters<typeof startHub>[0] = {}) {
  const s = await startHub({ routing: AUTO, ...options });
  hubs.push(s.hub);
  /** Every agent a conversation was given to, in order. */
  const offers: string[] = [];
  s.hub.on('state', ({ state }) => {
    if (state.status === 'assigned' && state.agent) offers.push(state.agent.id);
  });
  return { ...s, offers };
}

/** An agent tab whose socket the test can cut, with the statuses the hub told it. */
function tab(url: string, token = AGENT_TOKEN) {
  const cut = killableWs(null);
  const client = agent(url, token, cut.WebSocket);
  const told: AgentStatus[] = [];
  let welcomes = 0;
  client.on('agentStatus', (s) => told.push(s));
  client.on('welcome', () => welcomes++);
  return {
    client,
    told,
    kill: cut.kill,
    get welcomes() {
      return welcomes;
    },
  };
}

const meiOnline = (hub: Hub) => hub.onlineAgents().some((a) => a.id === 'mei');

describe('the agent status chosen in one tab', () => {
  it('reaches the other tab, survives its reconnect, and no shopper is assigned to her meanwhile', async () => {
    const { hub, url, offers } = await started();
    const a = tab(url);
    const b = tab(url);
    await a.client.connect();
    await b.client.connect();
    expect(b.client.agentStatus).toBe('online');

    await a.client.setStatus('away');
    await until(() => b.client.agentStatus === 'away', 'tab B told away');
    expect(b.told.at(-1)).toBe('away');
    expect(b.client.profile?.status).toBe('away');

    // Tab B's network drops; it comes back saying hello with what it knew.
    expect(b.kill()).toBe(true);
    await until(() => b.welcomes === 2, 'tab B welcomed again');
    expect(b.client.agentStatus).toBe('away');
    expect(a.client.agentStatus).toBe('away');
    expect(meiOnline(hub)).toBe(false);

    // A shopper waits; only when Lei signs in is someone assigned, and it is Lei.
    const s = await shopperAskingForPerson(url, 'queued');
    const lei = agent(url, AGENT2_TOKEN);
    await lei.connect();
    await until(
      () => s.state?.status === 'assigned',
      () => `assigned (state ${s.state?.status})`,
    );
    expect(s.state?.agent?.id).toBe('lei');
    expect(offers).toEqual(['lei']);

    // Back online from tab B: tab A shows it too.
    await b.client.setStatus('online');
    await until(() => a.client.agentStatus === 'online', 'tab A told online');
  });

  it('is taken by a tab opened later, which asks for online', async () => {
    const { hub, url } = await started();
    const a = tab(url);
    await a.client.connect();
    await a.client.setStatus('away');
    const c = tab(url);
    await c.client.connect();
    expect(c.client.agentStatus).toBe('away');
    expect(c.client.profile?.status).toBe('away');
    expect(c.told).toEqual(['away']);
    expect(meiOnline(hub)).toBe(false);
  });

  it('is taken by a client that does not read status frames (its welcome says it)', async () => {
    const { url } = await started();
    const a = tab(url);
    await a.client.connect();
    await a.client.setStatus('away');
    const raw = await rawSocket(url, null);
    raw.send({ v: 1, type: 'hello', id: 'h1', role: 'agent', token: AGENT_TOKEN, status: 'online' });
    expect(await raw.next('welcome')).toMatchObject({ agent: { id: 'mei', status: 'away' } });
    raw.ws.close();
  });

  it('reaches a tab on another hub node', async () => {
    const shared = {
      store: createMemoryStore(),
      bus: createMemoryBus(),
      secret: 'cluster-secret-0123456789',
    };
    const one = await started(shared);
    const two = await started(shared);
    const a = tab(one.url);
    const b = tab(two.url);
    await a.client.connect();
    await b.client.connect();
    await a.client.setStatus('away');
    await until(() => b.client.agentStatus === 'away', 'the tab on node two told away');
    expect(b.kill()).toBe(true);
    await until(() => b.welcomes === 2, 'tab B welcomed again');
    expect(b.client.agentStatus).toBe('away');
    await until(() => !meiOnline(one.hub) && !meiOnline(two.hub), 'away on both nodes');
  });

  it('is kept through the grace period without any tab, and forgotten after it', async () => {
    const clock = new ManualClock(Date.UTC(2026, 11, 4, 9));
    const graceMs = 30_000;
    const bus = createMemoryBus();
    let signedOut = false;
    await bus.subscribe(channels.presence, (e) => {
      if (e.kind === 'presence' && e.agent.profile.id === 'mei') signedOut = e.agent.status === 'offline';
    });
    const { hub, url } = await started({
      clock,
      bus,
      routing: { ...AUTO, agentGraceMs: graceMs },
      // The clock jumps past the grace period: no heartbeat sweep should close a socket for it.
      limits: { heartbeatMs: 3_600_000, idleTimeoutMs: 7_200_000 },
    });
    let closed = 0;
    hub.on('connection', (e) => {
      if (e.role === 'agent' && e.event === 'close') closed++;
    });
    const a = tab(url);
    await a.client.connect();
    await a.client.setStatus('away');
    a.client.disconnect();
    await until(() => closed === 1, 'the hub saw tab A close');

    // Within the grace period, a new tab finds her away.
    const b = tab(url);
    await b.client.connect();
    expect(b.client.agentStatus).toBe('away');
    b.client.disconnect();
    await until(() => closed === 2, 'the hub saw tab B close');

    // Gone longer than the grace period: signed out, and a fresh sign-in starts online.
    expect(signedOut).toBe(false);
    clock.advance(graceMs + 1_000);
    await until(() => signedOut, 'signed out after the grace period');
    const c = tab(url);
    await c.client.connect();
    expect(c.client.agentStatus).toBe('online');
    await until(() => meiOnline(hub), 'Mei online again');
  });
});
