import { describe, expect, it } from 'vitest';
import { rawSocket, until } from '../../packages/sdk/src/testing/hub-fixture.ts';
import { AGENTS, SHOP_ORIGIN, startHubProcess } from './hub-process.ts';
import { answerTo, BY_HAND, queuedShopper } from './queued-conversation.ts';

// Finding (eleventh outside pass, 2026-12-07): every node's routing queue holds an entry per queued
// conversation, and one address opens 60 new conversations a minute, each asking for a person; a
// queued one is closed as abandoned only after a week idle, so the queue of every node grew by up to
// 60 entries a minute for as long as the address kept it up. Conversations asked for from one
// address now wait at most `limits.maxQueuedPerAddress` at once (counted in the queue every node
// holds); past it the bot says so and keeps the conversation, and those waiting keep their place.

const MAX_QUEUED = 3;

describe('one address asks for a person in conversation after conversation', () => {
  it(`queues ${MAX_QUEUED} of them, tells the next it cannot wait, and lets those waiting come back`, async () => {
    const hub = await startHubProcess({
      options: {
        ...BY_HAND,
        limits: { newConversationsPerAddressPerMinute: 10_000, maxQueuedPerAddress: MAX_QUEUED },
      },
    });
    const queued: string[] = [];
    for (let i = 0; i < MAX_QUEUED; i++) {
      const { shopper, conversationId } = await queuedShopper(hub, `queue-${i}`);
      queued.push(conversationId);
      shopper.ws.close();
      await shopper.waitClosed();
    }

    const next = await rawSocket(`${hub.wsUrl}/?site=shop`, SHOP_ORIGIN);
    next.send({ v: 1, type: 'hello', role: 'shopper', siteKey: 'shop', deviceId: 'queue-next' });
    await next.next('welcome');
    const ask = (clientMsgId: string) =>
      next.send({ v: 1, type: 'send', clientMsgId, content: { kind: 'text', text: '转人工' } });
    const notices = () =>
      next.frames.filter(
        (f) =>
          f.type === 'message' && (f.message as { content: { event?: string } }).content.event === 'notice',
      );
    const isQueued = () =>
      next.frames.some((f) => f.type === 'state' && (f.state as { status: string }).status === 'queued');
    ask('ask-1');
    await until(() => notices().length > 0 || isQueued(), 'the hub answers the hand-over');
    expect(isQueued()).toBe(false);
    expect(JSON.stringify(notices()[0])).toContain('稍后再试');

    // A shopper already waiting comes back to their place, from the same address.
    const back = await rawSocket(`${hub.wsUrl}/?site=shop`, SHOP_ORIGIN);
    back.send({ v: 1, type: 'hello', role: 'shopper', siteKey: 'shop', deviceId: 'queue-0' });
    const welcome = await back.next('welcome');
    const conversation = welcome.conversation as { id: string; state: { status: string } };
    expect(conversation).toMatchObject({ id: queued[0], state: { status: 'queued' } });

    // One taken by an agent frees a place: the next shopper's ask now queues.
    const agent = await rawSocket(hub.wsUrl, null);
    agent.send({ v: 1, type: 'hello', role: 'agent', token: AGENTS.alice.token });
    await agent.next('welcome');
    expect(await answerTo(agent, 'a1', { type: 'accept', conversationId: queued[1] })).toMatchObject({
      type: 'conversation',
    });
    ask('ask-2');
    await until(isQueued, 'queued once a place is free');
  }, 120_000);
});
