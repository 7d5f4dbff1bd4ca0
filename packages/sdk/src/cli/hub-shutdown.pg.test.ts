import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Message } from '@kefu/protocol';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { kefuCli } from '../../../../test/kefu-cli.ts';
import { POSTGRES_URL, postgresMissing } from '../../../../test/servers.ts';
import { printed } from '../../../../test/spawned-output.ts';
import { createShopperClient } from '../client/index.ts';
import { track } from '../testing/started.ts';
import { until } from '../testing/until.ts';

const ORIGIN = 'https://shop.example';
const missing = await postgresMissing();
const schemas: string[] = [];
const children: ChildProcess[] = [];
const lockers: pg.Client[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const locker of lockers.splice(0)) await locker.end();
});
afterAll(async () => {
  if (missing) return;
  const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 1 });
  for (const schema of schemas) await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await pool.end();
});

/**
 * `kefu hub` on PostgreSQL with a shopper's message write stuck behind a lock another session
 * holds: what a hung database looks like to the hub when SIGTERM comes.
 */
async function hubWithStuckWrite(shutdownTimeoutMs: number) {
  const schema = `kefu_stop${process.pid}_${Date.now().toString(36)}_${schemas.length}`;
  schemas.push(schema);
  const dir = await mkdtemp(join(tmpdir(), 'kefu-stop-'));
  await writeFile(
    join(dir, 'kefu.config.yaml'),
    [
      'listen: { port: 0 }',
      `store: { url: "${POSTGRES_URL}", schema: ${schema} }`,
      `sites: [{ key: shop, origins: ["${ORIGIN}"] }]`,
      `shutdownTimeoutMs: ${shutdownTimeoutMs}`,
      'log: { level: error }',
    ].join('\n'),
  );
  const child = spawn(process.execPath, [...kefuCli(), 'hub', '--config', join(dir, 'kefu.config.yaml')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const { found: url, output } = await printed(child, /listening on (ws:\/\/[\d.]+:\d+)/);

  const messages: Message[] = [];
  const shopper = track(
    createShopperClient({ url, siteKey: 'shop', WebSocket, origin: ORIGIN, locale: 'en' }),
  );
  shopper.on('message', (m) => messages.push(m));
  shopper.connect();
  shopper.send('first');
  await until(() => messages.length > 0, 'the first message stored');

  const locker = new pg.Client({ connectionString: POSTGRES_URL });
  lockers.push(locker);
  await locker.connect();
  const { rows } = await locker.query<{ t: string }>(
    `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = $1`,
    [schema],
  );
  // NOWAIT, retried: the hub may still be writing the first message's answer and events, and a
  // lock that waited on those tables while holding others could deadlock with it (it did, on a
  // busy machine: 'deadlock detected').
  const tables = rows.map((r) => `${schema}."${r.t}"`).join(', ');
  for (let tries = 0; ; tries++) {
    await locker.query('BEGIN');
    try {
      await locker.query(`LOCK TABLE ${tables} IN ACCESS EXCLUSIVE MODE NOWAIT`);
      break;
    } catch (error) {
      if ((error as { code?: string }).code !== '55P03' || tries > 3000) throw error;
      await locker.query('ROLLBACK');
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  shopper.send('second');
  const waiting = async () =>
    (
      await locker.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
      )
    ).rows[0]!.n > 0;
  let stuck = false;
  let asking = false;
  await until(() => {
    if (!asking) {
      asking = true;
      void waiting().then((w) => {
        stuck = w;
        asking = false;
      });
    }
    return stuck;
  }, 'the hub waiting on the lock');
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, output, exited };
}

describe.skipIf(missing !== null)(
  missing ? `kefu hub shutdown (skipped: ${missing})` : 'kefu hub shutdown',
  () => {
    it('exits 1 naming what it waited for when a stuck database outlasts shutdownTimeoutMs', async () => {
      const hub = await hubWithStuckWrite(300);
      hub.child.kill('SIGTERM');
      expect(await hub.exited).toBe(1);
      expect(hub.output()).toMatch(/kefu: SIGTERM: closing the hub \(up to 300 ms/);
      expect(hub.output()).toMatch(
        /kefu: shutdown did not finish within 300 ms \(shutdownTimeoutMs\), still waiting for conversation writes: exiting 1/,
      );
    });

    it('exits at once on a second signal', async () => {
      const hub = await hubWithStuckWrite(600_000);
      hub.child.kill('SIGTERM');
      await until(() => hub.output().includes('closing the hub'), 'the first signal seen');
      hub.child.kill('SIGINT');
      expect(await hub.exited).toBe(1);
      expect(hub.output()).toMatch(/kefu: SIGINT again: exiting now, still waiting for conversation writes/);
    });
  },
);
