import { afterEach, describe, expect, it } from 'vitest';
import {
  AGENT_TOKEN,
  AGENT2_TOKEN,
  agent,
  rawSocket,
  shopper,
  shopperAskingForPerson,
  startHub,
  until,
} from '../testing/hub-fixture.ts';
import { memoryStorage } from '../transport/storage.ts';
import type { Hub } from './create-hub.ts';

let hub: Hub;
afterEach(async () => {
  await hub?.close();
});

describe('shopper presence over real sockets', () => {
  it('tells the agent when the shopper leaves and comes back, in the snapshot, frames and inbox', async () => {
    const started = await startHub();
    hub = started.hub;
    const storage = memoryStorage();
    const first = shopper(started.url, { storage });
    first.connect();
    await until(() => first.status === 'open', 'welcome');
    first.send('转人工');
    await until(() => first.state?.status === 'queued', 'queued');
    const mei = agent(started.url);
    const seen: boolean[] = [];
    mei.on('presence', (p) => seen.push(p.online));
    await mei.connect();
    const id = first.conversationId!;
    expect(mei.inbox.find((i) => i.conversationId === id)?.shopperOnline).toBe(true);
    const taken = await mei.accept(id);
    expect(taken.shopperOnline).toBe(true);

    // A second tab, then both closed: one "left", only when the last one goes.
    const second = shopper(started.url, { storage });
    second.connect();
    await until(() => second.status === 'open', 'second tab');
    first.close();
    second.close();
    await until(() => mei.conversation(id)?.shopperOnline === false, 'left');
    expect(seen).toEqual([false]);
    expect(mei.inbox.find((i) => i.conversationId === id)?.shopperOnline).toBe(false);

    const back = shopper(started.url, { storage });
    back.connect();
    await until(() => mei.conversation(id)?.shopperOnline === true, 'back');
    expect(seen).toEqual([false, true]);
    back.close();
    mei.disconnect();
  });

  it('stops telling an agent whether the shopper is online once a colleague took the conversation', async () => {
    const started = await startHub();
    hub = started.hub;
    const s = await shopperAskingForPerson(started.url, 'queued');
    const id = s.conversationId!;
    // Mei looks at it while it waits in her group (she may), then Lei takes it: Mei may no longer read it.
    const mei = await rawSocket(started.url, null);
    mei.send({ v: 1, type: 'hello', id: 'h', role: 'agent', token: AGENT_TOKEN });
    await mei.next('welcome');
    mei.send({ v: 1, type: 'join', id: 'j', conversationId: id });
    await mei.next('conversation');
    const lei = await rawSocket(started.url, null);
    lei.send({ v: 1, type: 'hello', id: 'h', role: 'agent', token: AGENT2_TOKEN });
    await lei.next('welcome');
    lei.send({ v: 1, type: 'accept', id: 'a', conversationId: id });
    await until(() => lei.frames.some((f) => f.re === 'a'), 'the accept');
    await until(
      () =>
        mei.frames.some((f) => f.type === 'state' && (f.state as { status: string }).status === 'assigned'),
      'Mei told who took it',
    );

    s.close();
    await until(() => lei.frames.some((f) => f.type === 'presence' && f.online === false), 'Lei told');
    // Presence goes to every console of the node at once: a ping answered after it shows Mei had hers by then.
    mei.send({ v: 1, type: 'ping', id: 'p' });
    await until(() => mei.frames.some((f) => f.re === 'p'), 'the pong');
    expect(mei.frames.filter((f) => f.type === 'presence')).toEqual([]);
    mei.ws.close();
    lei.ws.close();
  });
});
