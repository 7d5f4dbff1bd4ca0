import { describe, expect, it } from 'vitest';
import { rawSocket, until } from '../../packages/sdk/src/testing/hub-fixture.ts';
import { AGENTS, SHOP_ORIGIN, startHubProcess } from './hub-process.ts';
import { BY_HAND, queuedShopper } from './queued-conversation.ts';

// Finding (tenth outside pass, 2026-12-07): an agent's welcome listed every conversation waiting in
// their groups, each an inbox line built from three store reads. Anonymous shoppers queue them (60
// new conversations a minute per address, kept a week before they are closed as abandoned; tickets,
// when no one is staffed, never are): 5,000 queued made every agent's sign-in, and every reconnect of
// every console, a 2.9 MB frame and 15,000 store reads. The welcome now lists the first 200 in the
// queue's order; the rest reach the console as they change.

const MAX_WELCOME_WAITING = 200;
const QUEUED = MAX_WELCOME_WAITING + 20;

describe('a shopper address opens conversations as fast as its budget allows', () => {
  it(`lists the first ${MAX_WELCOME_WAITING} waiting, the others reach the console as they change`, async () => {
    const hub = await startHubProcess({
      // The per-address budget's hour, at once: the count is what matters, not the rate (and many
      // addresses' worth of waiting shoppers, past the one address's maxQueuedPerAddress).
      options: {
        ...BY_HAND,
        limits: { newConversationsPerAddressPerMinute: 10_000, maxQueuedPerAddress: 10_000 },
      },
    });
    const ids: string[] = [];
    let last: Awaited<ReturnType<typeof queuedShopper>>['shopper'] | undefined;
    for (let i = 0; i < QUEUED; i++) {
      const { shopper, conversationId } = await queuedShopper(hub, `queued-${i}`);
      ids.push(conversationId);
      if (i === QUEUED - 1) last = shopper;
      else {
        // It stays queued; the address keeps under its connections' limit.
        shopper.ws.close();
        await shopper.waitClosed();
      }
    }
    const agent = await rawSocket(hub.wsUrl, null);
    agent.send({ v: 1, type: 'hello', role: 'agent', token: AGENTS.alice.token });
    const welcome = await agent.next('welcome');
    const listed = (welcome.inbox as Array<{ conversationId: string }>).map((i) => i.conversationId);
    // The longest waiting, in the queue's order (the same priority: by when they were queued).
    expect(listed).toEqual(ids.slice(0, MAX_WELCOME_WAITING));
    // One left out comes in as soon as it changes.
    last!.send({ v: 1, type: 'send', clientMsgId: 'again', content: { kind: 'text', text: '有人吗' } });
    await until(
      () =>
        agent.frames.some(
          (f) =>
            f.type === 'inbox.update' &&
            (f.item as { conversationId?: string } | undefined)?.conversationId === ids.at(-1),
        ),
      'the inbox update of the last one queued',
    );
    expect(agent.closed).toBeUndefined();
  }, 180_000);

  // Finding (the same pass): the abandonment run closed at most 500 idle conversations (one store
  // page) an hour, where one address opens 3,600 an hour: past a week of it, idle conversations
  // (queued ones in every agent's queue) piled up faster than they were closed, for good, and
  // retention, which erases closed ones only, never reached them. A run now pages through them all.
  it('has every idle conversation closed by one abandonment run, past one store page of them', async () => {
    const hub = await startHubProcess({
      options: { limits: { newConversationsPerAddressPerMinute: 10_000 } },
    });
    const OPENED = 520;
    let next = 0;
    const open = async () => {
      while (next < OPENED) {
        const i = next++;
        const shopper = await rawSocket(`${hub.wsUrl}/?site=shop`, SHOP_ORIGIN);
        shopper.send({ v: 1, type: 'hello', role: 'shopper', siteKey: 'shop', deviceId: `idle-${i}` });
        await shopper.next('welcome');
        shopper.ws.close();
        await shopper.waitClosed();
      }
    };
    await Promise.all(Array.from({ length: 10 }, open));
    // Idle for a millisecond counts: the run is what is measured, not the week.
    expect(await hub.admin('closeAbandoned', 1)).toEqual({ closed: OPENED });
  }, 180_000);
});
