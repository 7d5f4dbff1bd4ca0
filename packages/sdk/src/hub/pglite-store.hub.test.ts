import { PGlite } from '@electric-sql/pglite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pgliteSeed } from '../store/pglite-seed.ts';
import { createPgliteStore } from '../store/pglite-store.ts';
import { agent, shopper, startHub, until } from '../testing/hub-fixture.ts';
import { memoryStorage } from '../transport/storage.ts';
import type { Hub } from './create-hub.ts';

// The hub on the embedded default, end to end: what `pnpm demo` runs.
let db: PGlite;
let hub: Hub | undefined;
beforeAll(async () => {
  db = await PGlite.create({ loadDataDir: await pgliteSeed() });
}, 120_000);
afterEach(async () => {
  await hub?.close();
  hub = undefined;
});
afterAll(async () => {
  await db?.close();
});

const text = (m: { content: { kind: string; text?: string } }) =>
  m.content.kind === 'text' ? m.content.text : '';

describe('a hub on the PGlite store', () => {
  it('keeps a conversation across a hub restart: same conversation, whole transcript, gapless seqs', async () => {
    const store = await createPgliteStore({ pglite: db, schema: 'hub_restart' });
    let started = await startHub({ store });
    hub = started.hub;
    const storage = memoryStorage();
    const before = shopper(started.url, { storage });
    before.connect();
    await until(() => before.status === 'open', 'shopper welcome');
    before.send('你好');
    before.send('这个杯子能装热水吗');
    await until(
      () => before.outbox.length === 0 && before.messages.some((m) => text(m) === '这个杯子能装热水吗'),
      'both messages stored',
    );
    const conversationId = before.conversationId;
    before.close();
    await hub.close();

    started = await startHub({ store });
    hub = started.hub;
    const after = shopper(started.url, { storage });
    after.connect();
    await until(() => after.status === 'open', 'shopper welcome after restart');
    expect(after.conversationId).toBe(conversationId);
    after.send('转人工');
    await until(() => after.state?.status === 'queued', 'queued');

    const a = agent(started.url);
    await a.connect();
    const taken = await a.accept(conversationId!);
    const texts = taken.messages.map(text);
    expect(texts).toContain('你好');
    expect(texts).toContain('这个杯子能装热水吗');
    expect(texts).toContain('转人工');
    expect(taken.messages.map((m) => m.seq)).toEqual(taken.messages.map((_, i) => i + 1));
    after.close();
    a.disconnect();
    await store.close();
  });
});
