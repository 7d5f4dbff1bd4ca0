import { afterEach, describe, expect, it } from 'vitest';
import type { Hub } from '../hub/create-hub.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import type { Store } from '../store/store.ts';
import { agent, closedOnceIdle, rawSocket, startHub, until } from '../testing/hub-fixture.ts';

let hub: Hub;
afterEach(async () => {
  await hub?.close();
});

const IDLE_MS = 300;
const idleFor = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A shopper on a raw socket, welcomed; resolves to the socket and its conversation id. */
async function shopperIn(url: string, deviceId: string) {
  const s = await rawSocket(`${url}/?site=shop`);
  s.send({ v: 1, type: 'hello', role: 'shopper', siteKey: 'shop', deviceId });
  const welcome = await s.next('welcome');
  return { s, conversationId: (welcome.conversation as { id: string }).id };
}

/** The conversation's durable clocks (SLA, follow-up, ticket deadlines), not the node's own. */
const clocksOf = async (store: Store, conversationId: string) =>
  (await store.listTimers({})).filter((t) => t.key.includes(conversationId));

const states = (frames: Array<Record<string, unknown>>) =>
  frames.filter((f) => f.type === 'state').map((f) => (f.state as { status: string }).status);

describe('abandoned conversations', () => {
  it('closes one nobody touched for the idle time: the shopper sees it closed, the event log says abandoned', async () => {
    const store = createMemoryStore();
    const started = await startHub({ store });
    hub = started.hub;
    const { s, conversationId } = await shopperIn(started.url, 'gone-away');
    await closedOnceIdle(hub, IDLE_MS);
    await until(() => states(s.frames).includes('closed'), 'the shopper hears it closed');
    const stored = await store.getConversation(conversationId);
    expect(stored?.state).toMatchObject({ status: 'closed', reason: 'abandoned' });
    const closed = await store.listEvents({ kinds: ['closed'] });
    expect(closed).toMatchObject([
      { conversationId, data: { resolution: 'abandoned', abandoned: true, status: 'bot' } },
    ]);
    // Closed is closed: a second run finds nothing to do.
    expect(await hub.admin.closeAbandoned(IDLE_MS)).toEqual({ closed: 0 });
  });

  it('releases the agent who held it and stops its SLA clocks', async () => {
    const store = createMemoryStore();
    const started = await startHub({ store });
    hub = started.hub;
    const { s, conversationId } = await shopperIn(started.url, 'left-mid-chat');
    s.send({ v: 1, type: 'send', clientMsgId: 'm1', content: { kind: 'text', text: '转人工' } });
    await until(() => states(s.frames).includes('queued'), 'queued');
    const mei = agent(started.url);
    await mei.connect();
    await mei.accept(conversationId);
    s.send({ v: 1, type: 'send', clientMsgId: 'm2', content: { kind: 'text', text: '在吗？' } });
    let timers = 0;
    await until(() => {
      void clocksOf(store, conversationId).then((t) => {
        timers = t.length;
      });
      return timers > 0;
    }, 'an SLA clock for the reply Mei owes');
    await closedOnceIdle(hub, IDLE_MS);
    await until(() => mei.conversation(conversationId)?.state.status === 'closed', 'Mei sees it closed');
    expect(await store.listConversations({ agentId: 'mei', statuses: ['assigned', 'pending'] })).toEqual([]);
    expect(await clocksOf(store, conversationId)).toEqual([]);
    expect(await store.listEvents({ kinds: ['closed'] })).toMatchObject([
      { conversationId, agentId: 'mei', data: { status: 'assigned', abandoned: true } },
    ]);
    mei.disconnect();
  });

  it('leaves alone one touched since the cut-off, a ticket, and a pending one whose follow-up is ahead', async () => {
    const store = createMemoryStore();
    // With nobody online, a request for a person becomes a ticket.
    const started = await startHub({ store, routing: { assignment: 'manual', ticketWhenUnstaffed: true } });
    hub = started.hub;
    const quiet = await shopperIn(started.url, 'quiet');
    const ticket = await shopperIn(started.url, 'ticket');
    ticket.s.send({ v: 1, type: 'send', clientMsgId: 'm1', content: { kind: 'text', text: '转人工' } });
    await until(() => states(ticket.s.frames).includes('ticket'), 'a ticket');
    const mei = agent(started.url);
    await mei.connect();
    const waiting = await shopperIn(started.url, 'waiting');
    waiting.s.send({ v: 1, type: 'send', clientMsgId: 'm1', content: { kind: 'text', text: '转人工' } });
    await until(() => states(waiting.s.frames).includes('queued'), 'queued');
    await mei.accept(waiting.conversationId);
    await mei.pending(waiting.conversationId, Date.now() + 3_600_000);
    await idleFor(IDLE_MS + 50);
    // The quiet shopper writes again just before the run.
    quiet.s.send({ v: 1, type: 'send', clientMsgId: 'back', content: { kind: 'text', text: 'hello again' } });
    await quiet.s.next('ack');

    await hub.admin.closeAbandoned(IDLE_MS);
    for (const { conversationId } of [quiet, waiting])
      expect((await store.getConversation(conversationId))?.state.status, conversationId).not.toBe('closed');
    expect((await store.getConversation(ticket.conversationId))?.state.status).toBe('ticket');
    mei.disconnect();
  });

  it('does not close one that came back to life between the look-up and the close', async () => {
    const inner = createMemoryStore();
    let revive: (() => Promise<void>) | undefined;
    // The shopper writes right after the job listed the idle conversations.
    const store: Store = {
      ...inner,
      async listConversations(filter) {
        const found = await inner.listConversations(filter);
        if (filter.updatedBefore !== undefined) await revive?.();
        return found;
      },
    };
    const started = await startHub({ store });
    hub = started.hub;
    const { s, conversationId } = await shopperIn(started.url, 'came-back');
    await idleFor(IDLE_MS + 50);
    revive = async () => {
      s.send({
        v: 1,
        type: 'send',
        clientMsgId: 'just-now',
        content: { kind: 'text', text: 'wait, one more thing' },
      });
      await s.next('ack');
    };

    expect(await hub.admin.closeAbandoned(IDLE_MS)).toEqual({ closed: 0 });
    expect((await inner.getConversation(conversationId))?.state.status).not.toBe('closed');
  });
});
