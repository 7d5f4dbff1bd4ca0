import { describe, expect, it } from 'vitest';
import { conversation, event, message } from './contract-fixtures.ts';
import { createMemoryStore } from './memory-store.ts';
import type { EventRecord } from './store.ts';
import { storeContract } from './store-contract.ts';

storeContract('memory', async () => createMemoryStore());

describe('memory store events', () => {
  /** Frozen, data and all, as the hub's event log hands events over. */
  const frozen = (n: number, data?: EventRecord['data']): EventRecord =>
    Object.freeze(event(n, data ? { data: Object.freeze(data) } : {}));

  it('keeps a frozen event as it came (nothing can change it), and copies one that is not', async () => {
    const store = createMemoryStore();
    const kept = frozen(1);
    const open = event(2);
    await store.appendEvents([kept, open]);
    const [first, second] = await store.listEvents({});
    expect(first).toBe(kept);
    expect(second).not.toBe(open);
    expect(second).toEqual(open);
  });

  it('stores once an event written again behind later ones and among others at its time', async () => {
    // Duplicates are found among the events at the same time, not in a set of every id.
    const store = createMemoryStore();
    const tie = (id: string) => ({ ...event(1), id });
    await store.appendEvents([frozen(1), tie('e_1b'), frozen(5), frozen(3)]);
    await store.appendEvents([frozen(1), tie('e_1b'), frozen(3), tie('e_1c')]);
    expect((await store.listEvents({})).map((e) => e.id)).toEqual(['e_1', 'e_1b', 'e_1c', 'e_3', 'e_5']);
  });

  it("erases a frozen event's shopper data by replacing the stored event", async () => {
    const store = createMemoryStore();
    await store.createConversation(conversation('c_1'));
    const before = frozen(1, { rating: 2, comment: 'call me on 13800138000' });
    await store.appendEvents([before]);
    await store.eraseConversation('c_1', 'anon_1');
    const [after] = await store.listEvents({});
    expect(after!.data).toEqual({ rating: 2 });
    expect(before.data).toEqual({ rating: 2, comment: 'call me on 13800138000' });
  });
});

describe('memory store event reads', () => {
  // Conversations c_0..c_5, times out of order and tied across them, a few kinds, a few ids twice:
  // every read must be what a stable sort by time of the first copies gives.
  const kinds = ['message', 'assigned', 'csat'] as const;
  const appended: EventRecord[] = [];
  let x = 7;
  for (let n = 0; n < 3_000; n++) {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    appended.push(
      event(n, {
        at: 1_000 + (x % 400),
        conversationId: `c_${x % 6}`,
        kind: kinds[n % 3]!,
        ...(n % 3 === 2 ? { data: { rating: 4, comment: `comment ${n}` } } : {}),
      }),
    );
  }
  const expected = (keep: (e: EventRecord) => boolean = () => true) =>
    [...appended].sort((a, b) => a.at - b.at).filter(keep);
  const ids = (events: readonly EventRecord[]) => events.map((e) => e.id);

  async function filled() {
    const store = createMemoryStore();
    for (let i = 0; i < appended.length; i += 100) {
      await store.appendEvents(appended.slice(i, i + 100));
      // A batch written again: nothing doubles, and nothing moves.
      if (i % 700 === 0) await store.appendEvents(appended.slice(i, i + 50));
    }
    return store;
  }

  it('reads every event, a window, a conversation, a batch of conversations and kinds in time order, ties as appended', async () => {
    const store = await filled();
    expect(ids(await store.listEvents({}))).toEqual(ids(expected()));
    const window = (e: EventRecord) => e.at >= 1_100 && e.at < 1_250;
    expect(ids(await store.listEvents({ from: 1_100, to: 1_250 }))).toEqual(ids(expected(window)));
    expect(ids(await store.listEvents({ conversationId: 'c_3' }))).toEqual(
      ids(expected((e) => e.conversationId === 'c_3')),
    );
    expect(
      ids(await store.listEvents({ conversationIds: ['c_4', 'c_1', 'c_4'], from: 1_100, to: 1_250 })),
    ).toEqual(ids(expected((e) => ['c_1', 'c_4'].includes(e.conversationId) && window(e))));
    expect(ids(await store.listEvents({ kinds: ['csat'], from: 1_300 }))).toEqual(
      ids(expected((e) => e.kind === 'csat' && e.at >= 1_300)),
    );
    expect(ids(await store.listEvents({ conversationId: 'c_2', conversationIds: ['c_2', 'c_5'] }))).toEqual(
      ids(expected((e) => e.conversationId === 'c_2')),
    );
    expect(await store.listEvents({ conversationId: 'c_9' })).toEqual([]);
    const firsts = [...new Set(expected(window).map((e) => e.conversationId))];
    expect(await store.listEventConversations({ from: 1_100, to: 1_250 })).toEqual(firsts);
  });

  it("reads an erased conversation's events in the same places, without the shopper's words", async () => {
    const store = await filled();
    await store.createConversation(conversation('c_2'));
    await store.eraseConversation('c_2', 'anon_1');
    const erased = (e: EventRecord) =>
      e.conversationId === 'c_2' && e.data ? { ...e, data: { rating: 4 } } : e;
    expect(await store.listEvents({})).toEqual(expected().map(erased));
    expect(await store.listEvents({ conversationId: 'c_2' })).toEqual(
      expected((e) => e.conversationId === 'c_2').map(erased),
    );
    expect(await store.listEvents({ conversationIds: ['c_2', 'c_0'], kinds: ['csat'] })).toEqual(
      expected((e) => ['c_0', 'c_2'].includes(e.conversationId) && e.kind === 'csat').map(erased),
    );
  });
});

describe('memory store appends', () => {
  it('leaves out the conversation an append left when its caller says it will not read it', async () => {
    const store = createMemoryStore();
    await store.createConversation(conversation('c_1'));
    const wanted = await store.appendMessage(message(1));
    expect(wanted.conversation).toMatchObject({ id: 'c_1', lastSeq: 1 });
    const unwanted = await store.appendMessage(message(2), undefined, { conversation: false });
    expect(unwanted.conversation).toBeUndefined();
    expect(unwanted.message.seq).toBe(2);
    expect((await store.getConversation('c_1'))?.lastSeq).toBe(2);
  });
});
