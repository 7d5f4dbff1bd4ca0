import { describe, expect, it } from 'vitest';
import { rawSocket, until } from '../../packages/sdk/src/testing/hub-fixture.ts';
import { API_KEY, API_KEYS } from './api-key.ts';
import { AGENTS, type HubProcess, SHOP_ORIGIN, startHubProcess } from './hub-process.ts';

// A message's clientMsgId makes a retry a no-op, per conversation. The hub files an agent's under
// `a:<agent>:<id>` and the API's under `api:<id>`, in the same conversation as the shopper's own.
// A merchant's system often posts with ids it can say again (`order-7-shipped`, a CRM row id):
// a shopper who sent a message with that key first had the merchant's (or the agent's) message
// answered as a "duplicate" of theirs, so it was never stored and never reached them, while the
// merchant was told 201. A shopper must not be able to write in anyone else's name space.

const OPTIONS = {
  routing: { assignment: 'manual', ticketWhenUnstaffed: false, router: { defaultGroup: 'general' } },
  http: { apiKeys: API_KEYS },
};

type Socket = Awaited<ReturnType<typeof rawSocket>>;

async function shopperIn(hub: HubProcess, deviceId: string) {
  const shopper = await rawSocket(`${hub.wsUrl}/?site=shop`, SHOP_ORIGIN);
  shopper.send({ v: 1, type: 'hello', role: 'shopper', siteKey: 'shop', deviceId });
  const welcome = await shopper.next('welcome');
  return { shopper, conversationId: (welcome.conversation as { id: string }).id };
}

/** Sends a message with `clientMsgId`; the hub's answer to it (an ack or an error). */
async function sendAs(shopper: Socket, clientMsgId: string, text: string) {
  shopper.send({ v: 1, type: 'send', id: clientMsgId, clientMsgId, content: { kind: 'text', text } });
  await until(
    () => shopper.frames.some((f) => f.clientMsgId === clientMsgId),
    `the answer to ${clientMsgId}`,
  );
  return shopper.frames.find((f) => f.clientMsgId === clientMsgId)!;
}

const post = (hub: HubProcess, conversationId: string, body: object) =>
  fetch(`${hub.httpUrl}/api/v1/conversations/${conversationId}/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const received = (shopper: Socket, text: string) =>
  shopper.frames.some(
    (f) => f.type === 'message' && (f.message as { content: { text?: string } }).content.text === text,
  );

describe("a shopper pre-claims the key of someone else's message", () => {
  it("cannot make the merchant's API message a duplicate of their own", async () => {
    const hub = await startHubProcess({ options: OPTIONS });
    const { shopper, conversationId } = await shopperIn(hub, 'attack-preclaim-api');
    const answer = await sendAs(shopper, 'api:order-7-shipped', 'nothing shipped');
    expect(answer).toMatchObject({ type: 'error', code: 'invalid_frame' });

    const res = await post(hub, conversationId, {
      author: { kind: 'bot' },
      content: { kind: 'text', text: 'Your parcel has shipped' },
      clientMsgId: 'order-7-shipped',
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      duplicate: false,
      message: { author: { kind: 'bot' }, content: { text: 'Your parcel has shipped' } },
    });
    await until(() => received(shopper, 'Your parcel has shipped'), 'the shopper has the message');
  });

  it("cannot make an agent's reply a duplicate of their own", async () => {
    const hub = await startHubProcess({ options: OPTIONS });
    const { shopper, conversationId } = await shopperIn(hub, 'attack-preclaim-agent');
    shopper.send({ v: 1, type: 'send', clientMsgId: 's1', content: { kind: 'text', text: '转人工' } });
    await until(
      () =>
        shopper.frames.some((f) => f.type === 'state' && (f.state as { status: string }).status === 'queued'),
      'queued',
    );
    const alice = await rawSocket(hub.wsUrl, null);
    alice.send({ v: 1, type: 'hello', role: 'agent', token: AGENTS.alice.token });
    await alice.next('welcome');
    alice.send({ v: 1, id: 'a1', type: 'accept', conversationId });
    await until(() => alice.frames.some((f) => f.re === 'a1'), 'accepted');

    for (const key of ['a:alice:reply-1', 'a#anything-at-all']) {
      const answer = await sendAs(shopper, key, 'not from Alice');
      expect(answer, key).toMatchObject({ type: 'error', code: 'invalid_frame' });
    }
    const res = await post(hub, conversationId, {
      author: { kind: 'agent', agentId: 'alice' },
      content: { kind: 'text', text: 'Alice: refund sent' },
      clientMsgId: 'reply-1',
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ duplicate: false, message: { author: { id: 'alice' } } });
    await until(() => received(shopper, 'Alice: refund sent'), 'the shopper has the reply');
  });

  it('still has its own retries de-duplicated, with any other id', async () => {
    const hub = await startHubProcess({ options: OPTIONS });
    const { shopper } = await shopperIn(hub, 'attack-preclaim-own');
    const first = await sendAs(shopper, 'api-like:1', 'hello');
    expect(first).toMatchObject({ type: 'ack', duplicate: false });
    const mark = shopper.frames.length;
    shopper.send({ v: 1, type: 'send', clientMsgId: 'api-like:1', content: { kind: 'text', text: 'hello' } });
    await until(() => shopper.frames.slice(mark).some((f) => f.type === 'ack'), 'the second ack');
    expect(shopper.frames.slice(mark).find((f) => f.type === 'ack')).toMatchObject({
      duplicate: true,
      seq: first.seq,
    });
  });
});
