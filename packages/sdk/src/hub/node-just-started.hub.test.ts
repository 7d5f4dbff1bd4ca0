import { describe, expect, it } from 'vitest';
import { createMemoryBus } from '../bus/memory-bus.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import { handedToAgent, shopper, startHub, until } from '../testing/hub-fixture.ts';
import { latePresence } from '../testing/late-presence.ts';
import { memoryStorage } from '../transport/storage.ts';

// The hubs and the clients are closed after each test by test/close-started.ts.

// A node that has just started (a rolling restart) knows nobody until the other nodes answer its
// presence sync over the bus. Meanwhile an agent online on another node is not offline.

describe('a node that has just started', () => {
  it('keeps a pending conversation with its agent, online on another node, when the shopper writes there', async () => {
    const store = createMemoryStore();
    const bus = createMemoryBus();
    const a = await startHub({ store, bus });
    const storage = memoryStorage();
    const { s, a: mei, conversation } = await handedToAgent(a.url, { storage });
    await mei.send(conversation.id, '我去问一下仓库');
    await mei.pending(conversation.id, Date.now() + 3_600_000, 'asking the warehouse');
    await until(() => s.state?.status === 'pending', 'pending');
    s.close();

    const late = latePresence(bus);
    const b = await startHub({ store, bus: late.bus });
    const again = shopper(b.url, { storage });
    again.connect();
    await until(() => again.status === 'open', 'welcome on the new node');
    expect(again.conversationId).toBe(conversation.id);
    again.send('仓库怎么说？');
    await until(
      () => again.state?.status !== 'pending',
      () => `state ${again.state?.status}`,
    );
    late.release();
    expect(again.state).toMatchObject({ status: 'assigned', agent: { id: 'mei' } });
  });
});
