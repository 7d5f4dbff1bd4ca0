import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryBus } from '../bus/memory-bus.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import { AGENT_TOKEN, AGENT2_TOKEN, agent, shopper, startHub, until } from '../testing/hub-fixture.ts';
import type { Hub } from './create-hub.ts';
import type { HubEvents } from './hub-events.ts';

// Several hub nodes in one process sharing a store and a bus: the cluster's logic without the
// servers (the PostgreSQL + Redis version runs in the servers project).
const hubs: Hub[] = [];
afterEach(async () => {
  await Promise.all(hubs.splice(0).map((h) => h.close()));
});

async function cluster(n: number) {
  const store = createMemoryStore();
  const bus = createMemoryBus();
  const urls: string[] = [];
  for (let i = 0; i < n; i++) {
    const { hub, url } = await startHub({
      store,
      bus,
      secret: 'cluster-secret-0123456789',
      routing: { assignment: 'auto', ticketWhenUnstaffed: true },
      limits: { framesPerSecond: 10_000, frameBurst: 10_000 },
    });
    hubs.push(hub);
    urls.push(url);
  }
  return urls;
}

describe('hub nodes sharing a store and a bus', () => {
  it('routes a shopper on node A to an agent online on node B', async () => {
    const [a, b] = await cluster(2);
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

  it('assigns a conversation once when every node dispatches it at the same time', async () => {
    const urls = await cluster(3);
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
    const [a, b, c] = await cluster(3);
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
});
