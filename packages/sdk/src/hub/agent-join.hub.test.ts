import { LIMITS, type Message } from '@kefu/protocol';
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/memory-store.ts';
import { rawSocket, SUPERVISOR_TOKEN, startHub, until } from '../testing/hub-fixture.ts';

// The hub and its sockets are closed after each test by test/close-started.ts.

/** A conversation of `count` shopper messages, written straight to the store. */
async function longConversation(store: ReturnType<typeof createMemoryStore>, count: number) {
  await store.createConversation({
    id: 'c_long',
    siteKey: 'shop',
    shopperId: 'd#long',
    state: { status: 'bot' },
    createdAt: 1,
  });
  for (let i = 1; i <= count; i++)
    await store.appendMessage({
      id: `m_${i}`,
      conversationId: 'c_long',
      author: { kind: 'shopper' },
      content: { kind: 'text', text: `message ${i} ${'好'.repeat(3000)}` },
      createdAt: 1 + i,
    });
}

describe("an agent's join with lastSeq", () => {
  it('sends one page in the snapshot and the rest as messages, in order, once each (lastSeq 0 sent all in one frame)', async () => {
    const store = createMemoryStore();
    await longConversation(store, 250);
    const { url } = await startHub({ store });
    const boss = await rawSocket(url, null);
    boss.send({ v: 1, type: 'hello', role: 'agent', token: SUPERVISOR_TOKEN });
    await boss.next('welcome');
    boss.send({ v: 1, type: 'join', id: 'j1', conversationId: 'c_long', lastSeq: 0 });
    const snapshot = await boss.next('conversation');
    const inSnapshot = (snapshot.messages as Message[]).map((m) => m.seq);
    expect(inSnapshot).toEqual(Array.from({ length: LIMITS.maxHistoryPage }, (_, i) => i + 1));
    expect(snapshot.lastSeq).toBe(250);
    const replayed = () =>
      boss.frames.filter((f) => f.type === 'message').map((f) => (f.message as Message).seq);
    await until(
      () => replayed().length >= 150,
      () => `${replayed().length} messages replayed`,
    );
    expect(replayed()).toEqual(Array.from({ length: 150 }, (_, i) => i + 101));
  });

  it('sends what is after lastSeq in the snapshot when it fits one page', async () => {
    const store = createMemoryStore();
    await longConversation(store, 30);
    const { url } = await startHub({ store });
    const boss = await rawSocket(url, null);
    boss.send({ v: 1, type: 'hello', role: 'agent', token: SUPERVISOR_TOKEN });
    await boss.next('welcome');
    boss.send({ v: 1, type: 'join', id: 'j1', conversationId: 'c_long', lastSeq: 20 });
    const snapshot = await boss.next('conversation');
    expect((snapshot.messages as Message[]).map((m) => m.seq)).toEqual(
      Array.from({ length: 10 }, (_, i) => i + 21),
    );
    expect(boss.frames.filter((f) => f.type === 'message')).toEqual([]);
  });
});
