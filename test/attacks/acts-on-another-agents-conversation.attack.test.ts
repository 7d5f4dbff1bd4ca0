import { describe, expect, it } from 'vitest';
import { rawSocket, until } from '../../packages/sdk/src/testing/hub-fixture.ts';
import { AGENTS, type HubProcess, SHOP_ORIGIN, startHubProcess } from './hub-process.ts';

// Finding 3: Bob, in the same group as Alice, joins the conversation Alice owns, reads its
// transcript and internal notes, adds notes and tags, opens and resolves a ticket, and shows
// typing and read receipts to her shopper. The owner rule: once an agent owns a conversation,
// only that agent and supervisors may read it or do anything to it.

type Socket = Awaited<ReturnType<typeof rawSocket>>;

/** Everyone in `general`, assigned by hand, so Alice's taking it is the test's own doing. */
const OPTIONS = {
  routing: { assignment: 'manual', ticketWhenUnstaffed: false, router: { defaultGroup: 'general' } },
};

async function signIn(hub: HubProcess, token: string): Promise<Socket> {
  const socket = await rawSocket(hub.wsUrl, null);
  socket.send({ v: 1, type: 'hello', role: 'agent', token });
  await socket.next('welcome');
  return socket;
}

/** Sends a frame with a request id and waits for its answer (`ok`, an error, or a reply naming it). */
async function request(socket: Socket, id: string, frame: object): Promise<Record<string, unknown>> {
  socket.send({ v: 1, id, ...frame });
  await until(() => socket.frames.some((f) => f.re === id), `the answer to ${id}`);
  return socket.frames.find((f) => f.re === id)!;
}

/** A shopper waiting in `general`, and Alice, who took the conversation and wrote a note. */
async function aliceOwnsAConversation(hub: HubProcess) {
  const shopper = await rawSocket(`${hub.wsUrl}/?site=shop`, SHOP_ORIGIN);
  shopper.send({ v: 1, type: 'hello', role: 'shopper', siteKey: 'shop', deviceId: 'attack-f3-device' });
  const welcome = await shopper.next('welcome');
  const conversationId = (welcome.conversation as { id: string }).id;
  shopper.send({ v: 1, type: 'send', clientMsgId: 's1', content: { kind: 'text', text: '转人工' } });
  await until(
    () =>
      shopper.frames.some((f) => f.type === 'state' && (f.state as { status: string }).status === 'queued'),
    'queued',
  );
  const alice = await signIn(hub, AGENTS.alice.token);
  expect(await request(alice, 'a1', { type: 'accept', conversationId })).toMatchObject({
    type: 'conversation',
  });
  await request(alice, 'a2', { type: 'note', conversationId, clientMsgId: 'n1', text: 'card ends 4242' });
  const sent = await request(alice, 'a3', {
    type: 'send',
    conversationId,
    clientMsgId: 'm1',
    content: { kind: 'text', text: 'Alice here' },
  });
  await until(
    () => shopper.frames.some((f) => f.type === 'message' && JSON.stringify(f).includes('Alice here')),
    'the shopper has the reply',
  );
  return { shopper, alice, conversationId, seq: sent.seq as number };
}

describe('an agent acts on a conversation another agent owns', () => {
  it('Bob, of the same group, is refused every read and every act, and the shopper gets nothing from him', async () => {
    const hub = await startHubProcess({ options: OPTIONS });
    const { shopper, alice, conversationId, seq } = await aliceOwnsAConversation(hub);
    const bob = await signIn(hub, AGENTS.bob.token);
    const mark = shopper.frames.length;
    const attempts: Record<string, object> = {
      join: { type: 'join', conversationId },
      history: { type: 'history', conversationId, before: seq + 1 },
      note: { type: 'note', conversationId, clientMsgId: 'b1', text: 'Bob was here' },
      tags: { type: 'tags', conversationId, tags: ['bob-tag'] },
      'ticket create': { type: 'ticket', conversationId, action: 'create', note: 'opened by Bob' },
      'ticket resolve': { type: 'ticket', conversationId, action: 'resolve', note: 'resolved by Bob' },
      typing: { type: 'typing', conversationId, on: true },
      read: { type: 'read', conversationId, seq },
      send: { type: 'send', conversationId, clientMsgId: 'b2', content: { kind: 'text', text: 'Bob here' } },
      pending: { type: 'pending', conversationId, dueAt: Date.now() + 3_600_000, note: 'Bob waits' },
      transfer: { type: 'transfer', conversationId, to: { agentId: 'bob' } },
      handback: { type: 'handback', conversationId },
      close: { type: 'close', conversationId, resolution: 'closed by Bob' },
    };
    for (const [name, frame] of Object.entries(attempts)) {
      const answer = await request(bob, `bob ${name}`, frame);
      expect(answer, name).toMatchObject({ type: 'error', code: 'forbidden' });
      expect(answer.message, name).toMatch(/belongs to Alice; only its owner or a supervisor may/);
    }
    const toBob = JSON.stringify(bob.frames);
    expect(toBob).not.toContain('card ends 4242');
    expect(toBob).not.toContain('Alice here');

    // Alice writes once more: by the time the shopper has it, anything Bob caused would have arrived first.
    await request(alice, 'a4', {
      type: 'send',
      conversationId,
      clientMsgId: 'm2',
      content: { kind: 'text', text: 'still Alice' },
    });
    await until(() => JSON.stringify(shopper.frames.slice(mark)).includes('still Alice'), 'the last reply');
    const since = shopper.frames.slice(mark);
    expect(since.map((f) => f.type)).toEqual(['message']);
    expect(JSON.stringify(shopper.frames)).not.toMatch(/Bob/);
  });

  it('Sue, a supervisor, may read it and act on it', async () => {
    const hub = await startHubProcess({ options: OPTIONS });
    const { shopper, conversationId } = await aliceOwnsAConversation(hub);
    const sue = await signIn(hub, AGENTS.sue.token);
    const joined = await request(sue, 's1', { type: 'join', conversationId });
    expect(joined).toMatchObject({ type: 'conversation', notes: [{ text: 'card ends 4242' }] });
    expect(JSON.stringify(joined.messages)).toContain('Alice here');
    expect(
      await request(sue, 's2', { type: 'note', conversationId, clientMsgId: 'n', text: 'seen' }),
    ).toMatchObject({ type: 'note' });
    expect(await request(sue, 's3', { type: 'tags', conversationId, tags: ['escalated'] })).toMatchObject({
      type: 'ok',
    });
    expect(
      await request(sue, 's4', { type: 'ticket', conversationId, action: 'create', note: 'refund check' }),
    ).toMatchObject({ type: 'ok' });
    await until(
      () =>
        shopper.frames.some(
          (f) => f.type === 'state' && (f.state as { ticket?: unknown }).ticket !== undefined,
        ),
      'the shopper sees the ticket',
    );
    sue.send({ v: 1, type: 'typing', conversationId, on: true });
    await until(
      () => shopper.frames.some((f) => f.type === 'typing' && (f.author as { name?: string }).name === 'Sue'),
      'the shopper sees Sue typing',
    );
  });
});
