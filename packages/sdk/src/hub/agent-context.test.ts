import type { Order } from '@kefu/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/memory-store.ts';
import type { Store } from '../store/store.ts';
import {
  AGENT2_TOKEN,
  agent,
  handedToAgent,
  SUPERVISOR_TOKEN,
  shopper,
  shopperAskingForPerson,
  startHub,
  until,
} from '../testing/hub-fixture.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import { memoryStorage } from '../transport/storage.ts';
import type { Hub } from './create-hub.ts';

let hub: Hub;
afterEach(async () => {
  await hub?.close();
});

describe('what an agent sees about the shopper', () => {
  it('looks up the order on the page, lists earlier conversations, and keeps tags on the conversation', async () => {
    const started = await startHub({
      lookupOrder: async (id) =>
        id === 'SO-7'
          ? {
              id,
              status: 'in_transit',
              carrier: 'SF Express',
              events: [
                { status: 'paid', at: 1 },
                { status: 'shipped', at: 2 },
              ],
            }
          : null,
    });
    hub = started.hub;
    const { s: first, a, conversation: c1 } = await handedToAgent(started.url);
    await a.close(c1.id, 'solved');
    await until(() => first.state?.status === 'closed', 'closed');
    first.rate(5);
    await until(() => first.state?.rating === 5, 'rated');
    first.close();

    // Another shopper, on an order page.
    const second = shopper(started.url, { page: { url: 'https://shop.test/orders/SO-7', orderId: 'SO-7' } });
    second.connect();
    await until(() => second.status === 'open', 'welcome');
    second.send('转人工');
    await until(() => second.state?.status === 'queued', 'queued');
    const c2 = await a.accept(second.conversationId!);
    expect(c2.order).toMatchObject({ id: 'SO-7', status: 'in_transit', carrier: 'SF Express' });

    await a.tags(c2.id, ['logistics', 'vip', 'logistics']);
    await until(() => a.conversation(c2.id)?.state.tags?.length === 2, 'tags in the state');
    expect(a.conversation(c2.id)!.state.tags).toEqual(['logistics', 'vip']);
    // Tags are the agents' own: the shopper's state never carries them.
    expect(second.state?.tags).toBeUndefined();
    second.close();
    a.disconnect();
  });

  it('asks lookupOrder in the shopper’s language, so the order’s texts reach them in it', async () => {
    const asked: Array<string | undefined> = [];
    const started = await startHub({
      lookupOrder: async (id, ctx) => {
        asked.push(ctx.locale);
        const carrier = ctx.locale?.startsWith('en') ? 'SF Express' : '顺丰速运';
        return { id, status: 'shipped', carrier, events: [{ status: 'shipped', at: 1 }] };
      },
    });
    hub = started.hub;
    const page = { url: 'https://shop.test/orders/SO-8', orderId: 'SO-8' };
    const english = await handedToAgent(started.url, { locale: 'en-GB', page });
    expect(english.conversation.order).toMatchObject({ carrier: 'SF Express' });
    expect(asked).toContain('en-GB');
    english.s.close();
  });

  it('answers the agent without the order when lookupOrder returns one the protocol refuses, and says why', async () => {
    const started = await startHub({
      // No `events`: a merchant's mistake the hub must not pass on in a frame.
      lookupOrder: async (id) => ({ id, status: 'shipped' }) as unknown as Order,
    });
    hub = started.hub;
    const errors: Array<{ code: string; plugin?: string; message: string }> = [];
    hub.on('error', (e) => errors.push(e));
    const page = { url: 'https://shop.test/orders/SO-9', orderId: 'SO-9' };
    const handed = await handedToAgent(started.url, { page });
    expect(handed.conversation.order).toBeUndefined();
    expect(errors).toContainEqual(
      expect.objectContaining({
        code: 'plugin_failed',
        plugin: 'lookupOrder',
        message: expect.stringMatching(/SO-9: events/),
      }),
    );
    handed.s.close();
  });

  it('starts a returning shopper afresh a week after the last close, and shows the agent the earlier one', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 1));
    const started = await startHub({ clock, limits: { idleTimeoutMs: 20 * 86_400_000 } });
    hub = started.hub;
    const a = agent(started.url);
    await a.connect();
    const storage = memoryStorage();
    const visit = async () => {
      const s = shopper(started.url, { storage });
      s.connect();
      await until(() => s.status === 'open', 'welcome');
      s.send('转人工');
      await until(() => s.state?.status === 'queued', 'queued');
      return s;
    };
    const first = await visit();
    const c1 = await a.accept(first.conversationId!);
    await a.close(c1.id);
    await until(() => first.state?.status === 'closed', 'closed');
    first.rate(2);
    await until(() => first.state?.rating === 2, 'rated');
    first.close();
    clock.advance(8 * 86_400_000);
    const second = await visit();
    expect(second.conversationId).not.toBe(c1.id);
    const c2 = await a.accept(second.conversationId!);
    expect(c2.earlier).toEqual([
      expect.objectContaining({ conversationId: c1.id, status: 'closed', rating: 2 }),
    ]);
    second.close();
    a.disconnect();
  });

  // The owner rule keeps Mei out of a conversation another group's agent had; the list of earlier
  // conversations quoted its last message and its rating (a colleague's CSAT, which reports show
  // supervisors only) to her all the same.
  it('lists an earlier conversation of another group without its last message or rating', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 1));
    const started = await startHub({ clock, limits: { idleTimeoutMs: 20 * 86_400_000 } });
    hub = started.hub;
    const mei = agent(started.url);
    const lei = agent(started.url, AGENT2_TOKEN);
    await Promise.all([mei.connect(), lei.connect()]);
    const storage = memoryStorage();
    const visit = async () => {
      const s = shopper(started.url, { storage });
      s.connect();
      await until(() => s.status === 'open', 'welcome');
      s.send('转人工');
      await until(() => s.state?.status === 'queued', 'queued');
      return s;
    };
    const first = await visit();
    await mei.accept(first.conversationId!);
    await mei.transfer(first.conversationId!, { group: 'vip' });
    await until(() => first.state?.status === 'queued', 'queued for vip');
    const c1 = await lei.accept(first.conversationId!);
    await lei.send(c1.id, '您的专属退款码是 4321');
    await lei.close(c1.id);
    await until(() => first.state?.status === 'closed', 'closed');
    first.rate(1);
    await until(() => first.state?.rating === 1, 'rated');
    first.close();
    clock.advance(8 * 86_400_000);
    const second = await visit();
    const c2 = await mei.accept(second.conversationId!);
    expect(c2.earlier).toEqual([{ conversationId: c1.id, createdAt: expect.any(Number), status: 'closed' }]);
    // A supervisor, who may read it, gets the last message and the rating.
    const boss = agent(started.url, SUPERVISOR_TOKEN);
    await boss.connect();
    expect((await boss.join(c2.id)).earlier).toEqual([
      expect.objectContaining({ conversationId: c1.id, preview: expect.any(String), rating: 1 }),
    ]);
    second.close();
  });
});

/** A store that counts the conversations its lists hand out: what opening one costs the hub. */
function countingStore(): { store: Store; listed: () => number } {
  const store = createMemoryStore();
  let listed = 0;
  const list = store.listConversations.bind(store);
  store.listConversations = async (filter) => {
    const rows = await list(filter);
    if (filter.shopperId !== undefined) listed += rows.length;
    return rows;
  };
  return { store, listed: () => listed };
}

describe('a shopper’s earlier conversations, as an agent pages through them', () => {
  // A regular (or a shopper every order notice opened a conversation for) has hundreds: the hub
  // read every one of them each time an agent opened the conversation, to list ten.
  it('lists the newest ten, says there are more, and pages on with `loadEarlier` until none remain', async () => {
    const { store, listed } = countingStore();
    const started = await startHub({ store });
    hub = started.hub;
    const s = await shopperAskingForPerson(started.url, 'queued');
    const shopperId = (await store.getConversation(s.conversationId!))!.shopperId;
    for (let i = 1; i <= 25; i++)
      await store.createConversation({
        id: `c_old${String(i).padStart(2, '0')}`,
        siteKey: 'shop',
        shopperId,
        state: { status: 'closed' },
        createdAt: i * 1000,
      });
    const a = agent(started.url);
    await a.connect();
    const before = listed();
    const c = await a.accept(s.conversationId!);
    expect(listed() - before).toBeLessThanOrEqual(12);
    const ids = (n: number[]) => n.map((i) => `c_old${String(i).padStart(2, '0')}`);
    expect(c.earlier?.map((e) => e.conversationId)).toEqual(ids([25, 24, 23, 22, 21, 20, 19, 18, 17, 16]));
    expect(c.earlierMore).toBe(true);

    expect((await a.loadEarlier(c.id)).hasMore).toBe(true);
    const page = await a.loadEarlier(c.id);
    expect(page.earlier.map((e) => e.conversationId)).toEqual(ids([5, 4, 3, 2, 1]));
    expect(page.hasMore).toBe(false);
    // The open conversation holds every page, newest first, and says none remain.
    const open = a.conversation(c.id)!;
    expect(open.earlier?.map((e) => e.conversationId)).toEqual(
      ids(Array.from({ length: 25 }, (_, i) => 25 - i)),
    );
    expect(open.earlierMore).toBe(false);
    s.close();
    a.disconnect();
  });

  it('refuses the next page to an agent who may not read the conversation', async () => {
    const started = await startHub();
    hub = started.hub;
    const { s, a: mei } = await handedToAgent(started.url);
    const lei = agent(started.url, AGENT2_TOKEN);
    await lei.connect();
    await expect(lei.loadEarlier(s.conversationId!, Date.now())).rejects.toMatchObject({ code: 'forbidden' });
    s.close();
    mei.disconnect();
    lei.disconnect();
  });
});
