import { beforeEach, describe, expect, it } from 'vitest';
import { assigned, bot, conversation, liveStore, rejectsWith } from './contract-fixtures.ts';
import type { Store } from './store.ts';

/**
 * The conversation part of `storeContract`: creating, reading, finding and listing
 * conversations, run against `current()`, the store of the current test.
 * Long because it lists independent tests, one `it` each; there is no logic to split out.
 * @example
 * conversationContract(() => store); // inside storeContract's describe
 */
export function conversationContract(current: () => Store): void {
  const store = liveStore(current);

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
      await store.createConversation(conversation('c_1', { createdAt: 1_000, state: assigned('agent_mei') }));
      await store.createConversation(conversation('c_2', { createdAt: 2_000, state: { status: 'queued' } }));
      await store.createConversation(conversation('c_4', { createdAt: 4_000, state: assigned('agent_lei') }));
      await store.createConversation(conversation('c_5', { createdAt: 2_000, state: { status: 'closed' } }));
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

    it('filters by creation time from a point on, ties included in creation order', async () => {
      expect(await ids({ createdFrom: 2_000 })).toEqual(['c_2', 'c_5', 'c_3', 'c_4']);
      expect(await ids({ createdFrom: 2_001, limit: 1 })).toEqual(['c_3']);
    });

    it('lists newest first, and only those created before a point (a page of a shopper’s earlier conversations)', async () => {
      expect(await ids({ newestFirst: true })).toEqual(['c_4', 'c_3', 'c_5', 'c_2', 'c_1']);
      expect(await ids({ newestFirst: true, limit: 2 })).toEqual(['c_4', 'c_3']);
      expect(await ids({ newestFirst: true, createdBefore: 3_000 })).toEqual(['c_5', 'c_2', 'c_1']);
      expect(await ids({ createdBefore: 2_000 })).toEqual(['c_1']);
    });

    it('filters by last change from a point on', async () => {
      await store.updateConversation('c_3', { updatedAt: 90_000 });
      await store.updateConversation('c_5', { updatedAt: 80_000 });
      expect(await ids({ updatedSince: 80_000 })).toEqual(['c_5', 'c_3']);
      expect(await ids({ updatedSince: 90_001 })).toEqual([]);
    });

    it('returns whole conversations', async () => {
      const [c] = await store.listConversations({ agentId: 'agent_lei' });
      expect(c).toEqual(await store.getConversation('c_4'));
    });
  });
}
