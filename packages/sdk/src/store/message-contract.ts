import { beforeEach, describe, expect, it } from 'vitest';
import { conversation, liveStore, message, note, rejectsWith, seqs } from './contract-fixtures.ts';
import type { Store } from './store.ts';

/**
 * The message and note part of `storeContract`: appending (seq numbering, idempotency by
 * clientMsgId, races, exact text), paging and notes, run against `current()`, the store of
 * the current test.
 * Long because it lists independent tests, one `it` each; there is no logic to split out.
 * @example
 * messageContract(() => store); // inside storeContract's describe
 */
export function messageContract(current: () => Store): void {
  const store = liveStore(current);
  const fill = async (count: number, conversationId = 'c_1') => {
    for (let i = 1; i <= count; i++) await store.appendMessage(message(i, { conversationId }));
  };

  describe('appendMessage', () => {
    beforeEach(async () => {
      await store.createConversation(conversation('c_1'));
    });

    it('numbers messages 1, 2, 3 and moves lastSeq, updatedAt and version along', async () => {
      const results = [];
      for (let i = 1; i <= 3; i++) results.push(await store.appendMessage(message(i)));
      expect(results.map((r) => [r.message.seq, r.duplicate])).toEqual([
        [1, false],
        [2, false],
        [3, false],
      ]);
      expect(await store.getConversation('c_1')).toMatchObject({
        lastSeq: 3,
        updatedAt: 2_003,
        version: 4,
      });
    });

    it('answers the conversation as each append left it, the same as a read would; none for a duplicate', async () => {
      await store.updateConversation('c_1', {
        state: { status: 'assigned', group: 'presale', agent: { id: 'agent_mei', name: 'Mei' } },
        page: { url: 'https://shop.example/p/1', title: 'Kettle' },
        locale: 'zh-CN',
        failedBotTurns: 2,
      });
      const first = await store.appendMessage(message(1, { clientMsgId: 'k_1' }));
      expect(first.conversation).toEqual(await store.getConversation('c_1'));
      // Appended together (SQL stores write them in one statement): each its own seq and version.
      const [a, b] = await Promise.all([store.appendMessage(message(2)), store.appendMessage(message(3))]);
      const read = await store.getConversation('c_1');
      expect(b.conversation).toEqual(read);
      expect(a.conversation).toEqual({ ...read, lastSeq: 2, updatedAt: 2_002, version: read!.version - 1 });
      expect((await store.appendMessage(message(9, { clientMsgId: 'k_1' }))).conversation).toBeUndefined();
    });

    it('returns the stored message, without a clientMsgId key when none was given', async () => {
      const { message: stored } = await store.appendMessage(message(1));
      expect(stored).toEqual({ ...message(1), seq: 1 });
      expect('clientMsgId' in stored).toBe(false);
      expect(await store.listMessages('c_1', { limit: 10 })).toEqual([stored]);
    });

    it('throws not_found for a conversation that does not exist', async () => {
      await rejectsWith(store.appendMessage(message(1, { conversationId: 'c_missing' })), 'not_found');
    });

    it('throws conflict and stores nothing when the expectation does not hold', async () => {
      await store.updateConversation('c_1', { state: { status: 'closed' } });
      await rejectsWith(
        store.appendMessage(message(1), { statuses: ['bot', 'queued', 'assigned'] }),
        'conflict',
      );
      expect(await store.getConversation('c_1')).toMatchObject({ lastSeq: 0 });
      expect(await store.listMessages('c_1', { limit: 10 })).toEqual([]);
      await rejectsWith(store.appendMessage(message(2), { agentId: 'agent_mei' }), 'conflict');
      expect(
        (await store.appendMessage(message(3), { statuses: ['closed'], agentId: null })).message.seq,
      ).toBe(1);
    });

    it('gives back the original, marked duplicate, for a clientMsgId seen before', async () => {
      const first = await store.appendMessage(message(1, { clientMsgId: 'k_1' }));
      const again = await store.appendMessage(
        message(2, { clientMsgId: 'k_1', content: { kind: 'text', text: 'edited' } }),
      );
      expect(again).toEqual({ message: first.message, duplicate: true, status: 'bot' });
      expect(await store.getConversation('c_1')).toMatchObject({ lastSeq: 1, version: 2 });
    });

    it('returns the duplicate even after the conversation stopped meeting the expectation', async () => {
      const first = await store.appendMessage(message(1, { clientMsgId: 'k_1' }), { statuses: ['bot'] });
      await store.updateConversation('c_1', { state: { status: 'closed' } });
      expect(await store.appendMessage(message(1, { clientMsgId: 'k_1' }), { statuses: ['bot'] })).toEqual({
        message: first.message,
        duplicate: true,
        status: 'closed',
      });
    });

    it("stores a bot's answer posted again after a partial failure once: the parts stored are duplicates", async () => {
      // The keys a retried bot turn posts under (conversation/message-keys.ts: the question's seq, the part).
      const bot = { kind: 'bot' as const, name: 'Kefu' };
      const part = (i: number) =>
        message(10 + i, {
          author: bot,
          clientMsgId: `b:1:${i}`,
          content: { kind: 'text', text: `part ${i}` },
        });
      await store.appendMessage(message(1, { clientMsgId: 'q_1' }));
      await store.appendMessage(part(0), { statuses: ['bot'] });
      const again = [];
      for (const i of [0, 1]) again.push(await store.appendMessage(part(i), { statuses: ['bot'] }));
      expect(again.map((r) => [r.duplicate, r.message.seq])).toEqual([
        [true, 2],
        [false, 3],
      ]);
      const texts = (await store.listMessages('c_1', { limit: 10 })).map((m) =>
        m.content.kind === 'text' ? m.content.text : '',
      );
      expect(texts).toEqual(['hello 1', 'part 0', 'part 1']);
    });

    it('de-duplicates per conversation: the same clientMsgId elsewhere is a new message', async () => {
      await store.createConversation(conversation('c_2'));
      await store.appendMessage(message(1, { clientMsgId: 'k_1' }));
      const other = await store.appendMessage(message(2, { conversationId: 'c_2', clientMsgId: 'k_1' }));
      expect(other).toMatchObject({ duplicate: false, message: { seq: 1, conversationId: 'c_2' } });
    });

    it('keeps seq gapless under 200 concurrent appends to one conversation', async () => {
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, i) => store.appendMessage(message(i + 1))),
      );
      expect(results.map((r) => r.message.seq).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 200 }, (_, i) => i + 1),
      );
      expect((await store.getConversation('c_1'))?.lastSeq).toBe(200);
      const stored = await store.listMessages('c_1', { limit: 500 });
      expect(seqs(stored)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
      // Each message is stored under the seq it was given back with.
      const byId = new Map(results.map((r) => [r.message.id, r.message.seq]));
      for (const m of stored) expect(byId.get(m.id)).toBe(m.seq);
    });

    it('stores a clientMsgId sent ten times at once exactly once', async () => {
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => store.appendMessage(message(i + 1, { clientMsgId: 'k_same' }))),
      );
      expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
      const original = results.find((r) => !r.duplicate)!.message;
      for (const r of results) expect(r.message).toEqual(original);
      expect(await store.listMessages('c_1', { limit: 20 })).toEqual([original]);
      expect((await store.getConversation('c_1'))?.lastSeq).toBe(1);
    });

    it('answers each append of a burst across conversations for itself, in call order per conversation', async () => {
      await store.createConversation(conversation('c_2'));
      await store.createConversation(conversation('c_3', { state: { status: 'closed' } }));
      const seen = await store.appendMessage(message(1, { conversationId: 'c_2', clientMsgId: 'k_seen' }));
      const burst = [
        store.appendMessage(message(10)),
        store.appendMessage(message(11, { conversationId: 'c_2' })),
        store.appendMessage(message(12, { conversationId: 'c_missing' })),
        store.appendMessage(message(13, { conversationId: 'c_3' }), { statuses: ['bot'] }),
        store.appendMessage(message(14, { conversationId: 'c_2', clientMsgId: 'k_seen' })),
        store.appendMessage(message(15)),
        store.appendMessage(message(16, { conversationId: 'c_3' }), { statuses: ['closed'] }),
        store.appendMessage(message(17, { conversationId: 'c_2' })),
      ];
      const outcomes = await Promise.allSettled(burst);
      const summary = outcomes.map((o) =>
        o.status === 'fulfilled'
          ? [o.value.message.conversationId, o.value.message.seq, o.value.duplicate]
          : (o.reason as { code?: string }).code,
      );
      expect(summary).toEqual([
        ['c_1', 1, false],
        ['c_2', 2, false],
        'not_found',
        'conflict',
        ['c_2', 1, true],
        ['c_1', 2, false],
        ['c_3', 1, false],
        ['c_2', 3, false],
      ]);
      expect((outcomes[4] as PromiseFulfilledResult<{ message: unknown }>).value.message).toEqual(
        seen.message,
      );
      expect(await store.getConversation('c_2')).toMatchObject({ lastSeq: 3 });
      expect(seqs(await store.listMessages('c_1', { limit: 10 }))).toEqual([1, 2]);
      expect((await store.listMessages('c_3', { limit: 10 })).map((m) => m.id)).toEqual(['m_16']);
    });

    it('keeps any text exactly: Chinese, emoji, NUL, lone surrogates, quotes', async () => {
      const text = '这个能退吗？🙂 "quoted" \\ back\u0000slash \ud800 end';
      const author = {
        kind: 'agent' as const,
        id: 'agent_mei',
        name: '小美\u0000',
        avatar: 'https://cdn.test/a.png',
      };
      await store.appendMessage(message(1, { author, content: { kind: 'text', text, payload: 'p\ud83d' } }));
      const [stored] = await store.listMessages('c_1', { limit: 1 });
      expect(stored?.content).toEqual({ kind: 'text', text, payload: 'p\ud83d' });
      expect(stored?.author).toEqual(author);
    });

    it('keeps rich content as it was given', async () => {
      const content = {
        kind: 'quick_replies' as const,
        text: '请选择',
        replies: [
          { label: '查物流', payload: 'logistics' },
          { label: '转人工', payload: 'human' },
        ],
      };
      const { message: stored } = await store.appendMessage(
        message(1, { author: { kind: 'bot', name: '小K' }, content }),
      );
      expect((await store.listMessages('c_1', { limit: 1 }))[0]).toEqual(stored);
    });
  });

  describe('listMessages', () => {
    beforeEach(async () => {
      await store.createConversation(conversation('c_1'));
      await fill(10);
    });

    it('pages forward from afterSeq', async () => {
      expect(seqs(await store.listMessages('c_1', { afterSeq: 0, limit: 3 }))).toEqual([1, 2, 3]);
      expect(seqs(await store.listMessages('c_1', { afterSeq: 8, limit: 5 }))).toEqual([9, 10]);
      expect(seqs(await store.listMessages('c_1', { afterSeq: 10, limit: 5 }))).toEqual([]);
      expect(seqs(await store.listMessages('c_1', { afterSeq: 50, limit: 5 }))).toEqual([]);
      expect(seqs(await store.listMessages('c_1', { afterSeq: -4, limit: 2 }))).toEqual([1, 2]);
      expect(seqs(await store.listMessages('c_1', { limit: 2 }))).toEqual([1, 2]);
    });

    it('gives the last `limit` messages before beforeSeq, in seq order', async () => {
      expect(seqs(await store.listMessages('c_1', { beforeSeq: 11, limit: 3 }))).toEqual([8, 9, 10]);
      expect(seqs(await store.listMessages('c_1', { beforeSeq: 3, limit: 5 }))).toEqual([1, 2]);
      expect(seqs(await store.listMessages('c_1', { beforeSeq: 1, limit: 5 }))).toEqual([]);
      expect(seqs(await store.listMessages('c_1', { beforeSeq: 100, limit: 2 }))).toEqual([9, 10]);
    });

    it('takes any safe integer as a bound, past what a 32-bit seq column holds', async () => {
      // Clients name these bounds (history.before, join.lastSeq, feedback, ?afterSeq=); the
      // protocol allows any safe integer, so a store must answer, not fail as `internal`.
      const huge = Number.MAX_SAFE_INTEGER;
      expect(seqs(await store.listMessages('c_1', { beforeSeq: huge, limit: 2 }))).toEqual([9, 10]);
      expect(seqs(await store.listMessages('c_1', { beforeSeq: 2 ** 31, limit: 1 }))).toEqual([10]);
      expect(await store.listMessages('c_1', { afterSeq: huge - 1, limit: 5 })).toEqual([]);
      expect(await store.listMessages('c_1', { afterSeq: 2 ** 31, limit: 5 })).toEqual([]);
    });

    it('lets beforeSeq win when both bounds are given', async () => {
      expect(seqs(await store.listMessages('c_1', { afterSeq: 2, beforeSeq: 6, limit: 2 }))).toEqual([4, 5]);
    });

    it('returns nothing for a limit of 0', async () => {
      expect(await store.listMessages('c_1', { afterSeq: 0, limit: 0 })).toEqual([]);
      expect(await store.listMessages('c_1', { beforeSeq: 5, limit: 0 })).toEqual([]);
    });

    it('returns an empty page for an empty conversation and not_found for an unknown one', async () => {
      await store.createConversation(conversation('c_empty'));
      expect(await store.listMessages('c_empty', { limit: 10 })).toEqual([]);
      await rejectsWith(store.listMessages('c_missing', { limit: 10 }), 'not_found');
      await rejectsWith(store.listMessages('c_missing', { beforeSeq: 5, limit: 10 }), 'not_found');
    });

    it('never mixes conversations', async () => {
      await store.createConversation(conversation('c_2'));
      await fill(2, 'c_2');
      const other = await store.listMessages('c_2', { limit: 10 });
      expect(other.map((m) => [m.conversationId, m.seq])).toEqual([
        ['c_2', 1],
        ['c_2', 2],
      ]);
    });
  });

  describe('notes', () => {
    beforeEach(async () => {
      await store.createConversation(conversation('c_1'));
    });

    it('lists notes in the order they were added', async () => {
      for (const n of [3, 1, 2])
        expect(await store.appendNote(note(n))).toEqual({ note: note(n), duplicate: false });
      expect(await store.listNotes('c_1')).toEqual([note(3), note(1), note(2)]);
    });

    it('gives back the original note for a clientMsgId seen before', async () => {
      const first = note(1, { clientMsgId: 'k_1' });
      await store.appendNote(first);
      expect(await store.appendNote(note(2, { clientMsgId: 'k_1', text: 'again' }))).toEqual({
        note: first,
        duplicate: true,
      });
      expect(await store.listNotes('c_1')).toEqual([first]);
    });

    it('never de-duplicates notes without a clientMsgId, nor across conversations', async () => {
      await store.createConversation(conversation('c_2'));
      await store.appendNote(note(1));
      await store.appendNote(note(1));
      await store.appendNote(note(2, { clientMsgId: 'k_1' }));
      expect((await store.appendNote(note(3, { conversationId: 'c_2', clientMsgId: 'k_1' }))).duplicate).toBe(
        false,
      );
      expect(await store.listNotes('c_1')).toHaveLength(3);
    });

    it('stores a note sent five times at once exactly once', async () => {
      const results = await Promise.all(
        Array.from({ length: 5 }, (_, i) => store.appendNote(note(i, { clientMsgId: 'k_same' }))),
      );
      expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
      expect(await store.listNotes('c_1')).toHaveLength(1);
    });

    it('takes no note past max, yet answers a retry of one it keeps', async () => {
      await store.createConversation(conversation('c_2'));
      for (const n of [1, 2]) await store.appendNote(note(n, { clientMsgId: `k_${n}` }), { max: 2 });
      await rejectsWith(store.appendNote(note(3, { clientMsgId: 'k_3' }), { max: 2 }), 'conflict');
      await rejectsWith(store.appendNote(note(4), { max: 2 }), 'conflict');
      expect(await store.appendNote(note(5, { clientMsgId: 'k_1' }), { max: 2 })).toEqual({
        note: note(1, { clientMsgId: 'k_1' }),
        duplicate: true,
      });
      // Another conversation's notes are its own count.
      expect((await store.appendNote(note(6, { conversationId: 'c_2' }), { max: 2 })).duplicate).toBe(false);
      expect(await store.listNotes('c_1')).toHaveLength(2);
      await rejectsWith(store.appendNote(note(7, { conversationId: 'c_missing' }), { max: 2 }), 'not_found');
    });

    it('throws not_found for notes on a conversation that does not exist', async () => {
      await rejectsWith(store.appendNote(note(1, { conversationId: 'c_missing' })), 'not_found');
      await rejectsWith(store.listNotes('c_missing'), 'not_found');
    });

    it('returns no notes for a conversation without any', async () => {
      expect(await store.listNotes('c_1')).toEqual([]);
    });
  });
}
