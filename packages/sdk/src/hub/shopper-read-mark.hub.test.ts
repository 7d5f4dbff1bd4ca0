import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/memory-store.ts';
import { shopper, startHub, until } from '../testing/hub-fixture.ts';
import { signIdentity } from './identity.ts';

// The hub and its clients are closed after each test by test/close-started.ts.

const token = () => signIdentity({ id: 'customer-42' }, 'identity-secret-for-tests', { audience: 'shop' });

describe("the welcome's shopperReadSeq", () => {
  it('tells a signed-in shopper’s new device how far they read on another one', async () => {
    const store = createMemoryStore();
    const { url } = await startHub({ store });
    const phone = shopper(url, { identity: token() });
    const phoneSaw: number[] = [];
    phone.on('welcome', (w) => phoneSaw.push(w.shopperReadSeq));
    phone.connect();
    await until(() => phone.status === 'open', 'phone welcomed');
    phone.send('怎么退货');
    // The bot's answer comes after the shopper's question (a greeting may come before it).
    await until(
      () => phone.messages.some((m) => m.author.kind !== 'shopper' && m.seq > 2),
      () => JSON.stringify(phone.messages.map((m) => [m.seq, m.author.kind])),
    );
    const read = phone.lastSeq;
    phone.markRead(read);
    let stored = 0;
    const poll = setInterval(async () => {
      stored = (await store.getConversation(phone.conversationId!))?.shopperReadSeq ?? 0;
    }, 10);
    try {
      await until(
        () => stored === read,
        () => `stored read mark ${stored}, sent ${read}`,
      );
    } finally {
      clearInterval(poll);
    }

    // A new device (its own storage): a fresh token resumes the shopper's conversation.
    const laptop = shopper(url, { identity: token() });
    const laptopSaw: number[] = [];
    laptop.on('welcome', (w) => laptopSaw.push(w.shopperReadSeq));
    laptop.connect();
    await until(() => laptopSaw.length > 0, 'laptop welcomed');

    expect(laptop.conversationId).toBe(phone.conversationId);
    expect([phoneSaw[0], laptopSaw[0]]).toEqual([0, read]);
    expect(read).toBeGreaterThan(1);
  });
});
