import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/memory-store.ts';
import { agent, startHub } from '../testing/hub-fixture.ts';

// startHub and agent track what they start: the setup file closes them after each test.
describe("agents' inbox items", () => {
  // A profile or reason stored longer than the frames allow (by a hub before sign-in and
  // transitions cut them) made every agent's welcome unreadable: the console never connected.
  it('cut what was stored longer than the frames allow, so the welcome stays readable', async () => {
    const store = createMemoryStore();
    const name = `王${'小明'.repeat(90)}`;
    await store.upsertShopper(
      { id: 'u:long', siteKey: 'shop', identified: true, name, tier: 'v'.repeat(150) },
      1,
    );
    await store.createConversation({
      id: 'c_long',
      siteKey: 'shop',
      shopperId: 'u:long',
      createdAt: 1,
      state: { status: 'queued', group: 'default', reason: `note: ${'😀'.repeat(400)}` },
    });
    const { url } = await startHub({ store });
    const mei = agent(url);
    await mei.connect();
    const [item] = mei.inbox;
    expect(item?.shopper.name).toBe(name.slice(0, 100));
    expect(item?.shopper.tier).toHaveLength(100);
    expect(item?.state.reason?.endsWith('😀')).toBe(true);
  });
});
