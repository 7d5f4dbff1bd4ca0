import { LIMITS, type Message } from '@kefu/protocol';
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/memory-store.ts';
import { cuttableProxy } from '../testing/cuttable-proxy.ts';
import { rawSocket, shopper, startHub } from '../testing/hub-fixture.ts';
import { until } from '../testing/until.ts';

// The hub and its sockets are closed after each test by test/close-started.ts.

const PAGE = LIMITS.maxHistoryPage;

/** `count` more agent messages in the conversation, written straight to the store while the shopper is away. */
async function missed(store: ReturnType<typeof createMemoryStore>, conversationId: string, count: number) {
  for (let i = 1; i <= count; i++)
    await store.appendMessage({
      id: `m_missed_${i}`,
      conversationId,
      author: { kind: 'agent', id: 'mei', name: 'Mei' },
      content: { kind: 'text', text: `missed ${i}` },
      createdAt: Date.now(),
    });
  return (await store.getConversation(conversationId))!.lastSeq;
}

describe("a shopper's resume far behind", () => {
  it('gets only the latest page replayed, not everything since its lastSeq', async () => {
    const store = createMemoryStore();
    const { url } = await startHub({ store });
    const hello = { v: 1, type: 'hello', role: 'shopper', siteKey: 'shop', deviceId: 'device-asleep-tab' };
    const first = await rawSocket(`${url}/?site=shop`);
    first.send(hello);
    const welcome = (await first.next('welcome')) as { session: string; conversation: { id: string } };
    first.send({ v: 1, type: 'send', clientMsgId: 'c1', content: { kind: 'text', text: 'hello?' } });
    const { seq } = (await first.next('ack')) as { seq: number };
    first.ws.close();
    const last = await missed(store, welcome.conversation.id, 250);

    const back = await rawSocket(`${url}/?site=shop`);
    back.send({
      ...hello,
      session: welcome.session,
      resume: { conversationId: welcome.conversation.id, lastSeq: seq },
    });
    await back.next('welcome');
    // A ping answered after the replay shows nothing else was queued.
    back.send({ v: 1, type: 'ping', id: 'p1' });
    await back.next('pong');
    const replayed = back.frames.filter((f) => f.type === 'message').map((f) => (f.message as Message).seq);
    expect(replayed).toEqual(Array.from({ length: PAGE }, (_, i) => last - PAGE + 1 + i));
  });

  it('the shopper client pages in the gap after that page, oldest first, so it holds every message once', async () => {
    const store = createMemoryStore();
    const { url } = await startHub({ store });
    const port = Number(new URL(url).port);
    const proxy = await cuttableProxy('127.0.0.1', port);
    try {
      const s = shopper(`ws://127.0.0.1:${proxy.port}`);
      const received: number[] = [];
      s.on('message', (m) => received.push(m.seq));
      s.connect();
      await until(() => s.status === 'open', 'welcome');
      s.send('hello?');
      await until(() => s.outbox.length === 0 && s.lastSeq > 0, 'the first message acked');
      const held = s.lastSeq;
      await proxy.cut();
      await until(() => s.status !== 'open', 'the cut noticed');
      const last = await missed(store, s.conversationId!, 250);
      await proxy.restore();
      await until(
        () => s.lastSeq === last,
        () => `lastSeq ${s.lastSeq} of ${last}, ${s.messages.length} held`,
      );
      expect(s.messages.map((m) => m.seq)).toEqual(Array.from({ length: last }, (_, i) => i + 1));
      expect(received.filter((q) => q > held).sort((a, b) => a - b)).toEqual(
        Array.from({ length: last - held }, (_, i) => held + 1 + i),
      );
    } finally {
      await proxy.cut();
    }
  });
});
