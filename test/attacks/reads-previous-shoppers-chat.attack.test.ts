import { describe, expect, it } from 'vitest';
import { createShopperClient } from '../../packages/sdk/src/client/zod-client.ts';
import { signIdentity } from '../../packages/sdk/src/hub/identity.ts';
import { agent, until, wsWithOrigin } from '../../packages/sdk/src/testing/hub-fixture.ts';
import { type KeyValueStorage, memoryStorage } from '../../packages/sdk/src/transport/storage.ts';
import { AGENTS, type HubProcess, IDENTITY_SECRET, SHOP_ORIGIN, startHubProcess } from './hub-process.ts';

// Finding 6 (the browser's side): on a shared computer, the next person opened the shop and the
// widget reused what the previous, signed-in shopper left in localStorage (a 30-day session, the
// conversation, unsent messages), so they read that conversation. One storage here is one browser
// profile; each client is a page load in it. The hub's side is reuses-ended-sessions.attack.test.ts.

const PRIVATE = 'deliver to 8 Xingfu Road, Shanghai, phone 13800138000';
const UNSENT = 'my card ends in 4242, typed while offline';

const token = (userId: string) =>
  signIdentity({ id: userId, name: `User ${userId}` }, IDENTITY_SECRET, { audience: 'shop' });

/** A page load of the shop in the shared browser; `identity` when the shop has signed someone in. */
async function pageLoad(hub: HubProcess, storage: KeyValueStorage, identity?: string) {
  const client = createShopperClient({
    url: `${hub.wsUrl}/`,
    siteKey: 'shop',
    WebSocket: wsWithOrigin(SHOP_ORIGIN),
    storage,
    ...(identity ? { identity } : {}),
  });
  const welcomes: { shopperId: string; conversationId: string; identified: boolean }[] = [];
  client.on('welcome', (w) => welcomes.push(w));
  client.connect();
  await until(() => welcomes.length > 0, 'the welcome');
  return { client, welcomes };
}

/** Everything a supervisor sees in a conversation. */
async function transcript(hub: HubProcess, conversationId: string): Promise<string> {
  const sue = agent(hub.wsUrl, AGENTS.sue.token);
  await sue.connect();
  const seen = JSON.stringify((await sue.join(conversationId)).messages);
  sue.disconnect();
  return seen;
}

describe('an attacker reads the previous shopper’s chat on a shared computer', () => {
  it('after logout(), the next page load is a new anonymous shopper with an empty conversation', async () => {
    const hub = await startHubProcess();
    const browser = memoryStorage();
    const alice = await pageLoad(hub, browser, token('42'));
    const aliceWelcome = alice.welcomes[0];
    expect(aliceWelcome?.shopperId).toBe('u:42');
    alice.client.send(PRIVATE);
    await until(() => alice.client.outbox.length === 0, 'Alice’s message stored');
    alice.client.logout();

    const next = await pageLoad(hub, browser);
    const welcome = next.welcomes[0];
    expect(welcome?.identified).toBe(false);
    expect(welcome?.shopperId).not.toBe('u:42');
    expect(welcome?.conversationId).not.toBe(aliceWelcome?.conversationId);
    expect(JSON.stringify(next.client.messages)).not.toContain(PRIVATE);
    expect(await transcript(hub, welcome?.conversationId as string)).not.toContain(PRIVATE);
    next.client.close();
  });

  it('when the shop signs another person in, the previous one’s unsent message is not sent as theirs', async () => {
    const hub = await startHubProcess();
    const browser = memoryStorage();
    const alice = await pageLoad(hub, browser, token('42'));
    alice.client.close();
    // Alice typed offline, then left; the message waits in the browser's outbox.
    alice.client.send(UNSENT);

    const bob = await pageLoad(hub, browser, token('77'));
    const welcome = bob.welcomes[0];
    expect(welcome?.shopperId).toBe('u:77');
    expect(bob.client.outbox).toEqual([]);
    bob.client.send('hello, this is Bob');
    await until(() => bob.client.outbox.length === 0, 'Bob’s message stored');
    const seen = await transcript(hub, welcome?.conversationId as string);
    expect(seen).toContain('this is Bob');
    expect(seen).not.toContain(UNSENT);
    bob.client.close();
  });
});
