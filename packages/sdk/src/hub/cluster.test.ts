import { afterEach, describe, expect, it } from 'vitest';
import type { AgentClientEvents } from '../agent/agent-client-events.ts';
import { type Bus, channels } from '../bus/bus.ts';
import { createMemoryBus } from '../bus/memory-bus.ts';
import type { HubEvents } from '../conversation/hub-events.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import type { Store } from '../store/store.ts';
import {
  AGENT_TOKEN,
  AGENT2_TOKEN,
  agent,
  SUPERVISOR_TOKEN,
  shopper,
  shopperAskingForPerson,
  startHub,
  until,
} from '../testing/hub-fixture.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import type { Hub } from './create-hub.ts';

// Several hub nodes in one process sharing a store and a bus: the cluster's logic without the
// servers (the PostgreSQL + Redis version runs in the servers project).
const hubs: Hub[] = [];
afterEach(async () => {
  await Promise.all(hubs.splice(0).map((h) => h.close()));
});

async function cluster(n: number, routing: NonNullable<Parameters<typeof startHub>[0]>['routing'] = {}) {
  const store = createMemoryStore();
  const bus = createMemoryBus();
  const urls: string[] = [];
  /** Starts one more node on the cluster's store and bus; returns its URL. */
  const add = async () => {
    const { hub, url } = await startHub({
      store,
      bus,
      secret: 'cluster-secret-0123456789',
      routing: { assignment: 'auto', ticketWhenUnstaffed: true, ...routing },
      limits: { framesPerSecond: 10_000, frameBurst: 10_000 },
    });
    hubs.push(hub);
    urls.push(url);
    return url;
  };
  for (let i = 0; i < n; i++) await add();
  return { urls, store, bus, add };
}

describe('hub nodes sharing a store and a bus', () => {
  it('routes a shopper on node A to an agent online on node B', async () => {
    const [a, b] = (await cluster(2)).urls;
    const mei = agent(b!, AGENT_TOKEN);
    await mei.connect();
    await until(() => hubs[0]!.onlineAgents().some((x) => x.id === 'mei'), 'node A sees Mei online');
    const s = shopper(a!);
    s.connect();
    await until(() => s.status === 'open', 'welcome');
    s.send('转人工');
    await until(() => s.state?.status === 'assigned', 'assigned across nodes');
    expect(s.state?.agent?.id).toBe('mei');
    const c = await mei.join(s.conversationId!);
    await mei.send(c.id, '您好');
    await until(() => s.messages.some((m) => m.author.kind === 'agent'), 'reply crosses nodes');
    s.close();
    mei.disconnect();
  });

  it('routes a shopper on a node started after the agent signed in elsewhere to that agent, not to the offline form', async () => {
    const { urls, add } = await cluster(1);
    const mei = agent(urls[0]!, AGENT_TOKEN);
    await mei.connect();
    const late = await add();
    await until(() => hubs[1]!.onlineAgents().some((x) => x.id === 'mei'), 'the new node sees Mei online');
    const s = await shopperAskingForPerson(late, 'assigned');
    expect(s.state?.agent?.id).toBe('mei');
    s.close();
    mei.disconnect();
  });

  it('assigns a conversation once when every node dispatches it at the same time', async () => {
    const { urls } = await cluster(3);
    const assigned: HubEvents['state'][] = [];
    for (const h of hubs) h.on('state', (e) => e.state.status === 'assigned' && assigned.push(e));
    // Two agents, on different nodes, both free: every node's dispatcher sees both.
    const mei = agent(urls[1]!, AGENT_TOKEN);
    const lei = agent(urls[2]!, AGENT2_TOKEN);
    await Promise.all([mei.connect(), lei.connect()]);
    await until(() => hubs.every((h) => h.onlineAgents().length === 2), 'presence everywhere');
    const shoppers = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const s = shopper(urls[0]!);
        s.connect();
        await until(() => s.status === 'open', 'welcome');
        s.send('转人工');
        return s;
      }),
    );
    await until(() => shoppers.every((s) => s.state?.status === 'assigned'), 'all assigned');
    await new Promise((r) => setTimeout(r, 100));
    const perConversation = new Map<string, number>();
    for (const e of assigned)
      perConversation.set(e.conversationId, (perConversation.get(e.conversationId) ?? 0) + 1);
    expect([...perConversation.values()]).toEqual([1, 1, 1, 1, 1, 1]);
    // Least busy across the cluster: three each.
    const byAgent = shoppers.map((s) => s.state?.agent?.id).sort();
    expect(byAgent).toEqual(['lei', 'lei', 'lei', 'mei', 'mei', 'mei']);
    for (const s of shoppers) s.close();
    mei.disconnect();
    lei.disconnect();
  });

  it('assigns new conversations after every node restarts on the same store, with earlier ones still held', async () => {
    const store = createMemoryStore();
    const boot = async () => {
      const bus = createMemoryBus();
      const nodes = [];
      for (let i = 0; i < 2; i++) {
        const { hub, url } = await startHub({
          store,
          bus,
          secret: 'cluster-secret-0123456789',
          routing: { assignment: 'auto', ticketWhenUnstaffed: true },
        });
        hubs.push(hub);
        nodes.push(url);
      }
      return nodes;
    };
    const first = await boot();
    const mei = agent(first[0]!, AGENT_TOKEN);
    await mei.connect();
    const s1 = shopper(first[1]!);
    s1.connect();
    await until(() => s1.status === 'open', 'welcome');
    s1.send('转人工');
    await until(() => s1.state?.status === 'assigned', 'first assigned');
    s1.close();
    mei.disconnect();
    await Promise.all(hubs.splice(0).map((h) => h.close()));
    const second = await boot();
    const mei2 = agent(second[0]!, AGENT_TOKEN);
    await mei2.connect();
    await until(() => hubs[1]!.onlineAgents().length === 1, 'presence on the other node');
    const s2 = shopper(second[1]!);
    s2.connect();
    await until(() => s2.status === 'open', 'welcome');
    s2.send('转人工');
    await until(
      () => s2.state?.status === 'assigned',
      () => `second assigned (state ${s2.state?.status})`,
    );
    s2.close();
    mei2.disconnect();
  });

  it('keeps the conversation when the shopper’s node goes away and they resume on another', async () => {
    const [a, b, c] = (await cluster(3)).urls;
    const mei = agent(b!, AGENT_TOKEN);
    await mei.connect();
    // The shopper's client only knows one URL; a load balancer would move them. Here: same storage, next node.
    const storage = (await import('../transport/storage.ts')).memoryStorage();
    const s1 = shopper(a!, { storage });
    s1.connect();
    await until(() => s1.status === 'open', 'welcome on A');
    s1.send('转人工');
    await until(() => s1.state?.status === 'assigned', 'assigned');
    const conv = await mei.join(s1.conversationId!);
    for (let i = 0; i < 50; i++) await mei.send(conv.id, `a${i}`);
    await until(() => s1.messages.filter((m) => m.author.kind === 'agent').length === 50, 'first half');
    const lastSeq = s1.lastSeq;
    s1.close();
    await hubs[0]!.close();
    for (let i = 50; i < 100; i++) await mei.send(conv.id, `a${i}`);
    const s2 = shopper(c!, { storage });
    s2.connect();
    await until(() => s2.status === 'open', 'welcome on C');
    expect(s2.conversationId).toBe(conv.id);
    await until(() => s2.lastSeq >= lastSeq + 50, 'caught up');
    const texts = s2.messages
      .filter((m) => m.author.kind === 'agent')
      .map((m) => (m.content.kind === 'text' ? m.content.text : ''));
    expect(texts.slice(-50)).toEqual(Array.from({ length: 50 }, (_, i) => `a${i + 50}`));
    s2.close();
    mei.disconnect();
  });

  it('stops the SLA timer node A started when the agent on node B answers, with one `met`', async () => {
    const { urls, store } = await cluster(2, { timers: { pollMs: 20 } });
    const sla: HubEvents['sla'][] = [];
    for (const h of hubs) h.on('sla', (e) => sla.push(e));
    const mei = agent(urls[1]!, AGENT_TOKEN);
    await mei.connect();
    await until(() => hubs[0]!.onlineAgents().length === 1, 'node A sees Mei');
    const s = await shopperAskingForPerson(urls[0]!, 'assigned');
    const c = await mei.join(s.conversationId!);
    await mei.send(c.id, '您好，我来帮您');
    await until(() => sla.some((e) => e.type === 'met'), 'first response met');
    const record = await store.getTimer(`sla:${c.id}`);
    // Only the resolution timer is left running; nothing can breach the first response any more.
    expect(Object.keys((record!.data as { timers: object }).timers)).toEqual(['resolution']);
    expect(sla.filter((e) => e.type === 'met')).toHaveLength(1);
    s.close();
    mei.disconnect();
  });

  it('raises an SLA breach once across three nodes, to the agent who holds the conversation, after the node that started it is gone', async () => {
    const { urls } = await cluster(3, { sla: { default: { firstResponseMs: 600 } }, timers: { pollMs: 20 } });
    const mei = agent(urls[1]!, AGENT_TOKEN);
    const alerts: string[] = [];
    mei.on('alert', (a) => alerts.push(`${a.kind}:${a.conversationId}`));
    await mei.connect();
    await until(() => hubs.every((h) => h.onlineAgents().length === 1), 'presence everywhere');
    const s = await shopperAskingForPerson(urls[0]!, 'assigned');
    s.close();
    await hubs[0]!.close(); // node A started the timer; B and C poll the store for it
    await until(
      () => alerts.includes(`sla_breach:${s.conversationId}`),
      () => `breach alert (${alerts})`,
    );
    // Every node polls every 20 ms: give a second firing plenty of chances to show up.
    await new Promise((r) => setTimeout(r, 300));
    expect(alerts.filter((a) => a === `sla_breach:${s.conversationId}`)).toHaveLength(1);
    expect(alerts.filter((a) => a === `sla_near_breach:${s.conversationId}`).length).toBeLessThanOrEqual(1);
    mei.disconnect();
  });

  it('keeps a ticket when its node goes away: another node raises its overdue deadline once', async () => {
    const { urls, store } = await cluster(2, {
      ticketDeadlines: { L3: { progress: 400 } },
      timers: { pollMs: 20 },
    });
    const mei = agent(urls[1]!, AGENT_TOKEN);
    const alerts: string[] = [];
    const received: AgentClientEvents['alert'][] = [];
    mei.on('alert', (a) => {
      alerts.push(a.kind);
      received.push(a);
    });
    await mei.connect();
    const s = await shopperAskingForPerson(urls[0]!, 'assigned');
    // Mei opens the ticket from a second console on node A, which then goes away.
    const meiOnA = agent(urls[0]!, AGENT_TOKEN);
    await meiOnA.connect();
    await meiOnA.ticket(s.conversationId!, 'create', 'screen has dead pixels');
    await until(() => s.state?.ticket !== undefined, 'ticket on the conversation');
    meiOnA.disconnect();
    await hubs[0]!.close();
    await until(
      () => alerts.includes('ticket_overdue'),
      () => `overdue alert (${alerts})`,
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(alerts.filter((a) => a === 'ticket_overdue')).toHaveLength(1);
    const [ticket] = await store.listTickets({ conversationId: s.conversationId! });
    expect(ticket).toMatchObject({ title: 'screen has dead pixels', assignee: { id: 'mei' } });
    expect(ticket!.deadlines).toMatchObject([{ kind: 'progress', overdue: true }]);
    // The alert names the ticket, the deadline and when it was due, for the console to word.
    const overdue = received.find((a) => a.kind === 'ticket_overdue')!;
    expect(overdue).toMatchObject({
      conversationId: s.conversationId,
      ticketId: ticket!.id,
      deadline: 'progress',
      dueAt: ticket!.deadlines[0]!.dueAt,
    });
    // Every node's /metrics counts it, from the store.
    expect(await hubs[1]!.metrics()).toMatch(/kefu_tickets_overdue\{group="[^"]*"\} 1\n/);
    s.close();
    mei.disconnect();
  });

  it('never takes an agent over capacity when nodes assign to them at once', async () => {
    const { urls, store } = await cluster(3);
    const mei = agent(urls[0]!, AGENT_TOKEN);
    await mei.connect();
    await until(() => hubs.every((h) => h.onlineAgents().length === 1), 'presence everywhere');
    const shoppers = await Promise.all(
      Array.from({ length: 9 }, async (_, i) => {
        const s = shopper(urls[i % 3]!);
        s.connect();
        await until(() => s.status === 'open', 'welcome');
        s.send('转人工');
        return s;
      }),
    );
    await until(
      () => shoppers.filter((s) => s.state?.status === 'assigned').length >= 5,
      () => `five assigned (${shoppers.map((s) => s.state?.status)})`,
    );
    await new Promise((r) => setTimeout(r, 200));
    const held = await store.listConversations({ statuses: ['assigned', 'pending'], agentId: 'mei' });
    expect(held).toHaveLength(5); // the default capacity
    for (const s of shoppers) s.close();
    mei.disconnect();
  });

  it('raises the breach-rate alert once for the cluster, from outcomes seen on different nodes', async () => {
    const { urls } = await cluster(3, {
      sla: { default: { firstResponseMs: 300 } },
      breachAlert: { threshold: 0.4, minSamples: 2 },
      timers: { pollMs: 20 },
    });
    const mei = agent(urls[0]!, AGENT_TOKEN);
    await mei.connect();
    // The supervisor, on node A, hears of the breach rate (the breaches happen on nodes B and C).
    const boss = agent(urls[0]!, SUPERVISOR_TOKEN);
    const alerts: string[] = [];
    const received: AgentClientEvents['alert'][] = [];
    boss.on('alert', (a) => {
      alerts.push(a.kind);
      received.push(a);
    });
    await boss.connect();
    await until(() => hubs.every((h) => h.onlineAgents().length === 2), 'presence everywhere');
    // Two shoppers on two nodes; nobody answers, so both first responses breach.
    const waiting = [
      await shopperAskingForPerson(urls[1]!, 'assigned'),
      await shopperAskingForPerson(urls[2]!, 'assigned'),
    ];
    await until(
      () => alerts.filter((a) => a === 'sla_breach').length === 2,
      () => `two breaches (${alerts})`,
    );
    await until(
      () => alerts.includes('breach_rate'),
      () => `breach-rate alert (${alerts})`,
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(alerts.filter((a) => a === 'breach_rate')).toHaveLength(1);
    const rate = received.find((a) => a.kind === 'breach_rate')!;
    expect(rate).toMatchObject({ threshold: 0.4 });
    expect(rate.rate).toBeGreaterThan(0.4);
    expect(rate.total).toBeGreaterThanOrEqual(2);
    for (const s of waiting) s.close();
    mei.disconnect();
    boss.disconnect();
  });

  it('takes the agents of a node that went away offline and requeues their conversations', async () => {
    const { urls } = await cluster(2, { agentGraceMs: 300, timers: { pollMs: 20 } });
    const mei = agent(urls[0]!, AGENT_TOKEN);
    await mei.connect();
    await until(() => hubs[1]!.onlineAgents().length === 1, 'node B sees Mei');
    const s = await shopperAskingForPerson(urls[1]!, 'assigned');
    expect(s.state?.agent?.id).toBe('mei');
    // Mei's node goes; her console cannot reach another one.
    mei.disconnect();
    await hubs[0]!.close();
    await until(
      () => s.state?.status === 'queued',
      () => `requeued (state ${s.state?.status})`,
    );
    expect(hubs[1]!.onlineAgents()).toEqual([]);
    s.close();
  });

  it('keeps the agents of a node that went away when they reconnected to another one', async () => {
    const { urls, bus } = await cluster(2, { agentGraceMs: 300, timers: { pollMs: 20 } });
    const onA = agent(urls[0]!, AGENT_TOKEN);
    await onA.connect();
    const s = await shopperAskingForPerson(urls[1]!, 'assigned');
    // Mei's console on node B is up before node A goes: reconnecting after A closed raced A's
    // record falling due (as little as 50 ms later), which a busy machine lost.
    const onB = agent(urls[1]!, AGENT_TOKEN);
    await onB.connect();
    let gone = false;
    await bus.subscribe(channels.shoppers, (e) => {
      if (e.kind === 'node.gone') gone = true;
    });
    await hubs[0]!.close();
    await until(() => gone, 'node B finds node A gone');
    // Node B has let go of whoever was only on node A by now; give a wrong requeue time to show.
    await new Promise((r) => setTimeout(r, 300));
    expect(s.state).toMatchObject({ status: 'assigned', agent: { id: 'mei' } });
    expect(hubs[1]!.onlineAgents().map((a) => a.id)).toEqual(['mei']);
    s.close();
    onA.disconnect();
    onB.disconnect();
  });

  it('shows the agent on node B whether the shopper on node A has the chat open', async () => {
    const { urls } = await cluster(2);
    const mei = agent(urls[1]!, AGENT_TOKEN);
    await mei.connect();
    await until(() => hubs[0]!.onlineAgents().length === 1, 'node A sees Mei');
    const s = await shopperAskingForPerson(urls[0]!, 'assigned');
    const c = await mei.join(s.conversationId!);
    expect(c.shopperOnline).toBe(true);
    s.close();
    await until(() => mei.conversation(c.id)?.shopperOnline === false, 'left, seen across nodes');
    mei.disconnect();
  });
});

describe('queue places across nodes', () => {
  it('gives a shopper queued on node B, behind one queued on node A, place 2 in their first queued state', async () => {
    const [a, b] = (await cluster(2, { assignment: 'manual' })).urls;
    const mei = agent(a!, AGENT_TOKEN);
    await mei.connect();
    const first = shopper(a!);
    first.connect();
    await until(() => first.status === 'open', 'first welcome');
    first.send('转人工');
    await until(() => first.state?.queue?.position === 1, 'first in line');
    await until(
      () => hubs[1]!.admin.presence().groups.default?.queued === 1,
      'node B has the first in its queue',
    );
    const second = shopper(b!);
    const states: Array<NonNullable<typeof second.state>> = [];
    second.on('state', (state) => states.push(state));
    second.connect();
    await until(() => second.status === 'open', 'second welcome');
    second.send('转人工');
    await until(() => states.some((st) => st.status === 'queued'), 'second queued');
    expect(states.find((st) => st.status === 'queued')?.queue).toMatchObject({ position: 2 });
    first.close();
    second.close();
    mei.disconnect();
  });
});

describe('a queue event lost between nodes', () => {
  /** Two nodes whose bus can lose the routing channel's events, on a clock the test moves. */
  async function lossyCluster() {
    const clock = new ManualClock(Date.UTC(2026, 11, 3, 9));
    const store = createMemoryStore();
    const inner = createMemoryBus();
    const lossy = { routing: false };
    const bus: Bus = {
      ...inner,
      publish: (channel, event) =>
        lossy.routing && channel === channels.routing ? Promise.resolve() : inner.publish(channel, event),
    };
    const urls: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { hub, url } = await startHub({
        clock,
        store,
        bus,
        secret: 'cluster-secret-0123456789',
        routing: { assignment: 'auto', ticketWhenUnstaffed: false },
      });
      hubs.push(hub);
      urls.push(url);
    }
    return { clock, store, lossy, urls };
  }

  it('is made good from the store: the conversation nobody heard of is assigned', async () => {
    const { clock, lossy, urls } = await lossyCluster();
    const mei = agent(urls[1]!, AGENT_TOKEN);
    await mei.connect();
    await until(() => hubs[0]!.onlineAgents().length === 1, 'node A sees Mei');
    lossy.routing = true;
    const s = shopper(urls[0]!);
    s.connect();
    await until(() => s.status === 'open', 'welcome');
    s.send('转人工');
    await until(() => s.state?.status === 'queued', 'queued, with no node told');
    clock.advance(15_000);
    await until(
      () => s.state?.status === 'assigned',
      () => `assigned (state ${s.state?.status})`,
    );
    expect(s.state?.agent?.id).toBe('mei');
    s.close();
    mei.disconnect();
  });

  it('is made good from the store: a conversation that left the queue no longer holds a place', async () => {
    const { clock, store, lossy, urls } = await lossyCluster();
    const first = shopper(urls[0]!);
    const second = shopper(urls[0]!);
    for (const s of [first, second]) {
      s.connect();
      await until(() => s.status === 'open', 'welcome');
      s.send('转人工');
      await until(() => s.state?.status === 'queued', 'queued');
    }
    await until(
      () => second.state?.queue?.position === 2,
      () => `second in line (${second.state?.queue?.position})`,
    );
    lossy.routing = true;
    // Another node closed the first one; its dequeue never arrived.
    const c = (await store.getConversation(first.conversationId!))!;
    await store.updateConversation(c.id, { state: { ...c.state, status: 'closed' } });
    clock.advance(15_000);
    await until(
      () => second.state?.queue?.position === 1,
      () => `first in line (${second.state?.queue?.position})`,
    );
    first.close();
    second.close();
  });
});

describe('a state read on one node while another changes it', () => {
  it('never puts the shopper back in the queue, nor the conversation back in another agent’s inbox, after another node assigned it', async () => {
    const store = createMemoryStore();
    const bus = createMemoryBus();
    // Node A reads conversations as they were when asked, but answers late: its queue refresh
    // reads 'queued' before node B assigns, and publishes after B did.
    let slow = false;
    let late = 0;
    const lateReads: Store = {
      ...store,
      getConversation: async (id) => {
        const read = await store.getConversation(id);
        if (slow) {
          late++;
          await new Promise((r) => setTimeout(r, 300));
          late--;
        }
        return read;
      },
    };
    const routing = { assignment: 'auto' as const, ticketWhenUnstaffed: false };
    const a = await startHub({ store: lateReads, bus, secret: 'cluster-secret-0123456789', routing });
    const b = await startHub({ store, bus, secret: 'cluster-secret-0123456789', routing });
    hubs.push(a.hub, b.hub);
    // Lei watches the inbox on node A, busy: she sees the conversation wait, then go to Mei.
    const lei = agent(a.url, AGENT2_TOKEN);
    await lei.connect();
    await lei.setStatus('away');
    const s = shopper(a.url);
    s.connect();
    await until(() => s.status === 'open', 'welcome');
    const states: string[] = [];
    s.on('state', (state) => states.push(state.status));
    slow = true;
    const mei = agent(b.url, AGENT_TOKEN);
    s.send('转人工');
    await until(() => s.state?.status === 'queued', 'queued');
    await mei.connect();
    await until(
      () => states.includes('assigned'),
      () => `assigned (${states.join(' ')})`,
    );
    // Node A's late reads have all been answered, and what it published after them delivered.
    slow = false;
    await until(
      () => late === 0,
      () => `${late} late reads`,
    );
    await new Promise((r) => setTimeout(r, 100));
    expect(s.state?.status).toBe('assigned');
    expect(states.slice(states.indexOf('assigned'))).not.toContain('queued');
    expect(lei.inbox.map((item) => item.conversationId)).not.toContain(s.conversationId);
    s.close();
    mei.disconnect();
    lei.disconnect();
  });
});
