import { describe, expect, it } from 'vitest';
import { decodeFrame, HubToAgent } from '../../packages/protocol/src/index.ts';
import { signIdentity } from '../../packages/sdk/src/hub/identity.ts';
import { rawSocket, until } from '../../packages/sdk/src/testing/hub-fixture.ts';
import { AGENTS, IDENTITY_SECRET, SHOP_ORIGIN, startHubProcess } from './hub-process.ts';

// Finding (qa-attack2): a conversation's state reason was stored as long as whoever set it wrote
// it (a pending note of up to 4000 characters, a router's joined reasons, an order id riding in a
// shopper's quick-reply payload), but every frame that carries the state to agents allows 300.
// The agent client refused those frames, the welcome among them (its inbox holds the state), so
// every agent of the group waited for a welcome it could not read: locked out of the console.
// The same with a logged-in shopper's name (their own account name, signed by the shop): tokens
// took 200 characters, the frames 100.

const OPTIONS = {
  routing: { assignment: 'manual', ticketWhenUnstaffed: false, router: { defaultGroup: 'general' } },
};

type Socket = Awaited<ReturnType<typeof rawSocket>>;

/** The messages of frames the agent client cannot read (it decodes every frame against the protocol). */
const unreadable = (frames: Array<Record<string, unknown>>) =>
  frames
    .map((f) => decodeFrame(HubToAgent, JSON.stringify(f), Number.POSITIVE_INFINITY))
    .flatMap((r) => (r.ok ? [] : [r.message]));

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
    shopper.send({ v: 1, type: 'send', clientMsgId: 'm1', content: { kind: 'text', text: '转人工' } });
    await until(
      () => shopper.frames.some((f) => (f.state as { status?: string } | undefined)?.status === 'queued'),
      'queued',
    );

    const alice = await rawSocket(hub.wsUrl, null);
    alice.send({ v: 1, type: 'hello', role: 'agent', token: AGENTS.alice.token });
    await alice.next('welcome');
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
      const socket = await rawSocket(hub.wsUrl, null);
      socket.send({ v: 1, type: 'hello', role: 'agent', token: agent.token });
      const again = await socket.next('welcome');
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
    const shopper = await rawSocket(`${hub.wsUrl}/?site=shop`, SHOP_ORIGIN);
    shopper.send({
      v: 1,
      type: 'hello',
      role: 'shopper',
      siteKey: 'shop',
      deviceId: 'attack-long-name',
      identity,
    });
    await shopper.next('welcome');
    shopper.send({ v: 1, type: 'send', clientMsgId: 'm1', content: { kind: 'text', text: '转人工' } });
    await until(
      () => shopper.frames.some((f) => (f.state as { status?: string } | undefined)?.status === 'queued'),
      'queued',
    );
    const alice = await rawSocket(hub.wsUrl, null);
    alice.send({ v: 1, type: 'hello', role: 'agent', token: AGENTS.alice.token });
    const welcome = await alice.next('welcome');
    expect(JSON.stringify(welcome)).toContain('王小明小明');
    expect(unreadable([welcome])).toEqual([]);
  });
});
