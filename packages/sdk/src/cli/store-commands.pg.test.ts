import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { closedPort, POSTGRES_URL, postgresMissing } from '../../../../test/servers.ts';
import { createHubFromConfig } from '../config/hub-from-config.ts';
import { loadConfig } from '../config/load-config.ts';
import { silentLogger } from '../logger.ts';
import { pgPoolClient } from '../store/postgres-store.ts';
import { MIGRATIONS, SCHEMA_VERSION, migrate as sqlMigrate } from '../store/sql/migrations.ts';
import { runCli } from './run-cli.ts';

const missing = await postgresMissing();
const schema = `kefu_cli${process.pid}_${Date.now().toString(36)}`;
afterAll(async () => {
  if (missing) return;
  const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 1 });
  await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await pool.query(`DROP SCHEMA IF EXISTS ${schema}_ahead CASCADE`);
  await pool.query(`DROP SCHEMA IF EXISTS ${schema}_older CASCADE`);
  await pool.end();
});

describe.skipIf(missing !== null)(
  missing ? `kefu migrate, api-key (skipped: ${missing})` : 'kefu migrate, api-key',
  () => {
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
      // Each run says what it did: the same line for both left an operator guessing.
      expect(out).toEqual([
        `store postgres: schema ${schema} created at version ${SCHEMA_VERSION} (${SCHEMA_VERSION} migrations applied)`,
        `store postgres: schema ${schema} already at version ${SCHEMA_VERSION}: nothing to apply`,
      ]);
      const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 1 });
      const { rows } = await pool.query(
        `SELECT max(version)::int AS v, count(*)::int AS n FROM ${schema}.kefu_migrations`,
      );
      await pool.end();
      expect(rows[0]).toEqual({ v: SCHEMA_VERSION, n: SCHEMA_VERSION });
    });

    it('migrate on a schema an older release made says from which version it upgraded it', async () => {
      const older = `${schema}_older`;
      const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 1 });
      await sqlMigrate(pgPoolClient(pool, { owned: true }), older, MIGRATIONS.slice(0, -1));
      const cwd = await mkdtemp(join(tmpdir(), 'kefu-migrate-'));
      await writeFile(
        join(cwd, 'kefu.config.yaml'),
        `store: { url: "\${DATABASE_URL}", schema: ${older} }\nsites: [{ key: shop, origins: ["*"] }]\n`,
      );
      const out: string[] = [];
      const io = { out: (l: string) => out.push(l), err: () => {}, env: { DATABASE_URL: POSTGRES_URL }, cwd };
      try {
        expect(await runCli(['migrate'], io)).toBe(0);
      } finally {
        await pool.end();
      }
      expect(out).toEqual([
        `store postgres: schema ${older} upgraded from version ${SCHEMA_VERSION - 1} to ${SCHEMA_VERSION} (1 migration applied)`,
      ]);
    });

    /** `kefu migrate` on a config whose store is `url`: its exit code and standard error. */
    const migrateAt = async (url: URL) => {
      const cwd = await mkdtemp(join(tmpdir(), 'kefu-migrate-'));
      await writeFile(
        join(cwd, 'kefu.config.yaml'),
        `store: "${url}"\nsites: [{ key: shop, origins: ["*"] }]\n`,
      );
      const err: string[] = [];
      const code = await runCli(['migrate'], {
        out: () => {},
        err: (l: string) => err.push(l),
        env: {},
        cwd,
      });
      return { code, err };
    };

    it('migrate on a server that does not answer names the store and the address, exit 1', async () => {
      const url = new URL(POSTGRES_URL);
      url.port = String(await closedPort());
      const { code, err } = await migrateAt(url);
      expect(code).toBe(1);
      expect(err).toHaveLength(1);
      expect(err[0]).toMatch(/^kefu: .*store.*127\.0\.0\.1:\d+.*is the database running/);
    });

    it('migrate on a database that does not exist says so in one line, exit 1', async () => {
      const url = new URL(POSTGRES_URL);
      url.pathname = `/kefu_missing_${process.pid}`;
      expect(await migrateAt(url)).toEqual({
        code: 1,
        err: [
          `kefu: database "kefu_missing_${process.pid}" does not exist: create it (e.g. createdb), or fix the database in store.url`,
        ],
      });
    });

    it('migrate on a schema a newer release already moved on says what to do in one line, exit 1', async () => {
      // An operator who upgraded, then rolled the hub back: the old code must not write there.
      const ahead = `${schema}_ahead`;
      const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 1 });
      await pool.query(`CREATE SCHEMA ${ahead}`);
      await pool.query(
        `CREATE TABLE ${ahead}.kefu_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)`,
      );
      await pool.query(`INSERT INTO ${ahead}.kefu_migrations VALUES (${SCHEMA_VERSION + 1}, 'newer', 0)`);
      await pool.end();
      const cwd = await mkdtemp(join(tmpdir(), 'kefu-migrate-'));
      await writeFile(
        join(cwd, 'kefu.config.yaml'),
        `store: { url: "\${DATABASE_URL}", schema: ${ahead} }\nsites: [{ key: shop, origins: ["*"] }]\n`,
      );
      const err: string[] = [];
      const io = { out: () => {}, err: (l: string) => err.push(l), env: { DATABASE_URL: POSTGRES_URL }, cwd };
      expect(await runCli(['migrate'], io)).toBe(1);
      expect(err).toEqual([
        `kefu: schema ${ahead} is at version ${SCHEMA_VERSION + 1}; this Kefu knows up to ${SCHEMA_VERSION}: ` +
          'a newer Kefu release migrated it; run that release (or restore the backup from before the upgrade), or set store.schema to another schema',
      ]);
    });

    it('api-key create stores a key a hub on the same config accepts; list shows it, revoke ends it', async () => {
      const cwd = await mkdtemp(join(tmpdir(), 'kefu-keys-'));
      await writeFile(
        join(cwd, 'kefu.config.yaml'),
        `store: { url: "\${DATABASE_URL}", schema: ${schema} }\nsites: [{ key: shop, origins: ["*"] }]\n`,
      );
      const out: string[] = [];
      const err: string[] = [];
      const io = {
        out: (l: string) => out.push(l),
        err: (l: string) => err.push(l),
        env: { DATABASE_URL: POSTGRES_URL },
        cwd,
      };
      expect(await runCli(['api-key', 'create', '--name', 'crm sync', '--scopes', 'read'], io)).toBe(0);
      const key = out.pop()!;
      expect(key).toMatch(/^kefu_[A-Za-z0-9]+_[\w-]{43}$/);
      expect(err.pop()).toMatch(/stored in the postgres store; the key above is shown once/);
      const id = key.split('_')[1]!;

      const kefu = await createHubFromConfig(await loadConfig(join(cwd, 'kefu.config.yaml'), io.env), {
        logger: silentLogger,
      });
      try {
        const { url } = await kefu.hub.listen({ port: 0 });
        const list = () =>
          fetch(`${url.replace('ws', 'http')}/api/v1/conversations`, {
            headers: { authorization: `Bearer ${key}` },
          });
        expect((await list()).status).toBe(200);
        expect(await runCli(['api-key', 'list'], io)).toBe(0);
        expect(out.pop()).toBe(`${id}\tcrm sync\tread\tactive`);
        expect(await runCli(['api-key', 'revoke', id], io)).toBe(0);
        expect((await list()).status).toBe(401);
        expect(await runCli(['api-key', 'list'], io)).toBe(0);
        expect(out.pop()).toBe(`${id}\tcrm sync\tread\trevoked`);
        expect(await runCli(['api-key', 'revoke', 'nope'], io)).toBe(1);
        expect(err.pop()).toBe(
          'kefu: no API key nope in this store: `kefu api-key list` shows the ids there are',
        );
      } finally {
        await kefu.close();
      }
    });
  },
);
