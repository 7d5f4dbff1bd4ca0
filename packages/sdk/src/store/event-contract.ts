import { describe, expect, it } from 'vitest';
import { conversation, liveStore, message } from './contract-fixtures.ts';
import type { EventFilter, EventRecord, Store } from './store.ts';

/**
 * The event-log part of `storeContract`: appending and filtering events, run against
 * `current()`, the store of the current test.
 * @example
 * eventContract(() => store); // inside storeContract's describe
 */
export function eventContract(current: () => Store): void {
  const store = liveStore(current);

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
      // The event log's largest batch (EVENT_BATCH), every column filled: one statement on SQL.
      const big = Array.from({ length: 4096 }, (_, i) =>
        event(`e_x${i}`, 100 + (i % 7), { agentId: 'agent_mei', group: 'presale', data: { seq: i } }),
      );
      await store.appendEvents(big);
      expect(await store.listEvents({ from: 100 })).toHaveLength(4096);
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

    it('lists the conversations with events in a window, and reads a batch of them', async () => {
      await store.appendEvents([
        event('e_1', 10),
        event('e_2', 20, { conversationId: 'c_2' }),
        event('e_3', 25, { conversationId: 'c_3' }),
        event('e_4', 30),
      ]);
      await store.appendEvents([event('e_5', 20, { conversationId: 'c_4' })]);
      expect(await store.listEventConversations({})).toEqual(['c_1', 'c_2', 'c_4', 'c_3']);
      expect(await store.listEventConversations({ from: 20, to: 30 })).toEqual(['c_2', 'c_4', 'c_3']);
      expect(await store.listEventConversations({ from: 31 })).toEqual([]);
      expect(await ids({ conversationIds: ['c_1', 'c_3'] })).toEqual(['e_1', 'e_3', 'e_4']);
      expect(await ids({ conversationIds: ['c_4', 'c_2'] })).toEqual(['e_2', 'e_5']);
      expect(await ids({ conversationIds: ['c_1', 'c_3'], from: 20 })).toEqual(['e_3', 'e_4']);
      expect(await ids({ conversationIds: [] })).toEqual([]);
    });

    it('an event appended twice with the same id is stored once', async () => {
      // A batch the event log writes again because its commit's answer was lost.
      const batch = [event('e_1', 10, { data: { n: 1 } }), event('e_2', 20)];
      await store.appendEvents(batch);
      await store.appendEvents([event('e_1', 10, { data: { n: 2 } }), event('e_2', 20), event('e_3', 30)]);
      // Twice in one batch, and with a message beside it (a SQL store's group commit).
      await store.createConversation(conversation('c_1'));
      await Promise.all([
        store.appendEvents([event('e_4', 40), event('e_4', 40)]),
        store.appendEvents([event('e_3', 30)]),
        store.appendMessage(message(1)),
        store.appendEvents([event('e_5', 50)]),
      ]);
      expect(await ids({})).toEqual(['e_1', 'e_2', 'e_3', 'e_4', 'e_5']);
      expect((await store.listEvents({ to: 11 }))[0]?.data).toEqual({ n: 1 });
      expect(await store.listEventConversations({})).toEqual(['c_1']);
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
}
