import { describe, expect, it } from 'vitest';
import { conversation, liveStore } from './contract-fixtures.ts';
import type { Store } from './store.ts';

/**
 * The `openConversation` part of `storeContract`: which conversation a shopper's hello lands in,
 * and that racing hellos land in one, run against `current()`, the store of the current test.
 * @example
 * openConversationContract(() => store); // inside storeContract's describe
 */
export function openConversationContract(current: () => Store): void {
  const store = liveStore(current);

  describe('openConversation', () => {
    it('stores the new conversation when the shopper has none on the site', async () => {
      const opened = await store.openConversation(conversation('c_1', { locale: 'zh-CN' }), 0);
      expect(opened.created).toBe(true);
      expect(opened.conversation).toMatchObject({ id: 'c_1', lastSeq: 0, locale: 'zh-CN', version: 1 });
      expect(await store.getConversation('c_1')).toEqual(opened.conversation);
    });

    it('returns the latest conversation, whatever its status but closed, without storing the new one', async () => {
      await store.createConversation(conversation('c_old', { createdAt: 1_000 }));
      await store.createConversation(conversation('c_1', { createdAt: 2_000, state: { status: 'queued' } }));
      const opened = await store.openConversation(conversation('c_new', { createdAt: 3_000 }), 10_000);
      expect(opened).toMatchObject({
        created: false,
        conversation: { id: 'c_1', state: { status: 'queued' } },
      });
      expect(await store.getConversation('c_new')).toBeNull();
    });

    it('returns a closed conversation last changed at or after closedBefore, and starts afresh before it', async () => {
      await store.createConversation(conversation('c_1'));
      await store.updateConversation('c_1', { state: { status: 'closed' }, updatedAt: 5_000 });
      expect(await store.openConversation(conversation('c_2', { createdAt: 6_000 }), 5_000)).toMatchObject({
        created: false,
        conversation: { id: 'c_1' },
      });
      expect(await store.openConversation(conversation('c_2', { createdAt: 6_000 }), 5_001)).toMatchObject({
        created: true,
        conversation: { id: 'c_2' },
      });
      expect((await store.findLatestConversation('site_a', 'shopper_1'))?.id).toBe('c_2');
    });

    it("counts only the shopper's conversations on that site", async () => {
      await store.createConversation(conversation('c_other_site', { siteKey: 'site_b' }));
      await store.createConversation(conversation('c_other_shopper', { shopperId: 'shopper_2' }));
      expect((await store.openConversation(conversation('c_1'), 0)).created).toBe(true);
    });

    it('opens one conversation however many opens race for one shopper', async () => {
      const opened = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.openConversation(conversation(`c_${i}`), 0)),
      );
      expect(opened.filter((o) => o.created)).toHaveLength(1);
      expect(new Set(opened.map((o) => o.conversation.id)).size).toBe(1);
      expect(await store.listConversations({ siteKey: 'site_a', shopperId: 'shopper_1' })).toHaveLength(1);
    });
  });
}
