import { describe, expect, it } from 'vitest';
import { createMemoryStore } from './memory-store.ts';
import type { EventRecord } from './store.ts';
import { storeContract } from './store-contract.ts';

storeContract('memory', async () => createMemoryStore());

describe('memory store events', () => {
  const frozen = (id: string, data?: EventRecord['data']): EventRecord =>
    Object.freeze({
      id,
      at: 10,
      kind: 'message' as const,
      conversationId: 'c_1',
      ...(data ? { data: Object.freeze(data) } : {}),
    });

  it('keeps a frozen event as it came (nothing can change it), and copies one that is not', async () => {
    const store = createMemoryStore();
    const kept = frozen('e_1');
    const open: EventRecord = { id: 'e_2', at: 20, kind: 'message', conversationId: 'c_1' };
    await store.appendEvents([kept, open]);
    const [first, second] = await store.listEvents({});
    expect(first).toBe(kept);
    expect(second).not.toBe(open);
    expect(second).toEqual(open);
  });

  it("erases a frozen event's shopper data by replacing the stored event", async () => {
    const store = createMemoryStore();
    await store.createConversation({
      id: 'c_1',
      siteKey: 'site_a',
      shopperId: 'shopper_1',
      state: { status: 'bot' },
      createdAt: 1,
    });
    const before = frozen('e_1', { rating: 2, comment: 'call me on 13800138000' });
    await store.appendEvents([before]);
    await store.eraseConversation('c_1', 'anon_1');
    const [after] = await store.listEvents({});
    expect(after!.data).toEqual({ rating: 2 });
    expect(before.data).toEqual({ rating: 2, comment: 'call me on 13800138000' });
  });
});
