import type { ConversationState } from '@kefu/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/memory-store.ts';
import type { Store } from '../store/store.ts';
import { agent, rawSocket, shopper, startHub, until } from '../testing/hub-fixture.ts';
import type { Hub } from './create-hub.ts';

let hub: Hub | undefined;
afterEach(async () => {
  await hub?.close();
});

const hello = (deviceId: string) => ({ v: 1, type: 'hello', role: 'shopper', siteKey: 'shop', deviceId });
const askForPerson = { v: 1, type: 'send', clientMsgId: 'm1', content: { kind: 'text', text: '转人工' } };

// Finding (2026-12-04): every change of a group's queue republished every waiting conversation
// (a store read, a state event, an inbox frame per agent). Shoppers who ask for a person and leave
// stay queued for days, so one address (60 new conversations a minute) made each new one cost
// more: 15 ms of CPU per enqueue at 100 waiting, 28 ms at 200, growing without bound.
describe('queue places', () => {
  it('are republished to connected shoppers only, not to the ones who left', async () => {
    const reads = new Map<string, number>();
    const store = createMemoryStore();
    const counting: Store = new Proxy(store, {
      get(target, key, receiver) {
        if (key === 'getConversation')
          return (id: string) => {
            reads.set(id, (reads.get(id) ?? 0) + 1);
            return target.getConversation(id);
          };
        return Reflect.get(target, key, receiver);
      },
    });
    const started = await startHub({ store: counting });
    hub = started.hub;
    // An agent online who takes nobody: whoever asks for a person waits in the queue.
    const mei = agent(started.url);
    await mei.connect();
    const queue = async (deviceId: string) => {
      const sock = await rawSocket(`${started.url}/?site=shop`);
      sock.send(hello(deviceId));
      const welcome = (await sock.next('welcome')) as { conversation: { id: string } };
      sock.send(askForPerson);
      await until(
        () =>
          sock.frames.some((f) => f.type === 'state' && (f.state as { status?: string }).status === 'queued'),
        `${deviceId} queued`,
      );
      return { sock, id: welcome.conversation.id };
    };
    const left: string[] = [];
    for (let i = 0; i < 10; i++) {
      const { sock, id } = await queue(`left-queue-${i}`);
      sock.ws.close();
      await sock.waitClosed();
      left.push(id);
    }
    await until(
      () => mei.inbox.filter((item) => item.shopperOnline === false).length === 10,
      'all ten offline',
    );
    const before = left.map((id) => reads.get(id) ?? 0);
    // A shopper who stays: the refresh after their enqueue tells them their place again.
    const stays = await queue('stays-in-queue');
    await until(
      () =>
        stays.sock.frames.filter(
          (f) => f.type === 'state' && (f.state as { status?: string }).status === 'queued',
        ).length >= 2,
      'the place republished to the connected shopper',
    );
    expect(left.map((id) => reads.get(id) ?? 0)).toEqual(before);
    stays.sock.ws.close();
  });

  // Finding (2026-12-04): the state the escalation published said `queued` with no place (the
  // place was computed only once the queue event came back over the bus); the shopper learned it
  // from a second state.
  it('are in the first queued state the shopper sees', async () => {
    const started = await startHub();
    hub = started.hub;
    const mei = agent(started.url);
    await mei.connect();
    const s = shopper(started.url);
    const states: ConversationState[] = [];
    s.on('state', (state) => states.push(state));
    s.connect();
    await until(() => s.status === 'open', 'welcome');
    s.send('I want to talk to a person');
    await until(() => states.some((st) => st.status === 'queued'), 'queued');
    expect(states.find((st) => st.status === 'queued')?.queue).toMatchObject({ position: 1 });
  });
});
