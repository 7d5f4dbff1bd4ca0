import { PGlite } from '@electric-sql/pglite';
import type { Message } from '@kefu/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../logger.ts';
import { pgliteSeed } from '../store/pglite-seed.ts';
import { createPgliteStore } from '../store/pglite-store.ts';
import {
  AGENT_TOKEN,
  agent,
  handedToAgent,
  ORIGIN,
  shopper,
  startHub,
  until,
} from '../testing/hub-fixture.ts';
import { memoryStorage } from '../transport/storage.ts';
import { createHub, type Hub } from './create-hub.ts';

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

const AGENTS = [{ id: 'mei', name: 'Mei', token: AGENT_TOKEN, groups: ['default'] }];

const textsBy = (messages: Message[], kind: 'shopper' | 'agent') =>
  messages
    .filter((m) => m.author.kind === kind)
    .map((m) => (m.content.kind === 'text' ? m.content.text : ''));

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

  it('stores every message of the shopper and the agent once, in the order typed, with gapless seqs', async () => {
    const store = await createPgliteStore({ pglite: db, schema: 'restart_sends' });
    const first = await startHub({ store, agents: AGENTS });
    hub = first.hub;
    const port = Number(new URL(first.url).port);
    const { s, a, conversation } = await handedToAgent(first.url);

    // Sent right before the hub goes: some are stored and acknowledged, some stored with the
    // acknowledgement lost, some never reach it.
    const agentSends: Promise<unknown>[] = [];
    for (let i = 1; i <= 5; i++) {
      s.send(`shopper ${i}`);
      agentSends.push(a.send(conversation.id, `agent ${i}`).catch((e: unknown) => e));
    }
    const closing = hub.close();
    for (let i = 6; i <= 8; i++) {
      s.send(`shopper ${i}`);
      agentSends.push(a.send(conversation.id, `agent ${i}`).catch((e: unknown) => e));
    }
    await closing;
    await until(
      () => s.status === 'reconnecting',
      () => `shopper ${s.status}`,
    );
    for (let i = 9; i <= 10; i++) {
      s.send(`shopper ${i}`);
      agentSends.push(a.send(conversation.id, `agent ${i}`).catch((e: unknown) => e));
    }

    // The same address and store, as a restarted hub has.
    hub = createHub({
      sites: [{ key: 'shop', origins: [ORIGIN] }],
      agents: AGENTS,
      store,
      logger: silentLogger,
    });
    await hub.listen({ port });
    await until(
      () => s.status === 'open' && s.outbox.length === 0,
      () => `shopper ${s.status}, outbox ${s.outbox.length}`,
    );
    const settled = await Promise.all(agentSends);
    expect(settled.filter((r) => r instanceof Error)).toEqual([]);

    const stored = await store.listMessages(conversation.id, { afterSeq: 0, limit: 500 });
    const expected = (who: string) => Array.from({ length: 10 }, (_, i) => `${who} ${i + 1}`);
    expect(textsBy(stored, 'shopper')).toEqual(['转人工', ...expected('shopper')]);
    expect(textsBy(stored, 'agent')).toEqual(expected('agent'));
    expect(stored.map((m) => m.seq)).toEqual(stored.map((_, i) => i + 1));
    await until(() => textsBy(s.messages, 'agent').length === 10, 'the shopper holds every reply');
    expect(textsBy(s.messages, 'agent')).toEqual(expected('agent'));
    expect(textsBy(s.messages, 'shopper')).toEqual(['转人工', ...expected('shopper')]);
    s.close();
    a.disconnect();
    await store.close();
  });
});
