import { describe, expect, it } from 'vitest';
import { rawSocket, until } from '../../packages/sdk/src/testing/hub-fixture.ts';
import { AGENTS, SHOP_ORIGIN, startHubProcess } from './hub-process.ts';
import { BY_HAND } from './queued-conversation.ts';

// Finding (fifth outside pass, 2026-12-07): an agent's connection kept a live feed (a subscription
// on the bus, its buffers, a presence listener's work) for every conversation it joined and never
// left, with no bound: an agent of a group may read every conversation waiting in it and every closed
// one, which over a shop's history are tens of thousands, each joined at the agent's read budget for as
// long as the socket stays. A connection now watches at most MAX_WATCHED conversations (a console has
// its open tabs, its capacity of five by default); a join past it is refused `conflict`, naming
// `leave`, until it leaves one; feeds that ended (a colleague took the conversation) do not count.

const MAX_WATCHED = 100;

describe('an agent joins every conversation of its group on one connection', () => {
  it(`watches at most ${MAX_WATCHED}, the next refused as conflict until it leaves one`, async () => {
    const hub = await startHubProcess({
      options: {
        ...BY_HAND,
        // An agent's reads are two a second past a burst of historyBytesBurst over half a second's
        // worth: this one's 120, so the joins are not rate_limited first.
        limits: {
          newConversationsPerAddressPerMinute: 1000,
          maxQueuedPerAddress: 1000,
          historyBytesBurst: 15 * 2 ** 20,
        },
      },
    });
    const ids: string[] = [];
    for (let i = 0; i <= MAX_WATCHED; i++) {
      const shopper = await rawSocket(`${hub.wsUrl}/?site=shop`, SHOP_ORIGIN);
      shopper.send({ v: 1, type: 'hello', role: 'shopper', siteKey: 'shop', deviceId: `watched-${i}` });
      ids.push(((await shopper.next('welcome')).conversation as { id: string }).id);
      shopper.send({ v: 1, type: 'send', clientMsgId: 'ask', content: { kind: 'text', text: '转人工' } });
      await until(
        () =>
          shopper.frames.some(
            (f) => f.type === 'state' && (f.state as { status: string }).status === 'queued',
          ),
        'queued',
      );
      // It stays queued; the address keeps under its connections' limit.
      shopper.ws.close();
      await shopper.waitClosed();
    }
    const agent = await rawSocket(hub.wsUrl, null);
    agent.send({ v: 1, type: 'hello', role: 'agent', token: AGENTS.alice.token });
    await agent.next('welcome');
    const join = async (id: string, conversationId: string) => {
      agent.send({ v: 1, type: 'join', id, conversationId });
      await until(() => agent.frames.some((f) => f.re === id), `the answer to ${id}`);
      return agent.frames.find((f) => f.re === id)!;
    };
    for (const [i, conversationId] of ids.slice(0, MAX_WATCHED).entries())
      expect(await join(`j${i}`, conversationId)).toMatchObject({ type: 'conversation' });
    const last = ids[MAX_WATCHED]!;
    expect(await join('past', last)).toMatchObject({
      type: 'error',
      code: 'conflict',
      message: expect.stringContaining('leave'),
    });
    // Joining one it watches again is no new feed.
    expect(await join('again', ids[0]!)).toMatchObject({ type: 'conversation' });
    agent.send({ v: 1, type: 'leave', id: 'l0', conversationId: ids[0] });
    await until(() => agent.frames.some((f) => f.re === 'l0'), 'left');
    expect(await join('after-leave', last)).toMatchObject({ type: 'conversation' });
    expect(agent.closed).toBeUndefined();
  }, 180_000);
});
