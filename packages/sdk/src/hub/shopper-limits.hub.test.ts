import { afterEach, describe, expect, it } from 'vitest';
import { shopperId } from '../shopper-id.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import { rawSocket, shopper, startHub, until } from '../testing/hub-fixture.ts';
import type { Hub } from './create-hub.ts';

// Finding 10 of issue 14, in one process: limits hold per shopper and per conversation, not per
// socket, and hellos that race open one conversation.

let hub: Hub | undefined;
afterEach(async () => {
  await hub?.close();
  hub = undefined;
});

const hello = (deviceId: string) => ({ v: 1, type: 'hello', role: 'shopper', siteKey: 'shop', deviceId });
const send = (clientMsgId: string) => ({
  v: 1,
  type: 'send',
  clientMsgId,
  content: { kind: 'text', text: `message ${clientMsgId}` },
});

async function welcomed(url: string, deviceId: string) {
  const sock = await rawSocket(`${url}/?site=shop`);
  sock.send(hello(deviceId));
  await until(() => sock.closed !== undefined || sock.frames.some((f) => f.type === 'welcome'), 'welcome');
  return sock;
}

describe('limits per shopper and per conversation', () => {
  it('refuses a shopper’s connections beyond the cap with 4429 too_many_connections, and frees a slot on close', async () => {
    const started = await startHub({ limits: { maxConnectionsPerShopper: 3 } });
    hub = started.hub;
    const socks = [];
    for (let i = 0; i < 5; i++) socks.push(await welcomed(started.url, 'one-shopper'));
    expect(socks.map((s) => s.closed?.code ?? 'open')).toEqual(['open', 'open', 'open', 4429, 4429]);
    expect(socks[3]!.frames.find((f) => f.type === 'error')).toMatchObject({
      code: 'too_many_connections',
      retryable: true,
    });
    // Another shopper from the same address is not affected.
    expect((await welcomed(started.url, 'someone-else')).closed).toBeUndefined();
    socks[0]!.ws.close();
    await socks[0]!.waitClosed();
    await until(() => hub!.stats().shoppers === 3, 'the closed connection to be uncounted');
    expect((await welcomed(started.url, 'one-shopper')).closed).toBeUndefined();
  });

  it('opens at most newConversationsPerAddressPerMinute new conversations from one address; known shoppers come back', async () => {
    const store = createMemoryStore();
    const started = await startHub({ store, limits: { newConversationsPerAddressPerMinute: 3 } });
    hub = started.hub;
    const socks = [];
    for (let i = 0; i < 5; i++) socks.push(await welcomed(started.url, `flood-${i}`));
    expect(socks.map((s) => s.closed?.code ?? 'open')).toEqual(['open', 'open', 'open', 4429, 4429]);
    expect(socks[3]!.frames.find((f) => f.type === 'error')).toMatchObject({
      code: 'rate_limited',
      retryable: true,
      message: expect.stringMatching(/new conversations from this address/),
    });
    // Nothing was stored for the refused ones: no shopper, no conversation.
    expect(await store.listConversations({ siteKey: 'shop' })).toHaveLength(3);
    expect(await store.getShopper('shop', shopperId('d', 'flood-3'))).toBeNull();
    // A shopper who already has a conversation comes back.
    socks[0]!.ws.close();
    await socks[0]!.waitClosed();
    expect((await welcomed(started.url, 'flood-0')).closed).toBeUndefined();
  });

  it('shares one message budget between the shopper’s sockets; a refusal names the clientMsgId', async () => {
    const started = await startHub({
      // A budget of 4 that does not refill within the test.
      limits: { conversationMessageBurst: 4, conversationMessagesPerSecond: 0.001 },
    });
    hub = started.hub;
    const a = await welcomed(started.url, 'two-tabs');
    const b = await welcomed(started.url, 'two-tabs');
    for (let i = 0; i < 3; i++) {
      a.send(send(`a${i}`));
      b.send(send(`b${i}`));
    }
    const answered = () =>
      [...a.frames, ...b.frames].filter((f) => f.type === 'ack' || (f.type === 'error' && f.clientMsgId));
    await until(
      () => answered().length === 6,
      () => `${answered().length} of 6 sends answered`,
    );
    expect(answered().filter((f) => f.type === 'ack')).toHaveLength(4);
    const refused = answered().filter((f) => f.type === 'error');
    expect(refused).toHaveLength(2);
    for (const error of refused) expect(error).toMatchObject({ code: 'rate_limited', retryable: true });
    expect(a.closed ?? b.closed).toBeUndefined();
  });

  it('pays a shopper’s "was this helpful?" votes from the same budget as their messages', async () => {
    const started = await startHub({
      limits: { conversationMessageBurst: 3, conversationMessagesPerSecond: 0.001 },
    });
    hub = started.hub;
    const a = await welcomed(started.url, 'voter');
    const b = await welcomed(started.url, 'voter');
    // The greeting (seq 1) is the bot's: each vote reads the conversation's event log.
    for (let i = 0; i < 3; i++) {
      a.send({ v: 1, type: 'feedback', id: `a${i}`, seq: 1, helpful: i % 2 === 0 });
      b.send({ v: 1, type: 'feedback', id: `b${i}`, seq: 1, helpful: i % 2 === 1 });
    }
    for (const sock of [a, b]) sock.send({ v: 1, type: 'ping', id: 'done' });
    await until(
      () => [a, b].every((s) => s.frames.some((f) => f.type === 'pong' && f.re === 'done')),
      'both sockets to have handled their votes',
    );
    const refused = [...a.frames, ...b.frames].filter((f) => f.type === 'error' && f.code === 'rate_limited');
    expect(refused).toHaveLength(3);
    expect(a.closed ?? b.closed).toBeUndefined();
  });

  it('loses nothing: the client’s outbox resends what the budget refused, each message stored once', async () => {
    const started = await startHub({
      limits: { conversationMessageBurst: 3, conversationMessagesPerSecond: 20 },
    });
    hub = started.hub;
    const s = shopper(started.url);
    s.connect();
    await until(() => s.status === 'open', 'welcome');
    for (let i = 0; i < 8; i++) s.send(`burst ${i}`);
    const mine = () =>
      s.messages
        .filter((m) => m.author.kind === 'shopper' && m.content.kind === 'text')
        .map((m) => m.content);
    await until(
      () => s.outbox.length === 0 && mine().length === 8,
      () => `${mine().length} stored, ${s.outbox.length} in the outbox`,
    );
    // A resent message is stored after those that went through meanwhile: compare as sets.
    const texts = mine().map((c) => (c.kind === 'text' ? c.text : ''));
    expect(texts.sort()).toEqual(Array.from({ length: 8 }, (_, i) => `burst ${i}`));
  });

  it('opens one conversation, greeted once, however many of a shopper’s hellos race', async () => {
    // Each welcome of the conversation once it exists takes half a second of its history budget:
    // lifted with the connection cap, so all 40 reach the race.
    const started = await startHub({
      limits: { maxConnectionsPerShopper: 40, historyBytesBurst: 8 * 2 ** 20 },
    });
    hub = started.hub;
    const socks = await Promise.all(Array.from({ length: 40 }, () => rawSocket(`${started.url}/?site=shop`)));
    for (const sock of socks) sock.send(hello('racing-device'));
    await until(
      () => socks.every((s) => s.frames.some((f) => f.type === 'welcome')),
      () => `${socks.filter((s) => s.frames.some((f) => f.type === 'welcome')).length} of 40 welcomed`,
    );
    const ids = new Set(
      socks.map(
        (s) =>
          (s.frames.find((f) => f.type === 'welcome') as { conversation: { id: string } }).conversation.id,
      ),
    );
    expect(ids.size).toBe(1);
    const exported = await started.hub.admin.exportShopper({
      siteKey: 'shop',
      shopperId: shopperId('d', 'racing-device'),
    });
    expect(exported.conversations).toHaveLength(1);
    expect(exported.conversations[0]!.messages.filter((m) => m.author.kind === 'bot')).toHaveLength(1);
  });
});

describe('which conversation a hello opens (kept while hellos are serialised)', () => {
  it('resumes a conversation closed within newConversationAfterDays, and starts afresh after it', async () => {
    const store = createMemoryStore();
    const day = 86_400_000;
    for (const [deviceId, closedDaysAgo] of [
      ['back-soon', 1],
      ['back-late', 8],
    ] as const) {
      const id = `c_${deviceId}`;
      await store.createConversation({
        id,
        siteKey: 'shop',
        shopperId: shopperId('d', deviceId),
        state: { status: 'closed' },
        createdAt: Date.now() - 10 * day,
      });
      await store.updateConversation(id, { updatedAt: Date.now() - closedDaysAgo * day });
    }
    const started = await startHub({ store, newConversationAfterDays: 7 });
    hub = started.hub;
    const opened = async (deviceId: string) => {
      const sock = await welcomed(started.url, deviceId);
      return (sock.frames.find((f) => f.type === 'welcome') as { conversation: { id: string } }).conversation
        .id;
    };
    expect(await opened('back-soon')).toBe('c_back-soon');
    const fresh = await opened('back-late');
    expect(fresh).not.toBe('c_back-late');
    // The new one is now the shopper's latest: the next hello lands in it.
    expect(await opened('back-late')).toBe(fresh);
  });
});
