import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/memory-store.ts';
import { createPgliteStore } from '../store/pglite-store.ts';
import { pgliteForFile } from '../store/sql/test-fixtures.ts';
import type { Store } from '../store/store.ts';
import { reportAfterLostCommit } from './test-fixtures.ts';

const db = pgliteForFile();
let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

describe('a report after an event batch whose commit was acknowledged as a failure', () => {
  for (const [engine, make] of [
    ['memory', async () => createMemoryStore()],
    ['PGlite', () => createPgliteStore({ pglite: db(), schema: 'report_once' })],
  ] as const)
    it(`counts the conversation's events once though the batch was written again (${engine})`, async () => {
      store = await make();
      const t = await reportAfterLostCommit(store);
      expect(t.errors.map((e) => e.message)).toEqual(['event log: read ECONNRESET']);
      expect(t.report.total.bot?.answers).toBe(1);
      expect(t.report.total.conversations).toBe(1);
      const ids = t.events.map((e) => e.id);
      expect(new Set(ids).size).toBe(ids.length);
    });
});
