import { afterEach, describe, expect, it } from 'vitest';
import { agent, shopper, startHub, until } from '../testing/hub-fixture.ts';
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
});
