import { LIMITS, type Message } from '@kefu/protocol';
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/memory-store.ts';
import { rawSocket, SUPERVISOR_TOKEN, startHub } from '../testing/hub-fixture.ts';

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
  it('sends the latest page when more than a page was missed, streams nothing, and pages back with history', async () => {
    const store = createMemoryStore();
    await longConversation(store, 250);
    const { url } = await startHub({ store });
    const boss = await rawSocket(url, null);
    boss.send({ v: 1, type: 'hello', role: 'agent', token: SUPERVISOR_TOKEN });
    await boss.next('welcome');
    boss.send({ v: 1, type: 'join', id: 'j1', conversationId: 'c_long', lastSeq: 0 });
    const snapshot = await boss.next('conversation');
    const seqs = (messages: unknown) => (messages as Message[]).map((m) => m.seq);
    const page = LIMITS.maxHistoryPage;
    expect(seqs(snapshot.messages)).toEqual(Array.from({ length: page }, (_, i) => 250 - page + 1 + i));
    expect(snapshot.lastSeq).toBe(250);
    // The older pages, on request; a ping answered after them shows nothing else was queued.
    boss.send({ v: 1, type: 'history', id: 'h1', conversationId: 'c_long', before: 251 - page, limit: page });
    const older = await boss.next('history.page');
    expect(seqs(older.messages)).toEqual(Array.from({ length: page }, (_, i) => 150 - page + 1 + i));
    expect(older.hasMore).toBe(true);
    boss.send({ v: 1, type: 'ping', id: 'p1' });
    await boss.next('pong');
    expect(boss.frames.filter((f) => f.type === 'message')).toEqual([]);
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
