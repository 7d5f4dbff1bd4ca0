import { afterEach, describe, expect, it } from 'vitest';
import { createHub, type Hub } from '../hub/create-hub.ts';
import { silentLogger } from '../logger.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import type { Store } from '../store/store.ts';
import { handedToAgent, shopper, startHub, until } from '../testing/hub-fixture.ts';

let hub: Hub;
afterEach(async () => {
  await hub?.close();
});

async function hubWith(createdAts: number[]): Promise<Store> {
  const store = createMemoryStore();
  hub = createHub({ sites: [{ key: 'shop', origins: ['*'] }], store, logger: silentLogger });
  for (const [i, createdAt] of createdAts.entries())
    await store.createConversation({
      id: `c_${i + 1}`,
      siteKey: 'shop',
      shopperId: `d:${i}`,
      state: { status: 'bot' },
      createdAt,
    });
  return store;
}

async function allPages(limit: number): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = await hub.admin.conversations.list({ limit, ...(cursor ? { cursor } : {}) });
    pages.push(page.items.map((c) => c.id));
    cursor = page.next ?? undefined;
  } while (cursor);
  return pages;
}

describe('hub.admin.conversations.list', () => {
  it('pages through more ties on one createdAt than a page holds, each conversation once', async () => {
    await hubWith([5, 5, 5, 5, 5, 6, 7]);
    expect(await allPages(2)).toEqual([['c_1', 'c_2'], ['c_3', 'c_4'], ['c_5', 'c_6'], ['c_7']]);
  });

  it('ends with next null when the last page is exactly full', async () => {
    await hubWith([1, 2, 3, 4]);
    expect(await allPages(2)).toEqual([
      ['c_1', 'c_2'],
      ['c_3', 'c_4'],
    ]);
  });

  it('keeps its place while conversations are created between pages', async () => {
    const store = await hubWith([1, 2, 3]);
    const first = await hub.admin.conversations.list({ limit: 2 });
    await store.createConversation({
      id: 'c_new',
      siteKey: 'shop',
      shopperId: 'd:x',
      state: { status: 'bot' },
      createdAt: 2,
    });
    const second = await hub.admin.conversations.list({ limit: 2, cursor: first.next ?? '' });
    expect(second.items.map((c) => c.id)).toEqual(['c_new', 'c_3']);
  });

  it('refuses a cursor it did not make', async () => {
    await hubWith([1]);
    await expect(hub.admin.conversations.list({ limit: 2, cursor: 'WzEsIDJd!' })).rejects.toMatchObject({
      code: 'invalid_frame',
    });
  });
});

describe('hub.admin.conversations.close', () => {
  it("answers with the conversation's ticket resolved, even when that write is the slower one", async () => {
    const inner = createMemoryStore();
    // The resolved ticket's summary is written a few turns of the event loop late, as a database
    // under load does: the close must still answer with it.
    const store = new Proxy(inner, {
      get(target, key, receiver) {
        if (key !== 'updateConversation') return Reflect.get(target, key, receiver);
        const update: Store['updateConversation'] = async (id, patch, expect) => {
          if (patch.state?.ticket?.status === 'resolved')
            for (let turn = 0; turn < 5; turn++) await new Promise((r) => setImmediate(r));
          return target.updateConversation(id, patch, expect);
        };
        return update;
      },
    });
    const started = await startHub({ store, routing: { assignment: 'auto', ticketWhenUnstaffed: true } });
    hub = started.hub;
    const s = shopper(started.url, { locale: 'zh-CN' });
    s.connect();
    await until(() => s.status === 'open', 'welcome');
    s.send('转人工');
    await until(() => s.state?.status === 'ticket', 'a ticket: nobody is online');
    const closed = await hub.admin.conversations.close(
      s.conversationId!,
      { kind: 'system', id: 'api:ops', name: 'ops' },
      'answered by e-mail',
    );
    expect(closed.state.status).toBe('closed');
    expect(closed.state.ticket?.status).toBe('resolved');
  });
});

describe('hub.admin.conversations tickets', () => {
  const ops = { kind: 'system', id: 'api:ops', name: 'ops' } as const;

  it('moves on and resolves an order-exception ticket that has no conversation', async () => {
    const store = createMemoryStore();
    const started = await startHub({ store });
    hub = started.hub;
    const li = { siteKey: 'shop', userId: '42' };
    // Opted out before ever chatting: the exception opens a ticket but no conversation.
    await hub.setNotificationOptOut(li, true);
    const outcome = await hub.orderEvent({
      id: 'ev-1',
      orderId: 'SO-1',
      shopper: li,
      status: 'exception',
      at: Date.now(),
      detail: { reason: 'address' },
    });
    expect(outcome).toMatchObject({ exceptions: ['address'] });
    const [ticket] = await store.listTickets({});
    expect(ticket?.conversationId).toBeUndefined();
    const progressed = await hub.admin.conversations.updateTicket(
      ticket!.id,
      { action: 'progress', note: '已联系快递改地址' },
      ops,
    );
    expect(progressed.history.at(-1)).toMatchObject({ action: 'progress', note: '已联系快递改地址' });
    const resolved = await hub.admin.conversations.updateTicket(ticket!.id, { action: 'resolve' }, ops);
    expect(resolved.status).toBe('resolved');
    expect(await hub.admin.metrics()).not.toContain('kefu_tickets_open{group="logistics"} 1');
  });

  it("assigns a ticket opened through the API to the conversation's agent, not to the key", async () => {
    const started = await startHub({ routing: { assignment: 'manual', ticketWhenUnstaffed: false } });
    hub = started.hub;
    const { s, conversation } = await handedToAgent(started.url, { locale: 'zh-CN' });
    const ticket = await hub.admin.conversations.createTicket(
      { conversationId: conversation.id, title: '屏幕坏点，换货' },
      ops,
    );
    // Overdue alerts go to the assignee: a key is nobody's console.
    expect(ticket.assignee).toEqual({ id: 'mei', name: 'Mei' });
    expect(ticket.history[0]?.by).toMatchObject({ id: 'api:ops' });
    s.close();
  });
});
