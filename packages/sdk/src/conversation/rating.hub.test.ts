import { PROTOCOL_VERSION } from '@kefu/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { Hub } from '../hub/create-hub.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import type { Store } from '../store/store.ts';
import { eventually } from '../testing/eventually.ts';
import { agent, rawSocket, startHub } from '../testing/hub-fixture.ts';

let hub: Hub;
const sockets: { ws: { close(): void } }[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.ws.close();
  await hub?.close();
});

const hello = (deviceId: string) => ({
  v: PROTOCOL_VERSION,
  type: 'hello',
  id: 'h',
  role: 'shopper',
  siteKey: 'shop',
  deviceId,
});

/**
 * A memory store whose conversation reads, once `hold(n)` is called, wait until `n` of them are
 * waiting and then all go on: the interleaving a database's latency gives concurrent frames.
 */
function barrierStore() {
  const real = createMemoryStore();
  let waiting: (() => void)[] | undefined;
  let needed = 0;
  const store: Store = new Proxy(real, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop);
      if (prop !== 'getConversation' || typeof value !== 'function') return value;
      return async (id: string) => {
        if (waiting) {
          const held = waiting;
          await new Promise<void>((resolve) => {
            held.push(resolve);
            if (held.length < needed) return;
            waiting = undefined;
            for (const go of held) go();
          });
        }
        return real.getConversation(id);
      };
    },
  });
  return {
    store,
    hold(n: number) {
      waiting = [];
      needed = n;
    },
  };
}

describe('a rating (CSAT) is taken once per closing', () => {
  it('counts one rating when the shopper sends it on several sockets at once', async () => {
    const { store, hold } = barrierStore();
    const started = await startHub({ store });
    hub = started.hub;
    // One shopper (one device) with five sockets: what maxConnectionsPerShopper allows a tab-happy
    // shopper, or an attacker who wants to weigh an agent's CSAT five times.
    const first = await rawSocket(`${started.url}?site=shop`);
    sockets.push(first);
    first.send(hello('device-rating-race'));
    const welcome = (await first.next('welcome')) as { conversation: { id: string } };
    const conversationId = welcome.conversation.id;
    first.send({
      v: PROTOCOL_VERSION,
      type: 'send',
      id: 's',
      clientMsgId: 'm1',
      content: { kind: 'text', text: '转人工' },
    });
    const mei = agent(started.url);
    await mei.connect();
    await eventually(
      async () => (await store.getConversation(conversationId))?.state.status === 'queued',
      'queued',
    );
    await mei.accept(conversationId);
    await mei.send(conversationId, '您好');
    await mei.close(conversationId);
    const others = await Promise.all(
      [1, 2, 3, 4].map(async () => {
        const s = await rawSocket(`${started.url}?site=shop`);
        sockets.push(s);
        s.send(hello('device-rating-race'));
        await s.next('welcome');
        return s;
      }),
    );
    const all = [first, ...others];
    // Each rating reads the conversation before it writes; all five read it before any writes.
    hold(all.length);
    for (const [i, s] of all.entries())
      s.send({ v: PROTOCOL_VERSION, type: 'csat', id: `r${i}`, rating: 1 + i });
    const refusals = () =>
      all.flatMap((s) => s.frames.filter((f) => f.type === 'error' && String(f.re).startsWith('r')));
    const ratings = () => store.listEvents({ kinds: ['csat'] });
    // Every csat is either taken (an event) or refused (an error frame): wait until all five are one or the other.
    await eventually(
      async () => (await ratings()).length + refusals().length >= all.length,
      'every rating answered',
    );
    expect(await ratings()).toHaveLength(1);
    expect(refusals().map((f) => f.code)).toEqual(['conflict', 'conflict', 'conflict', 'conflict']);
    mei.disconnect();
  });
});
