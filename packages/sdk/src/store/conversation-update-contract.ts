import type { ConversationState } from '@kefu/protocol';
import { beforeEach, describe, expect, it } from 'vitest';
import { assigned, conversation, liveStore, message, rejectsWith } from './contract-fixtures.ts';
import type { Store } from './store.ts';

/**
 * The compare-and-set part of `storeContract`: `updateConversation` with its expectations
 * (status, agent, agent load, version), races included, run against `current()`, the store of the
 * current test.
 * Long because it lists independent tests, one `it` each; there is no logic to split out.
 * @example
 * conversationUpdateContract(() => store); // inside storeContract's describe
 */
export function conversationUpdateContract(current: () => Store): void {
  const store = liveStore(current);

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

    it("moves a conversation to another shopper: their latest from then on, no longer the first one's", async () => {
      await store.createConversation(conversation('c_0', { createdAt: 500 }));
      await store.createConversation(conversation('c_older', { shopperId: 'shopper_2', createdAt: 900 }));
      const moved = await store.updateConversation('c_1', { shopperId: 'shopper_2' }, { version: 1 });
      expect(moved?.shopperId).toBe('shopper_2');
      expect((await store.getConversation('c_1'))?.shopperId).toBe('shopper_2');
      expect((await store.findLatestConversation('site_a', 'shopper_2'))?.id).toBe('c_1');
      expect((await store.findLatestConversation('site_a', 'shopper_1'))?.id).toBe('c_0');
      expect((await store.listConversations({ shopperId: 'shopper_2' })).map((c) => c.id)).toEqual([
        'c_older',
        'c_1',
      ]);
      await store.updateConversation('c_0', { shopperId: 'shopper_2' });
      expect(await store.findLatestConversation('site_a', 'shopper_1')).toBeNull();
      expect((await store.findLatestConversation('site_a', 'shopper_2'))?.id).toBe('c_1');
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

    it('checks the expected version: a change since it was read refuses the update', async () => {
      const read = (await store.getConversation('c_1'))!;
      await store.appendMessage(message(1));
      expect(await store.updateConversation('c_1', { priority: 7 }, { version: read.version })).toBeNull();
      const now = (await store.getConversation('c_1'))!;
      expect(now.priority).toBe(0);
      expect(await store.updateConversation('c_1', { priority: 7 }, { version: now.version })).toMatchObject({
        priority: 7,
        version: now.version + 1,
      });
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
      expect(await store.updateConversation('c_1', { state: assigned('agent_mei') }, load(3))).toMatchObject({
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
}
