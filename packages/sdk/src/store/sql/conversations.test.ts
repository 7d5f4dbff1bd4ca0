import { describe, expect, it } from 'vitest';
import { conversation, message } from '../contract-fixtures.ts';
import { pgliteClient } from '../pglite-store.ts';
import { createSqlStore } from './sql-store.ts';
import { countingClient, pgliteForFile } from './test-fixtures.ts';

const db = pgliteForFile();
let schemas = 0;

/** A store on PGlite that counts the statements reading conversations by id. */
async function countingStore() {
  const client = countingClient(
    pgliteClient(db(), { owned: false }),
    /FROM \S+\.conversations WHERE id (=|= ANY)/,
  );
  const store = await createSqlStore(client, { schema: `reads_${++schemas}` });
  return { store, reads: client.count };
}

describe('conversation reads of a SQL store', () => {
  it('answers reads asked at once with one statement, each with its own conversation or null', async () => {
    const { store, reads } = await countingStore();
    for (const id of ['c_1', 'c_2', 'c_3']) await store.createConversation(conversation(id));
    const before = reads();
    const found = await Promise.all(
      ['c_2', 'c_missing', 'c_1', 'c_2', 'c_3'].map((id) => store.getConversation(id)),
    );
    expect(reads() - before).toBe(1);
    expect(found.map((c) => c?.id ?? null)).toEqual(['c_2', null, 'c_1', 'c_2', 'c_3']);
    // Two callers of one id get two objects: one changing its copy leaves the other's alone.
    expect(found[0]).toEqual(found[3]);
    found[0]!.state.status = 'closed';
    expect(found[3]!.state.status).toBe('bot');
    await store.close();
  });

  it('sees every write that resolved before the read was asked', async () => {
    const { store } = await countingStore();
    await store.createConversation(conversation('c_1'));
    const first = store.getConversation('c_1');
    await store.appendMessage(message(1));
    const [before, after] = await Promise.all([first, store.getConversation('c_1')]);
    expect(before?.lastSeq).toBeLessThanOrEqual(1);
    expect(after?.lastSeq).toBe(1);
    await store.close();
  });

  it('answers every read asked before close() returns', async () => {
    const { store } = await countingStore();
    await store.createConversation(conversation('c_1'));
    const pending = Array.from({ length: 10 }, () => store.getConversation('c_1'));
    await store.close();
    expect((await Promise.all(pending)).every((c) => c?.id === 'c_1')).toBe(true);
  });
});
