import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { pgliteInitdbSeedFile, pgliteSeed } from './pglite-seed.ts';
import { createPgliteStore } from './pglite-store.ts';
import { MIGRATIONS, type MigrationOutcome } from './sql/migrations.ts';
import { pgliteForFile } from './sql/test-fixtures.ts';
import { storeContract } from './store-contract.ts';

// One database per file, opened from a migrated dump (initdb once per machine, not per test);
// each test gets its own schema, dropped after it.
const db = pgliteForFile();
let schemas = 0;

storeContract(
  'PGlite',
  async () => createPgliteStore({ pglite: db(), schema: `contract_${++schemas}` }),
  async (store) => {
    await store.close();
    await db().query(`DROP SCHEMA contract_${schemas} CASCADE`);
  },
);

describe('createPgliteStore', () => {
  it('leaves a database it was handed open when the store closes', async () => {
    const store = await createPgliteStore({ pglite: db(), schema: 'handed_in' });
    await store.close();
    expect((await db().query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('is not ready while its schema is missing or behind this code', async () => {
    const store = await createPgliteStore({ pglite: db(), schema: 'unmigrated', migrate: false });
    await expect(store.ready()).rejects.toThrow();
    await db().exec(
      'CREATE SCHEMA unmigrated; CREATE TABLE unmigrated.kefu_migrations (version integer, name text, applied_at bigint); INSERT INTO unmigrated.kefu_migrations VALUES (1, $$one$$, 0)',
    );
    await expect(store.ready()).rejects.toThrow(/at version 1; this Kefu needs/);
    await store.close();
    await db().query('DROP SCHEMA unmigrated CASCADE');
  });

  it('keeps conversations and messages across a restart on the same dataDir, creating it if missing', async () => {
    const root = await mkdtemp(join(tmpdir(), 'kefu-pglite-'));
    // Parents missing too, as `./.data/kefu` is on a fresh checkout.
    const dataDir = join(root, '.data', 'kefu');
    const missing = join(root, 'no-such-seed.tar');
    try {
      // A new folder starts from the dump KEFU_PGLITE_SEED names (none there: the open fails)…
      vi.stubEnv('KEFU_PGLITE_SEED', missing);
      await expect(createPgliteStore({ dataDir })).rejects.toMatchObject({ code: 'ENOENT', path: missing });
      // …initdb's: the migrations then run on it as on any new database.
      vi.stubEnv('KEFU_PGLITE_SEED', await pgliteInitdbSeedFile());
      let migrated: MigrationOutcome | undefined;
      const first = await createPgliteStore({ dataDir, onMigrated: (outcome) => (migrated = outcome) });
      expect(migrated).toEqual({ from: 0, applied: MIGRATIONS.map((m) => m.version) });
      await first.createConversation({
        id: 'c_1',
        siteKey: 's',
        shopperId: 'p',
        state: { status: 'bot' },
        createdAt: 1,
      });
      await first.appendMessage({
        id: 'm_1',
        conversationId: 'c_1',
        clientMsgId: 'k_1',
        author: { kind: 'shopper' },
        content: { kind: 'text', text: '还在吗' },
        createdAt: 2,
      });
      await first.close();

      // A folder with data opens as it is: neither a seed nor loadDataDir replaces it.
      vi.stubEnv('KEFU_PGLITE_SEED', missing);
      const second = await createPgliteStore({ dataDir, loadDataDir: await pgliteSeed() });
      expect(await second.getConversation('c_1')).toMatchObject({ lastSeq: 1 });
      const again = await second.appendMessage({
        id: 'm_1b',
        conversationId: 'c_1',
        clientMsgId: 'k_1',
        author: { kind: 'shopper' },
        content: { kind: 'text', text: '还在吗' },
        createdAt: 3,
      });
      expect(again).toMatchObject({ duplicate: true, message: { id: 'm_1', seq: 1 } });
      await second.close();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
