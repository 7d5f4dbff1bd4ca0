import { describe, expect, it } from 'vitest';
import { event } from '../contract-fixtures.ts';
import { pgliteClient } from '../pglite-store.ts';
import type { EventRecord } from '../store.ts';
import { createSqlStore } from './sql-store.ts';
import { countingClient, pgliteForFile } from './test-fixtures.ts';

const db = pgliteForFile();
let schemas = 0;

/** A store on PGlite that counts the statements writing events. */
async function countingStore() {
  const client = countingClient(pgliteClient(db(), { owned: false }), /INSERT INTO \S+\.events/);
  const store = await createSqlStore(client, { schema: `events_${++schemas}` });
  return { store, eventWrites: client.count, schema: `events_${schemas}` };
}

describe('event log of a SQL store', () => {
  it('writes calls made at once in one statement, in call order', async () => {
    const { store, eventWrites } = await countingStore();
    // Equal times: only the order of the calls can put them in this order.
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        store.appendEvents([event(2 * i, { at: 1 }), event(2 * i + 1, { at: 1 })]),
      ),
    );
    expect(eventWrites()).toBe(1);
    expect((await store.listEvents({})).map((e) => e.id)).toEqual(
      Array.from({ length: 80 }, (_, i) => `e_${i}`),
    );
    await store.close();
  });

  it('fails only the call whose event the database refuses; the others are stored', async () => {
    const { store, eventWrites } = await countingStore();
    const results = await Promise.allSettled([
      store.appendEvents([event(1)]),
      store.appendEvents([event(2), event(3, { at: Number.NaN })]),
      store.appendEvents([event(4)]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    // The three together, then each alone.
    expect(eventWrites()).toBe(4);
    expect((await store.listEvents({})).map((e) => e.id)).toEqual(['e_1', 'e_4']);
    await store.close();
  });

  it('writes events without an ON CONFLICT probe, and skips stored ids only when a write is refused for them', async () => {
    const texts: string[] = [];
    const client = countingClient(pgliteClient(db(), { owned: false }), /INSERT INTO \S+\.events/);
    const store = await createSqlStore(
      {
        ...client,
        query: (text, params, options) => {
          if (/INSERT INTO \S+\.events/.test(text)) texts.push(text);
          return client.query(text, params, options);
        },
      },
      { schema: `events_${++schemas}` },
    );
    await Promise.all([store.appendEvents([event(1)]), store.appendEvents([event(2)])]);
    expect(texts.map((t) => t.includes('ON CONFLICT'))).toEqual([false]);
    // Written again, as after a write whose commit's answer was lost: refused, then written skipping stored ids.
    await Promise.all([store.appendEvents([event(2), event(3)]), store.appendEvents([event(3)])]);
    expect(texts.slice(1).map((t) => t.includes('ON CONFLICT'))).toEqual([false, true]);
    expect((await store.listEvents({})).map((e) => e.id)).toEqual(['e_1', 'e_2', 'e_3']);
    await store.close();
  });

  it('writes events alone in one prepared text whatever their number, so the server parses and plans it once', async () => {
    const writes: Array<{ text: string; prepare: boolean }> = [];
    const client = pgliteClient(db(), { owned: false });
    const store = await createSqlStore(
      {
        ...client,
        query: (text, params, options) => {
          if (/INSERT INTO \S+\.events/.test(text)) writes.push({ text, prepare: options?.prepare === true });
          return client.query(text, params, options);
        },
      },
      { schema: `events_${++schemas}` },
    );
    await store.appendEvents([event(1)]);
    // Equal times: only the order given can put them in this order.
    await store.appendEvents([event(3, { at: 1 }), event(2, { at: 1 }), event(4, { at: 1 })]);
    expect(writes).toHaveLength(2);
    expect(new Set(writes.map((w) => w.text)).size).toBe(1);
    expect(writes.every((w) => w.prepare)).toBe(true);
    expect((await store.listEvents({})).map((e) => e.id)).toEqual(['e_3', 'e_2', 'e_4', 'e_1']);
    await store.close();
  });

  it('stores each event’s data as given, none as SQL NULL', async () => {
    const { store, schema } = await countingStore();
    const data: Array<EventRecord['data']> = [
      undefined,
      { text: 'a "quoted" \\ back\\slash {a,b}', nul: '\u0000', n: 1 },
      { none: null, yes: true },
    ];
    await store.appendEvents(data.map((d, i) => event(i, d === undefined ? {} : { data: d })));
    expect((await store.listEvents({})).map((e) => e.data)).toEqual(data);
    const { rows } = await db().query<{ id: string }>(`SELECT id FROM ${schema}.events WHERE data IS NULL`);
    expect(rows).toEqual([{ id: 'e_0' }]);
    await store.close();
  });

  it('has written every event appended before close() returns', async () => {
    const { store, schema } = await countingStore();
    const pending = Array.from({ length: 30 }, (_, i) => store.appendEvents([event(i)]));
    await store.close();
    await Promise.all(pending);
    const { rows } = await db().query<{ n: number }>(`SELECT count(*)::int AS n FROM ${schema}.events`);
    expect(rows[0]!.n).toBe(30);
  });
});
