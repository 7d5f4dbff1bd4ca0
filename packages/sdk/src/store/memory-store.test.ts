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
