import { describe, expect, it } from 'vitest';
import { until } from '../../testing/until.ts';
import { conversation, event, message } from '../contract-fixtures.ts';
import { pgliteClient } from '../pglite-store.ts';
import type { Store } from '../store.ts';
import { type Alone, createGroupCommit } from './group-commit.ts';
import type { SqlContext } from './sql-context.ts';
import { createSqlStore } from './sql-store.ts';
import { countingClient, pgliteForFile } from './test-fixtures.ts';

const db = pgliteForFile();
let schemas = 0;

/**
 * A store on PGlite whose statements that write messages are counted; with `failBatches`, the
 * database refuses every statement that writes a batch (as a lost connection would).
 */
async function countingStore(failBatches = false): Promise<{ store: Store; messageWrites: () => number }> {
  const client = countingClient(
    pgliteClient(db(), { owned: false }),
    /INSERT INTO \S+\.messages/,
    (text) => failBatches && text.includes('unnest('),
  );
  const store = await createSqlStore(client, { schema: `batch_${++schemas}` });
  return { store, messageWrites: client.count };
}

describe('group commit on a SQL store', () => {
  it('stores 300 messages of 30 conversations sent at once in a handful of statements, seqs gapless in call order', async () => {
    const { store, messageWrites } = await countingStore();
    const ids = Array.from({ length: 30 }, (_, i) => `c_${i}`);
    for (const id of ids) await store.createConversation(conversation(id));
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        store.appendMessage(message(i + 1, { conversationId: ids[i % 30]!, clientMsgId: `k_${i}` })),
      ),
    );
    // The first append goes alone; what arrives meanwhile goes together (256 at the most).
    expect(messageWrites()).toBeLessThanOrEqual(3);
    for (const [n, id] of ids.entries()) {
      const mine = results.filter((r) => r.message.conversationId === id);
      expect(mine.map((r) => r.message.seq)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
      expect(mine.map((r) => r.message.id)).toEqual(
        Array.from({ length: 10 }, (_, i) => `m_${n + 1 + i * 30}`),
      );
      expect(await store.getConversation(id)).toMatchObject({ lastSeq: 10, version: 11 });
    }
    await store.close();
  });

  it('writes every message of a batch that failed as a whole one at a time, each with its own answer', async () => {
    const { store, messageWrites } = await countingStore(true);
    await store.createConversation(conversation('c_1'));
    const results = await Promise.allSettled([
      store.appendMessage(message(1)),
      store.appendMessage(message(2)),
      store.appendMessage(message(3, { conversationId: 'c_missing' })),
      store.appendMessage(message(4)),
    ]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value.message.seq : 'rejected'))).toEqual([
      1,
      2,
      'rejected',
      3,
    ]);
    // One batch tried, then each message alone.
    expect(messageWrites()).toBe(5);
    expect((await store.listMessages('c_1', { limit: 10 })).map((m) => m.id)).toEqual(['m_1', 'm_2', 'm_4']);
    await store.close();
  });

  it('has written everything appended before close() returns', async () => {
    const { store } = await countingStore();
    await store.createConversation(conversation('c_1'));
    const pending = Array.from({ length: 50 }, (_, i) => store.appendMessage(message(i + 1)));
    const schema = `batch_${schemas}`;
    await store.close();
    await Promise.all(pending);
    const { rows } = await db().query<{ n: number }>(`SELECT count(*)::int AS n FROM ${schema}.messages`);
    expect(rows[0]!.n).toBe(50);
  });

  it('writes the messages and events appended at once in one statement, events in call order', async () => {
    const client = countingClient(pgliteClient(db(), { owned: false }), /INSERT INTO/);
    const store = await createSqlStore(client, { schema: `batch_${++schemas}` });
    for (const id of ['c_1', 'c_2']) await store.createConversation(conversation(id));
    const before = client.count();
    const [first, other, events, second] = await Promise.all([
      store.appendMessage(message(1, { clientMsgId: 'k_1' })),
      store.appendMessage(message(2, { conversationId: 'c_2' })),
      store.appendEvents([event(1), event(2)]),
      store.appendMessage(message(3, { clientMsgId: 'k_3' })),
      store.appendEvents([event(3)]),
    ]);
    expect(client.count() - before).toBe(1);
    expect([first.message.seq, other.message.seq, second.message.seq]).toEqual([1, 1, 2]);
    expect(events).toBeUndefined();
    expect((await store.listEvents({})).map((e) => e.id)).toEqual(['e_1', 'e_2', 'e_3']);
    expect(await store.getConversation('c_1')).toMatchObject({ lastSeq: 2, version: 3 });
    await store.close();
  });

  it('leaves out the conversation of a batched append whose caller will not read it, and its JSON from the row', async () => {
    const { store } = await countingStore();
    for (const id of ['c_1', 'c_2']) await store.createConversation(conversation(id));
    const [wanted, unwanted, other] = await Promise.all([
      store.appendMessage(message(1, { clientMsgId: 'k_1' })),
      store.appendMessage(message(2), undefined, { conversation: false }),
      store.appendMessage(message(3, { conversationId: 'c_2' })),
    ]);
    expect(wanted.conversation).toMatchObject({
      id: 'c_1',
      lastSeq: 1,
      version: 2,
      state: { status: 'bot' },
    });
    expect(unwanted.conversation).toBeUndefined();
    expect(unwanted.message).toEqual({ ...message(2), seq: 2 });
    expect('clientMsgId' in unwanted.message).toBe(false);
    expect(other.conversation).toMatchObject({ id: 'c_2', lastSeq: 1, state: { status: 'bot' } });
    expect(await store.getConversation('c_1')).toMatchObject({ lastSeq: 2, version: 3 });
    await store.close();
  });

  it('writes a batch holding an event stored already part by part, each event once (no ON CONFLICT probe per event)', async () => {
    const client = countingClient(pgliteClient(db(), { owned: false }), /INSERT INTO/);
    const store = await createSqlStore(client, { schema: `batch_${++schemas}` });
    await store.createConversation(conversation('c_1'));
    await store.appendEvents([event(1), event(2)]);
    const before = client.count();
    const [appended] = await Promise.all([
      store.appendMessage(message(1)),
      // Written again, as the event log does after a write whose commit's answer was lost.
      store.appendEvents([event(1), event(2), event(3)]),
      store.appendEvents([event(3)]),
    ]);
    // The batch refused, then the message and each event list alone (insertEvents skips stored ids).
    expect(client.count() - before).toBeGreaterThan(1);
    expect(appended.message.seq).toBe(1);
    expect((await store.listEvents({})).map((e) => e.id)).toEqual(['e_1', 'e_2', 'e_3']);
    expect((await store.listMessages('c_1', { limit: 10 })).map((m) => m.id)).toEqual(['m_1']);
    await store.close();
  });

  it('writes nothing of a batch the database refuses, then each part alone: no message lost or stored twice', async () => {
    const client = countingClient(pgliteClient(db(), { owned: false }), /./);
    const store = await createSqlStore(client, { schema: `batch_${++schemas}` });
    await store.createConversation(conversation('c_1'));
    const results = await Promise.allSettled([
      store.appendMessage(message(1, { clientMsgId: 'k_1' })),
      // A time no bigint column takes: the database refuses the whole statement.
      store.appendEvents([event(1), event(2, { at: Number.NaN })]),
      store.appendMessage(message(2, { clientMsgId: 'k_2' })),
      store.getConversation('c_1'),
      store.appendEvents([event(3)]),
    ]);
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
    const seq = (r: (typeof results)[number]) =>
      r.status === 'fulfilled' && r.value && 'message' in r.value ? r.value.message.seq : undefined;
    expect([seq(results[0]!), seq(results[2]!)]).toEqual([1, 2]);
    expect((await store.listMessages('c_1', { limit: 10 })).map((m) => m.clientMsgId)).toEqual([
      'k_1',
      'k_2',
    ]);
    expect((await store.listEvents({})).map((e) => e.id)).toEqual(['e_3']);
    expect(await store.getConversation('c_1')).toMatchObject({ lastSeq: 2, version: 3 });
    // The same messages sent again are the duplicates of the stored ones.
    const again = await Promise.all([
      store.appendMessage(message(1, { clientMsgId: 'k_1' })),
      store.appendMessage(message(2, { clientMsgId: 'k_2' })),
    ]);
    expect(again.map((r) => [r.duplicate, r.message.seq])).toEqual([
      [true, 1],
      [true, 2],
    ]);
    await store.close();
  });

  it('is not ready while its writes fail (a full disk) though it still answers reads, and ready once one succeeds', async () => {
    // A database that answers reads but refuses every write, as a full disk does: /readyz said
    // 200 through a 20 s outage in which no message could be stored (ops drill, 2026-12-06).
    let full = true;
    const client = countingClient(
      pgliteClient(db(), { owned: false }),
      /INSERT INTO \S+\.messages/,
      (text) => full && /INSERT INTO \S+\.(messages|events)|unnest\(/.test(text),
    );
    const store = await createSqlStore(client, { schema: `batch_${++schemas}` });
    await store.createConversation(conversation('c_1'));
    await expect(store.ready()).resolves.toBeUndefined();
    await expect(store.appendMessage(message(1))).rejects.toThrow('connection lost');
    await expect(store.ready()).rejects.toThrow(/writes fail.*connection lost/);
    // An item's own refusal (a conversation that is gone) says nothing about the database.
    full = false;
    await expect(store.appendMessage(message(2, { conversationId: 'c_missing' }))).rejects.toThrow();
    await expect(store.ready()).rejects.toThrow(/writes fail/);
    await store.appendMessage(message(2));
    await expect(store.ready()).resolves.toBeUndefined();
    await store.close();
  });

  it('answers health only once the write in flight is done: a hung database holds the probe', async () => {
    // The probe's read went to a fresh connection and answered while every write hung on the
    // stalled ones: /readyz said 200 through a 10 s stall (ops drill, 2026-12-06).
    let release: (() => void) | undefined;
    const order: string[] = [];
    const alone: Alone = {
      append: (input) =>
        new Promise((resolve) => {
          release = () => {
            order.push('write done');
            resolve({
              message: { ...input, seq: 1, createdAt: 0 },
              duplicate: false,
              status: 'open',
            } as never);
          };
        }),
      insertEvents: async () => {},
    };
    const batch = createGroupCommit({} as SqlContext, alone);
    const written = batch.appendMessage(message(1));
    await until(
      () => release !== undefined,
      () => 'the write to start',
    );
    const health = batch.health().then(() => order.push('healthy'));
    // Whatever health would answer without the write has answered by now.
    await new Promise((resolve) => setImmediate(resolve));
    release!();
    await Promise.all([written, health]);
    expect(order).toEqual(['write done', 'healthy']);
  });

  it('is healthy again without a write once a refusal is older than its window', async () => {
    let t = 0;
    const alone: Alone = {
      append: async () => {
        throw new Error('could not extend file: No space left on device');
      },
      insertEvents: async () => {},
    };
    const batch = createGroupCommit({} as SqlContext, alone, () => t);
    await expect(batch.appendMessage(message(1))).rejects.toThrow('No space');
    await expect(batch.health()).rejects.toThrow(
      'writes fail: could not extend file: No space left on device',
    );
    t += 9_999;
    await expect(batch.health()).rejects.toThrow('writes fail');
    t += 1;
    await expect(batch.health()).resolves.toBeUndefined();
  });
});
