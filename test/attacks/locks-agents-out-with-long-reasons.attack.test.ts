import { describe, expect, it } from 'vitest';
import { signIdentity } from '../../packages/sdk/src/hub/identity.ts';
import { rawSocket, until } from '../../packages/sdk/src/testing/hub-fixture.ts';
import {
  agentSignedIn,
  askForAPerson,
  identifiedShopper,
  MANUAL_ROUTING_OPTIONS as OPTIONS,
  unreadable,
} from './agent-decoding.ts';
import { AGENTS, IDENTITY_SECRET, SHOP_ORIGIN, startHubProcess } from './hub-process.ts';

// Finding (qa-attack2): a conversation's state reason was stored as long as whoever set it wrote
// it (a pending note of up to 4000 characters, a router's joined reasons, an order id riding in a
// shopper's quick-reply payload), but every frame that carries the state to agents allows 300.
// The agent client refused those frames, the welcome among them (its inbox holds the state), so
// every agent of the group waited for a welcome it could not read: locked out of the console.
// The same with a logged-in shopper's name (their own account name, signed by the shop): tokens
// took 200 characters, the frames 100.

type Socket = Awaited<ReturnType<typeof rawSocket>>;

async function request(socket: Socket, id: string, frame: object): Promise<Record<string, unknown>> {
  socket.send({ v: 1, id, ...frame });
  await until(() => socket.frames.some((f) => f.re === id), `the answer to ${id}`);
  return socket.frames.find((f) => f.re === id)!;
}

describe('an agent sets a reason longer than the frames allow', () => {
  it('leaves every frame that carries the state readable, the next welcome among them', async () => {
    const hub = await startHubProcess({ options: OPTIONS });
    const shopper = await rawSocket(`${hub.wsUrl}/?site=shop`, SHOP_ORIGIN);
    shopper.send({ v: 1, type: 'hello', role: 'shopper', siteKey: 'shop', deviceId: 'attack-long-reason' });
    const welcome = await shopper.next('welcome');
    const conversationId = (welcome.conversation as { id: string }).id;
    await askForAPerson(shopper);

    const { socket: alice } = await agentSignedIn(hub.wsUrl, AGENTS.alice.token);
    expect(await request(alice, 'accept', { type: 'accept', conversationId })).toMatchObject({
      type: 'conversation',
    });
    const note = `courier says: ${'parcel held at depot; '.repeat(150)}`.slice(0, 4000);
    const pending = { type: 'pending', conversationId, dueAt: Date.now() + 86_400_000, note };
    expect(await request(alice, 'pending', pending)).toMatchObject({ type: 'ok' });

    await until(() => alice.frames.some((f) => f.type === 'inbox.update'), 'the inbox update');
    expect(unreadable(alice.frames)).toEqual([]);

    // Alice's console reconnects, and Sue (a supervisor) signs in: both welcomes are readable.
    for (const agent of [AGENTS.alice, AGENTS.sue]) {
      const { socket, welcome: again } = await agentSignedIn(hub.wsUrl, agent.token);
      expect(JSON.stringify(again)).toContain('parcel held at depot');
      expect(unreadable([again]), agent.id).toEqual([]);
      socket.ws.close();
    }
  });
});

describe('a shopper signs in with a name longer than the frames allow', () => {
  it("leaves the agents' welcome readable, with the name cut", async () => {
    const hub = await startHubProcess({ options: OPTIONS });
    const name = `王${'小明'.repeat(90)}`;
    const identity = signIdentity({ id: 'long-name-1', name }, IDENTITY_SECRET, { audience: 'shop' });
    const shopper = await identifiedShopper(hub.wsUrl, 'attack-long-name', identity);
    await shopper.next('welcome');
    await askForAPerson(shopper);
    const { welcome } = await agentSignedIn(hub.wsUrl, AGENTS.alice.token);
    expect(JSON.stringify(welcome)).toContain('王小明小明');
    expect(unreadable([welcome])).toEqual([]);
  });
});
