import type { ConversationState, Message, Note } from '@kefu/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventFilter, EventRecord, NewConversation, NewMessage, Store } from './store.ts';
import { ticketContract } from './ticket-contract.ts';
import { timerContract } from './timer-contract.ts';

/**
 * The behaviour every Store must have, run against each engine (memory, PGlite, PostgreSQL).
 * `makeStore` gives a new, empty store for each test; `cleanup` disposes of it (default: close).
 * A new engine is one new file whose test calls this.
 * @example
 * storeContract('memory', async () => createMemoryStore());
 */
export function storeContract(
  name: string,
  makeStore: () => Promise<Store>,
  cleanup: (store: Store) => Promise<void> = (store) => store.close(),
): void {
  describe(`store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await cleanup(store);
    });

    const bot: ConversationState = { status: 'bot' };
    const conversation = (id: string, extra: Partial<NewConversation> = {}): NewConversation => ({
      id,
      siteKey: 'site_a',
      shopperId: 'shopper_1',
      state: bot,
      createdAt: 1_000,
      ...extra,
    });
    const message = (n: number | string, extra: Partial<NewMessage> = {}): NewMessage => ({
      id: `m_${n}`,
      conversationId: 'c_1',
      author: { kind: 'shopper' },
      content: { kind: 'text', text: `hello ${n}` },
      createdAt: 2_000 + Number(n || 0),
      ...extra,
    });
    const note = (n: number, extra: Partial<Note> = {}): Note => ({
      id: `n_${n}`,
      conversationId: 'c_1',
      author: { id: 'agent_mei', name: 'Mei' },
      text: `note ${n}`,
      createdAt: 3_000 + n,
      ...extra,
    });
    const assigned = (agentId: string): ConversationState => ({
      status: 'assigned',
      group: 'presale',
      agent: { id: agentId, name: agentId },
    });
    const fill = async (count: number, conversationId = 'c_1') => {
      for (let i = 1; i <= count; i++) await store.appendMessage(message(i, { conversationId }));
    };
    const seqs = (messages: Message[]) => messages.map((m) => m.seq);
    const rejectsWith = (promise: Promise<unknown>, code: string) =>
      expect(promise).rejects.toMatchObject({ name: 'KefuError', code });

    describe('conversations', () => {
      it('creates a conversation with zeroed counters and version 1', async () => {
        const page = {
          url: 'https://shop.test/p/1',
          title: '保温杯',
          product: { id: 'p_1', title: '保温杯', price: 99 },
        };
        const created = await store.createConversation(conversation('c_1', { page, locale: 'zh-CN' }));
        expect(created).toEqual({
          id: 'c_1',
          siteKey: 'site_a',
          shopperId: 'shopper_1',
          state: bot,
          createdAt: 1_000,
          updatedAt: 1_000,
          lastSeq: 0,
          shopperReadSeq: 0,
          agentReadSeq: 0,
          page,
          locale: 'zh-CN',
          priority: 0,
          failedBotTurns: 0,
          version: 1,
        });
        expect(await store.getConversation('c_1')).toEqual(created);
      });

      it('leaves optional fields absent rather than null', async () => {
        const created = await store.createConversation(conversation('c_1'));
        for (const key of ['page', 'locale', 'queuedAt'] as const) expect(key in created).toBe(false);
      });

      it('refuses a second conversation with the same id as a conflict', async () => {
        await store.createConversation(conversation('c_1'));
        await rejectsWith(store.createConversation(conversation('c_1', { shopperId: 'other' })), 'conflict');
        expect((await store.getConversation('c_1'))?.shopperId).toBe('shopper_1');
      });

      it('returns null for a conversation that does not exist', async () => {
        expect(await store.getConversation('c_missing')).toBeNull();
      });

      it('hands out copies: changing a returned conversation changes nothing stored', async () => {
        const created = await store.createConversation(conversation('c_1'));
        created.state.status = 'closed';
        created.lastSeq = 99;
        expect(await store.getConversation('c_1')).toMatchObject({ state: { status: 'bot' }, lastSeq: 0 });
      });

      it("finds the shopper's most recently created conversation on the site, whatever its status", async () => {
        expect(await store.findLatestConversation('site_a', 'shopper_1')).toBeNull();
        await store.createConversation(conversation('c_1', { createdAt: 1_000 }));
        await store.createConversation(conversation('c_2', { createdAt: 2_000 }));
        await store.createConversation(conversation('c_other_site', { createdAt: 3_000, siteKey: 'site_b' }));
        await store.createConversation(
          conversation('c_other_shopper', { createdAt: 4_000, shopperId: 'shopper_2' }),
        );
        await store.updateConversation('c_2', { state: { status: 'closed' } });
        expect((await store.findLatestConversation('site_a', 'shopper_1'))?.id).toBe('c_2');
        expect((await store.findLatestConversation('site_b', 'shopper_1'))?.id).toBe('c_other_site');
        expect(await store.findLatestConversation('site_b', 'shopper_2')).toBeNull();
      });

      it('breaks a createdAt tie by creation order when finding the latest', async () => {
        await store.createConversation(conversation('c_b', { createdAt: 5_000 }));
        await store.createConversation(conversation('c_a', { createdAt: 5_000 }));
        expect((await store.findLatestConversation('site_a', 'shopper_1'))?.id).toBe('c_a');
      });
    });

    describe('listConversations', () => {
      beforeEach(async () => {
        // Created out of createdAt order, so the sort is visible.
        await store.createConversation(
          conversation('c_3', { createdAt: 3_000, state: { status: 'queued', group: 'presale' } }),
        );
        await store.createConversation(
          conversation('c_1', { createdAt: 1_000, state: assigned('agent_mei') }),
        );
        await store.createConversation(
          conversation('c_2', { createdAt: 2_000, state: { status: 'queued' } }),
        );
        await store.createConversation(
          conversation('c_4', { createdAt: 4_000, state: assigned('agent_lei') }),
        );
        await store.createConversation(
          conversation('c_5', { createdAt: 2_000, state: { status: 'closed' } }),
        );
      });
      const ids = async (filter: Parameters<Store['listConversations']>[0]) =>
        (await store.listConversations(filter)).map((c) => c.id);

      it('lists everything by createdAt, ties in creation order, when the filter is empty', async () => {
        expect(await ids({})).toEqual(['c_1', 'c_2', 'c_5', 'c_3', 'c_4']);
      });

      it('filters by status', async () => {
        expect(await ids({ statuses: ['queued'] })).toEqual(['c_2', 'c_3']);
        expect(await ids({ statuses: ['assigned', 'closed'] })).toEqual(['c_1', 'c_5', 'c_4']);
        expect(await ids({ statuses: [] })).toEqual([]);
      });

      it('filters by assigned agent', async () => {
        expect(await ids({ agentId: 'agent_mei' })).toEqual(['c_1']);
        expect(await ids({ statuses: ['assigned'], agentId: 'agent_nobody' })).toEqual([]);
      });

      it('filters by group, a conversation without one matching the empty group', async () => {
        expect(await ids({ groups: ['presale'] })).toEqual(['c_1', 'c_3', 'c_4']);
        expect(await ids({ statuses: ['queued'], groups: [''] })).toEqual(['c_2']);
      });

      it('stops at the limit, oldest first', async () => {
        expect(await ids({ limit: 2 })).toEqual(['c_1', 'c_2']);
        expect(await ids({ statuses: ['queued'], limit: 1 })).toEqual(['c_2']);
        expect(await ids({ limit: 0 })).toEqual([]);
      });

      it('returns whole conversations', async () => {
        const [c] = await store.listConversations({ agentId: 'agent_lei' });
        expect(c).toEqual(await store.getConversation('c_4'));
      });
    });

    describe('updateConversation', () => {
      beforeEach(async () => {
        await store.createConversation(conversation('c_1', { locale: 'zh-CN' }));
      });

      it('applies the patch, bumps the version and keeps every other field', async () => {
        const before = (await store.getConversation('c_1'))!;
        const page = { url: 'https://shop.test/p/2', orderId: 'o_9' };
        const updated = await store.updateConversation('c_1', {
          state: { status: 'queued', group: 'after_sale', queue: { position: 2, etaSeconds: 60 } },
          page,
          priority: 10,
          queuedAt: 1_500,
          failedBotTurns: 2,
          shopperReadSeq: 3,
          agentReadSeq: 1,
        });
        const expected = {
          ...before,
          state: { status: 'queued', group: 'after_sale', queue: { position: 2, etaSeconds: 60 } },
          page,
          priority: 10,
          queuedAt: 1_500,
          failedBotTurns: 2,
          shopperReadSeq: 3,
          agentReadSeq: 1,
          version: 2,
        };
        expect(updated).toEqual(expected);
        expect(await store.getConversation('c_1')).toEqual(expected);
      });

      it('changes updatedAt only when the patch says so', async () => {
        expect((await store.updateConversation('c_1', { priority: 1 }))?.updatedAt).toBe(1_000);
        expect((await store.updateConversation('c_1', { updatedAt: 9_000 }))?.updatedAt).toBe(9_000);
      });

      it('clears an optional field patched to undefined', async () => {
        await store.updateConversation('c_1', { queuedAt: 1_200 });
        const cleared = await store.updateConversation('c_1', { queuedAt: undefined, locale: undefined });
        expect(cleared?.queuedAt).toBeUndefined();
        expect(cleared?.locale).toBeUndefined();
        expect((await store.getConversation('c_1'))?.queuedAt).toBeUndefined();
      });

      it('keeps any text in the state and page exactly, NUL and lone surrogates included', async () => {
        const state: ConversationState = { status: 'closed', reason: 'refund done\u0000 \udc00 退款完成' };
        const page = { title: 'Cup \u0000 \ud800', url: 'https://shop.test/p/1' };
        expect(await store.updateConversation('c_1', { state, page })).toMatchObject({ state, page });
        expect(await store.getConversation('c_1')).toMatchObject({ state, page });
        expect((await store.listConversations({ statuses: ['closed'] })).map((c) => c.id)).toEqual(['c_1']);
      });

      it('returns null for a conversation that does not exist', async () => {
        expect(await store.updateConversation('c_missing', { priority: 1 })).toBeNull();
      });

      it('returns null and changes nothing when the expected status does not hold', async () => {
        expect(
          await store.updateConversation('c_1', { priority: 5 }, { statuses: ['queued', 'assigned'] }),
        ).toBeNull();
        expect(await store.getConversation('c_1')).toMatchObject({ priority: 0, version: 1 });
        expect(await store.updateConversation('c_1', { priority: 5 }, { statuses: ['bot'] })).toMatchObject({
          priority: 5,
        });
      });

      it('checks the expected agent, null meaning nobody is assigned', async () => {
        expect(await store.updateConversation('c_1', { priority: 1 }, { agentId: 'agent_mei' })).toBeNull();
        expect(
          await store.updateConversation('c_1', { state: assigned('agent_mei') }, { agentId: null }),
        ).not.toBeNull();
        expect(await store.updateConversation('c_1', { priority: 2 }, { agentId: null })).toBeNull();
        expect(await store.updateConversation('c_1', { priority: 3 }, { agentId: 'agent_lei' })).toBeNull();
        expect(
          await store.updateConversation(
            'c_1',
            { priority: 4 },
            { statuses: ['assigned'], agentId: 'agent_mei' },
          ),
        ).toMatchObject({ priority: 4, version: 3 });
      });

      it('lets exactly one of ten racing agents take a queued conversation', async () => {
        await store.updateConversation('c_1', { state: { status: 'queued', group: 'presale' } });
        const agents = Array.from({ length: 10 }, (_, i) => `agent_${i}`);
        const results = await Promise.all(
          agents.map((id) =>
            store.updateConversation('c_1', { state: assigned(id) }, { statuses: ['queued'] }),
          ),
        );
        const winners = results.filter((r) => r !== null);
        expect(winners).toHaveLength(1);
        expect(await store.getConversation('c_1')).toEqual(winners[0]);
        expect(winners[0]?.version).toBe(3);
      });
    });

    describe('agentLoad', () => {
      const load = (max: number) => ({ agentLoad: { agentId: 'agent_mei', max } });
      beforeEach(async () => {
        await store.createConversation(conversation('c_1', { state: { status: 'queued' } }));
        await store.createConversation(conversation('c_2', { state: assigned('agent_mei') }));
        await store.createConversation(
          conversation('c_3', { state: { status: 'pending', agent: { id: 'agent_mei', name: 'Mei' } } }),
        );
        // Not held: closed, or someone else's.
        await store.createConversation(
          conversation('c_4', { state: { status: 'closed', agent: { id: 'agent_mei', name: 'Mei' } } }),
        );
        await store.createConversation(conversation('c_5', { state: assigned('agent_lei') }));
      });

      it('passes below the max and fails at it, counting assigned and pending conversations only', async () => {
        expect(await store.updateConversation('c_1', { state: assigned('agent_mei') }, load(2))).toBeNull();
        expect(await store.getConversation('c_1')).toMatchObject({ state: { status: 'queued' }, version: 1 });
        expect(
          await store.updateConversation('c_1', { state: assigned('agent_mei') }, load(3)),
        ).toMatchObject({
          state: assigned('agent_mei'),
          version: 2,
        });
        await store.createConversation(conversation('c_6', { state: { status: 'queued' } }));
        expect(await store.updateConversation('c_6', { state: assigned('agent_mei') }, load(3))).toBeNull();
        expect(
          await store.updateConversation(
            'c_6',
            { state: assigned('agent_lei') },
            { agentLoad: { agentId: 'agent_lei', max: 2 } },
          ),
        ).not.toBeNull();
      });

      it('does not count the conversation being updated against its own agent', async () => {
        // c_2 is one of mei's two; with max 2 the other one (c_3) leaves room for it.
        expect(await store.updateConversation('c_2', { priority: 5 }, load(2))).toMatchObject({
          priority: 5,
        });
        expect(await store.updateConversation('c_2', { priority: 6 }, load(1))).toBeNull();
      });

      it('must hold together with the other expectations', async () => {
        expect(
          await store.updateConversation(
            'c_1',
            { state: assigned('agent_mei') },
            { statuses: ['bot'], ...load(10) },
          ),
        ).toBeNull();
        expect(
          await store.updateConversation(
            'c_1',
            { state: assigned('agent_mei') },
            { statuses: ['queued'], agentId: null, ...load(10) },
          ),
        ).not.toBeNull();
      });

      it('is checked the same way by appendMessage', async () => {
        await rejectsWith(store.appendMessage(message(1), load(1)), 'conflict');
        expect((await store.appendMessage(message(2), load(3))).message.seq).toBe(1);
      });

      it('lets exactly max of ten concurrent assignments of queued conversations to one agent win', async () => {
        const queued = Array.from({ length: 10 }, (_, i) => `q_${i}`);
        for (const id of queued)
          await store.createConversation(conversation(id, { state: { status: 'queued' } }));
        const results = await Promise.all(
          queued.map((id) =>
            store.updateConversation(
              id,
              { state: assigned('agent_wu') },
              { statuses: ['queued'], agentLoad: { agentId: 'agent_wu', max: 3 } },
            ),
          ),
        );
        const won = results.filter((r) => r !== null).map((r) => r.id);
        expect(won).toHaveLength(3);
        const held = await store.listConversations({ agentId: 'agent_wu' });
        expect(held.map((c) => c.id).sort()).toEqual(won.sort());
        // Once full, a release makes room for the next one.
        await store.updateConversation(won[0]!, {
          state: { status: 'closed', agent: held[0]!.state.agent! },
        });
        const next = queued.find((id) => !won.includes(id))!;
        expect(
          await store.updateConversation(
            next,
            { state: assigned('agent_wu') },
            { agentLoad: { agentId: 'agent_wu', max: 3 } },
          ),
        ).not.toBeNull();
      });
    });

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
          Array.from({ length: 10 }, (_, i) =>
            store.appendMessage(message(i + 1, { clientMsgId: 'k_same' })),
          ),
        );
        expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
        const original = results.find((r) => !r.duplicate)!.message;
        for (const r of results) expect(r.message).toEqual(original);
        expect(await store.listMessages('c_1', { limit: 20 })).toEqual([original]);
        expect((await store.getConversation('c_1'))?.lastSeq).toBe(1);
      });

      it('keeps any text exactly: Chinese, emoji, NUL, lone surrogates, quotes', async () => {
        const text = '这个能退吗？🙂 "quoted" \\ back\u0000slash \ud800 end';
        const author = {
          kind: 'agent' as const,
          id: 'agent_mei',
          name: '小美\u0000',
          avatar: 'https://cdn.test/a.png',
        };
        await store.appendMessage(
          message(1, { author, content: { kind: 'text', text, payload: 'p\ud83d' } }),
        );
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

      it('lets beforeSeq win when both bounds are given', async () => {
        expect(seqs(await store.listMessages('c_1', { afterSeq: 2, beforeSeq: 6, limit: 2 }))).toEqual([
          4, 5,
        ]);
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
        expect(
          (await store.appendNote(note(3, { conversationId: 'c_2', clientMsgId: 'k_1' }))).duplicate,
        ).toBe(false);
        expect(await store.listNotes('c_1')).toHaveLength(3);
      });

      it('stores a note sent five times at once exactly once', async () => {
        const results = await Promise.all(
          Array.from({ length: 5 }, (_, i) => store.appendNote(note(i, { clientMsgId: 'k_same' }))),
        );
        expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
        expect(await store.listNotes('c_1')).toHaveLength(1);
      });

      it('throws not_found for notes on a conversation that does not exist', async () => {
        await rejectsWith(store.appendNote(note(1, { conversationId: 'c_missing' })), 'not_found');
        await rejectsWith(store.listNotes('c_missing'), 'not_found');
      });

      it('returns no notes for a conversation without any', async () => {
        expect(await store.listNotes('c_1')).toEqual([]);
      });
    });

    describe('shoppers', () => {
      const profile = {
        siteKey: 'site_a',
        id: 'shopper_1',
        identified: true,
        name: '王小明',
        tier: 'vip',
        locale: 'zh-CN',
      };

      it('creates a shopper with createdAt and updatedAt set to now', async () => {
        expect(await store.upsertShopper(profile, 100)).toEqual({
          ...profile,
          createdAt: 100,
          updatedAt: 100,
        });
        expect(await store.getShopper('site_a', 'shopper_1')).toEqual({
          ...profile,
          createdAt: 100,
          updatedAt: 100,
        });
      });

      it('merges an update into what is stored, keeping createdAt', async () => {
        await store.upsertShopper(profile, 100);
        const merged = await store.upsertShopper(
          { siteKey: 'site_a', id: 'shopper_1', identified: false, tier: 'gold' },
          200,
        );
        const expected = { ...profile, identified: false, tier: 'gold', createdAt: 100, updatedAt: 200 };
        expect(merged).toEqual(expected);
        expect(await store.getShopper('site_a', 'shopper_1')).toEqual(expected);
      });

      it('keeps shoppers of different sites apart', async () => {
        await store.upsertShopper(profile, 100);
        expect(await store.getShopper('site_b', 'shopper_1')).toBeNull();
        await store.upsertShopper({ ...profile, siteKey: 'site_b', name: 'B' }, 300);
        expect((await store.getShopper('site_a', 'shopper_1'))?.name).toBe('王小明');
      });

      it('creates one shopper when the first upserts race', async () => {
        const results = await Promise.all(
          Array.from({ length: 5 }, (_, i) => store.upsertShopper({ ...profile, name: `n${i}` }, 100 + i)),
        );
        const stored = await store.getShopper('site_a', 'shopper_1');
        expect(stored?.createdAt).toBeLessThanOrEqual(104);
        expect(results.map((r) => r.name)).toContain(stored?.name);
      });

      it('returns null for a shopper never seen', async () => {
        expect(await store.getShopper('site_a', 'nobody')).toBeNull();
      });
    });

    describe('privacy', () => {
      it('erases a conversation: contents and shopper ids gone, seqs, agents and metrics kept', async () => {
        await store.createConversation(
          conversation('c_1', { page: { url: 'https://shop.test/p/1', title: 'Hoodie' } }),
        );
        await store.appendMessage(
          message(1, { author: { kind: 'shopper', id: 'shopper_1' }, clientMsgId: 'k1' }),
        );
        await store.appendMessage(
          message(2, {
            author: { kind: 'agent', id: 'mei', name: 'Mei' },
            content: { kind: 'text', text: 'call 13800138000' },
          }),
        );
        await store.appendNote(note(1));
        await store.updateConversation('c_1', {
          state: {
            status: 'closed',
            reason: 'refund for Li Lei',
            ticket: {
              id: 't1',
              status: 'resolved',
              tier: 'L3',
              deadlines: [],
              lastUpdate: 'sent to 42 Secret Rd',
            },
          },
        });
        await store.appendEvents([
          {
            id: 'e1',
            at: 5_000,
            kind: 'csat',
            conversationId: 'c_1',
            data: { rating: 2, comment: 'Li Lei here' },
          },
        ]);
        await store.eraseConversation('c_1', 'erased_abc');

        const messages = await store.listMessages('c_1', { afterSeq: 0, limit: 10 });
        expect(seqs(messages)).toEqual([1, 2]);
        expect(messages.map((m) => m.content)).toEqual([
          { kind: 'system', event: 'notice', text: '[erased]' },
          { kind: 'system', event: 'notice', text: '[erased]' },
        ]);
        expect(messages.map((m) => m.author)).toEqual([
          { kind: 'shopper', id: 'erased_abc' },
          { kind: 'agent', id: 'mei', name: 'Mei' },
        ]);
        expect(await store.listNotes('c_1')).toEqual([]);
        const c = (await store.getConversation('c_1'))!;
        expect(c.shopperId).toBe('erased_abc');
        expect(c.page).toBeUndefined();
        expect(JSON.stringify(c.state)).not.toMatch(/Li Lei|Secret/);
        expect(c.state.ticket?.id).toBe('t1');
        expect(await store.findLatestConversation('site_a', 'shopper_1')).toBeNull();
        const [csat] = await store.listEvents({ kinds: ['csat'] });
        expect(csat!.data).toEqual({ rating: 2 });
        // A resend of an old clientMsgId still finds its original: nothing is stored twice.
        expect((await store.appendMessage(message(1, { clientMsgId: 'k1' }))).duplicate).toBe(true);
      });

      it('finds a shopper’s conversations and the ones untouched since a time, and deletes a shopper', async () => {
        await store.createConversation(conversation('c_1'));
        await store.createConversation(conversation('c_2', { shopperId: 'shopper_2', createdAt: 1_500 }));
        await store.createConversation(conversation('c_3', { siteKey: 'site_b', createdAt: 1_600 }));
        await store.updateConversation('c_2', { updatedAt: 9_000 });
        const ids = async (f: Parameters<Store['listConversations']>[0]) =>
          (await store.listConversations(f)).map((c) => c.id);
        expect(await ids({ siteKey: 'site_a', shopperId: 'shopper_1' })).toEqual(['c_1']);
        expect(await ids({ updatedBefore: 5_000 })).toEqual(['c_1', 'c_3']);
        await store.upsertShopper({ siteKey: 'site_a', id: 'shopper_1', identified: false }, 1);
        expect(await store.deleteShopper('site_a', 'shopper_1')).toBe(true);
        expect(await store.getShopper('site_a', 'shopper_1')).toBeNull();
        expect(await store.deleteShopper('site_a', 'shopper_1')).toBe(false);
        await rejectsWith(store.eraseConversation('c_missing', 'x'), 'not_found');
      });
    });

    timerContract(() => store);
    ticketContract(() => store);

    describe('events', () => {
      const event = (id: string, at: number, extra: Partial<EventRecord> = {}): EventRecord => ({
        id,
        at,
        kind: 'message',
        conversationId: 'c_1',
        ...extra,
      });
      const ids = async (filter: EventFilter) => (await store.listEvents(filter)).map((e) => e.id);

      it('lists events by time, ties in the order they were appended', async () => {
        for (const e of [
          event('e_3', 30),
          event('e_1', 10),
          event('e_2a', 20),
          event('e_2b', 20),
          event('e_0', 5),
        ])
          await store.appendEvents([e]);
        expect(await ids({})).toEqual(['e_0', 'e_1', 'e_2a', 'e_2b', 'e_3']);
      });

      it('appends a batch in one go, in its order, ties kept; an empty batch is nothing', async () => {
        await store.appendEvents([]);
        await store.appendEvents([
          event('e_b1', 20, { agentId: 'agent_mei' }),
          event('e_b2', 10, { data: { text: '包邮吗 \u0000', n: 1 } }),
          event('e_b3', 20, { group: 'presale' }),
        ]);
        await store.appendEvents([event('e_b4', 20)]);
        expect(await ids({})).toEqual(['e_b2', 'e_b1', 'e_b3', 'e_b4']);
        expect((await store.listEvents({ to: 11 }))[0]).toEqual(
          event('e_b2', 10, { data: { text: '包邮吗 \u0000', n: 1 } }),
        );
        const big = Array.from({ length: 1000 }, (_, i) => event(`e_x${i}`, 100 + (i % 7)));
        await store.appendEvents(big);
        expect(await store.listEvents({ from: 100 })).toHaveLength(1000);
      });

      it('filters by time window (from inclusive, to exclusive), conversation and kind', async () => {
        await store.appendEvents([event('e_1', 10, { kind: 'conversation.created' })]);
        await store.appendEvents([
          event('e_2', 20, { kind: 'assigned', agentId: 'agent_mei', group: 'presale' }),
        ]);
        await store.appendEvents([event('e_3', 30, { kind: 'closed', conversationId: 'c_2' })]);
        expect(await ids({ from: 20 })).toEqual(['e_2', 'e_3']);
        expect(await ids({ to: 20 })).toEqual(['e_1']);
        expect(await ids({ from: 10, to: 30 })).toEqual(['e_1', 'e_2']);
        expect(await ids({ conversationId: 'c_2' })).toEqual(['e_3']);
        expect(await ids({ kinds: ['assigned', 'closed'] })).toEqual(['e_2', 'e_3']);
        expect(await ids({ kinds: [] })).toEqual([]);
      });

      it('gives events back as appended: optional fields absent, data intact', async () => {
        const full = event('e_1', 10, {
          kind: 'csat',
          agentId: 'agent_mei',
          group: 'after_sale',
          data: { score: 5, comment: '很好\u0000 \ud800', resolved: true, reason: null },
        });
        const bare = event('e_2', 11);
        await store.appendEvents([full]);
        await store.appendEvents([bare]);
        const [gotFull, gotBare] = await store.listEvents({});
        expect(gotFull).toEqual(full);
        expect(gotBare).toEqual(bare);
        for (const key of ['agentId', 'group', 'data']) expect(key in gotBare!).toBe(false);
      });
    });

    describe('nonces', () => {
      it('accepts a nonce once and refuses it after', async () => {
        expect(await store.useNonce('n_1', 10_000, 1_000)).toBe(true);
        expect(await store.useNonce('n_1', 10_000, 2_000)).toBe(false);
        expect(await store.useNonce('n_2', 10_000, 2_000)).toBe(true);
      });

      it('accepts a nonce replayed ten times at once exactly once', async () => {
        const results = await Promise.all(
          Array.from({ length: 10 }, () => store.useNonce('n_race', 10_000, 1_000)),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
      });

      it('still refuses live nonces after many expired ones were recorded', async () => {
        expect(await store.useNonce('n_live', 1_000_000, 1_000)).toBe(true);
        for (let i = 0; i < 600; i++) await store.useNonce(`n_old_${i}`, 2_000, 1_500);
        for (let i = 0; i < 600; i++) await store.useNonce(`n_new_${i}`, 1_000_000, 5_000);
        expect(await store.useNonce('n_live', 1_000_000, 6_000)).toBe(false);
        expect(await store.useNonce('n_new_599', 1_000_000, 6_000)).toBe(false);
      });
    });
  });
}
