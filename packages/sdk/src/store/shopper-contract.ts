import { describe, expect, it } from 'vitest';
import { conversation, liveStore, message, note, rejectsWith, seqs } from './contract-fixtures.ts';
import type { Store } from './store.ts';

/**
 * The shopper and privacy part of `storeContract`: shopper profiles, erasing a conversation
 * and deleting a shopper, run against `current()`, the store of the current test.
 * Long because it lists independent tests, one `it` each; there is no logic to split out.
 * @example
 * shopperContract(() => store); // inside storeContract's describe
 */
export function shopperContract(current: () => Store): void {
  const store = liveStore(current);

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

    it('merges key by key: a field given as undefined is dropped, any string is kept as given', async () => {
      const odd = 'a\u0000b \ud800 "q" \\ 😀';
      await store.upsertShopper({ ...profile, email: odd }, 100);
      const merged = await store.upsertShopper(
        { siteKey: 'site_a', id: 'shopper_1', identified: true, name: undefined, userId: odd },
        200,
      );
      const { name: _dropped, ...kept } = profile;
      const expected = { ...kept, email: odd, userId: odd, createdAt: 100, updatedAt: 200 };
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

    it('lists the keys of profiles last written before a time, on every site, a page at a time', async () => {
      const written = {
        'site_a/s1': 100,
        'site_a/s2': 399,
        'site_a/s3': 400,
        'site_b/s1': 100,
        'site_b/s4': 300,
      };
      for (const [key, at] of Object.entries(written)) {
        const [siteKey, id] = key.split('/') as [string, string];
        await store.upsertShopper({ siteKey, id, identified: true, name: 'Li Lei' }, at);
      }
      // A hello writes the profile even when nothing in it changed: that shopper is not stale.
      await store.upsertShopper({ siteKey: 'site_b', id: 's1', identified: true, name: 'Li Lei' }, 500);
      const all = await store.listStaleShoppers({ updatedBefore: 400, limit: 10 });
      const sorted = (keys: readonly { siteKey: string; id: string }[]) =>
        keys.map((k) => `${k.siteKey}/${k.id}`).sort();
      // Keys only: a retention pass never reads a name or an e-mail it may be about to delete.
      expect(all.every((k) => Object.keys(k).sort().join() === 'id,siteKey')).toBe(true);
      expect(sorted(all)).toEqual(['site_a/s1', 'site_a/s2', 'site_b/s4']);
      const first = await store.listStaleShoppers({ updatedBefore: 400, limit: 2 });
      expect(first).toEqual(all.slice(0, 2));
      // The cursor need not exist any more: a pass deletes what it lists before asking again.
      await store.deleteShopper(first[1]!.siteKey, first[1]!.id);
      expect(await store.listStaleShoppers({ updatedBefore: 400, after: first[1], limit: 2 })).toEqual(
        all.slice(2),
      );
      expect(await store.listStaleShoppers({ updatedBefore: 400, after: all[2], limit: 2 })).toEqual([]);
      expect(await store.listStaleShoppers({ updatedBefore: 100, limit: 10 })).toEqual([]);
    });

    it('pages through many stale profiles, each once', async () => {
      const ids = Array.from({ length: 25 }, (_, i) => `shopper_${i}`);
      for (const [i, id] of ids.entries())
        await store.upsertShopper({ siteKey: i % 2 ? 'site_a' : 'site_b', id, identified: false }, 10 + i);
      const seen: string[] = [];
      let after: { siteKey: string; id: string } | undefined;
      for (let page = 0; page < 10; page++) {
        const keys = await store.listStaleShoppers({
          updatedBefore: 30,
          limit: 7,
          ...(after ? { after } : {}),
        });
        expect(keys.length).toBeLessThanOrEqual(7);
        seen.push(...keys.map((k) => k.id));
        if (keys.length < 7) break;
        after = keys.at(-1);
      }
      expect(seen.sort()).toEqual(ids.slice(0, 20).sort());
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
          tags: ['refund', 'Li Lei VIP'],
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
        {
          id: 'e2',
          at: 5_001,
          kind: 'closed',
          conversationId: 'c_1',
          data: { resolution: 'sent to 42 Secret Rd', status: 'assigned' },
        },
        {
          id: 'e3',
          at: 5_002,
          kind: 'kb.draft',
          conversationId: 'c_1',
          data: { draft: '{"question":"Li Lei, 13800138000"}' },
        },
        {
          id: 'e4',
          at: 5_003,
          kind: 'closed',
          conversationId: 'c_2',
          data: { resolution: 'Li Lei elsewhere' },
        },
        {
          id: 'e5',
          at: 5_004,
          kind: 'notification',
          conversationId: 'c_1',
          data: { kind: 'shipped', orderId: 'SO-2026-0042' },
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
      // Close resolutions and knowledge drafts are words too, and the merchant's order ties a
      // notice to the shopper; the events stay for the metrics.
      expect((await store.listEvents({ conversationId: 'c_1' })).map((e) => e.data)).toEqual([
        { rating: 2 },
        { status: 'assigned' },
        {},
        { kind: 'shipped' },
      ]);
      expect(JSON.stringify(c.state)).not.toMatch(/VIP/);
      const [other] = await store.listEvents({ conversationId: 'c_2' });
      expect(other!.data).toEqual({ resolution: 'Li Lei elsewhere' });
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
      // Retention deletes only a profile still unwritten since its cutoff: one back meanwhile stays.
      await store.upsertShopper({ siteKey: 'site_a', id: 'shopper_2', identified: false }, 100);
      expect(await store.deleteShopper('site_a', 'shopper_2', 100)).toBe(false);
      expect(await store.getShopper('site_a', 'shopper_2')).not.toBeNull();
      expect(await store.deleteShopper('site_a', 'shopper_2', 101)).toBe(true);
      expect(await store.getShopper('site_a', 'shopper_2')).toBeNull();
      await rejectsWith(store.eraseConversation('c_missing', 'x'), 'not_found');
    });
  });
}
