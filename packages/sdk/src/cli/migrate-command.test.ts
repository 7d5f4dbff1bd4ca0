import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, expect, it } from 'vitest';
import { kefuCli } from '../../../../test/kefu-cli.ts';
import { pgliteInitdbSeedFile } from '../store/pglite-seed.ts';
import { SCHEMA_VERSION } from '../store/sql/migrations.ts';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

// In its own process, as an operator runs it: nothing but the PGlite thread keeps the process up
// while the store closes, so the command must wait for the thread itself (it exited 13 before).
// The new folder starts from initdb's dump (KEFU_PGLITE_SEED), not initdb itself: seconds less,
// and the migrations still create the schema on it.
it('kefu migrate on an embedded store exits 0 once the schema is applied, and says so; again, that nothing was left', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kefu-migrate-'));
  dirs.push(dir);
  const config = join(dir, 'kefu.config.yaml');
  await writeFile(config, 'store: pglite:./data\nsites: [{ key: shop, origins: [https://shop.example] }]\n');
  const env = { ...process.env, KEFU_PGLITE_SEED: await pgliteInitdbSeedFile() };
  const migrate = async () =>
    (
      await promisify(execFile)(process.execPath, [...kefuCli(), 'migrate', '--config', config], {
        timeout: 120_000,
        env,
      })
    ).stdout;
  expect(await migrate()).toBe(
    `store pglite: schema kefu created at version ${SCHEMA_VERSION} (${SCHEMA_VERSION} migrations applied)\n`,
  );
  expect(await migrate()).toBe(
    `store pglite: schema kefu already at version ${SCHEMA_VERSION}: nothing to apply\n`,
  );
}, 250_000);
