import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { POSTGRES_URL, postgresMissing } from '../../../../test/servers.ts';
import { SCHEMA_VERSION } from '../store/sql/migrations.ts';
import { runCli } from './run-cli.ts';

const missing = await postgresMissing();
const schema = `kefu_cli${process.pid}_${Date.now().toString(36)}`;
afterAll(async () => {
  if (missing) return;
  const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 1 });
  await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await pool.end();
});

describe.skipIf(missing !== null)(missing ? `kefu migrate (skipped: ${missing})` : 'kefu migrate', () => {
  it('brings a PostgreSQL schema named by the config to the newest version, and again is a no-op', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'kefu-migrate-'));
    await writeFile(
      join(cwd, 'kefu.config.yaml'),
      `store: { url: "\${DATABASE_URL}", schema: ${schema} }\nsites: [{ key: shop, origins: ["*"] }]\n`,
    );
    const out: string[] = [];
    const io = {
      out: (l: string) => out.push(l),
      err: (l: string) => out.push(l),
      env: { DATABASE_URL: POSTGRES_URL },
      cwd,
    };
    expect(await runCli(['migrate'], io)).toBe(0);
    expect(await runCli(['migrate'], io)).toBe(0);
    expect(out).toEqual([
      `store postgres: schema ${schema} at version ${SCHEMA_VERSION}`,
      `store postgres: schema ${schema} at version ${SCHEMA_VERSION}`,
    ]);
    const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 1 });
    const { rows } = await pool.query(
      `SELECT max(version)::int AS v, count(*)::int AS n FROM ${schema}.kefu_migrations`,
    );
    await pool.end();
    expect(rows[0]).toEqual({ v: SCHEMA_VERSION, n: SCHEMA_VERSION });
  });
});
