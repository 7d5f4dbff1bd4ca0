import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { createMemoryStore } from '../packages/sdk/src/store/memory-store.ts';
import { pgliteSeed } from '../packages/sdk/src/store/pglite-seed.ts';
import { createPgliteStore } from '../packages/sdk/src/store/pglite-store.ts';
import { createPostgresStore } from '../packages/sdk/src/store/postgres-store.ts';
import type { Store } from '../packages/sdk/src/store/store.ts';
import { POSTGRES_URL, postgresMissing } from '../test/servers.ts';
import { benchSchema } from './bench-schemas.ts';

/**
 * Store benchmark: appendMessage throughput and latency on memory, PGlite and PostgreSQL, and
 * what the embedded default costs to start (fresh, from an existing dataDir, from a dump) and
 * in memory. The load is what a hub under chat traffic does: many conversations at once, each
 * appending its messages one after another, every message with a clientMsgId. Then durable
 * timers: how fast three nodes drain a backlog of due timers (claim with a lease, finish by
 * compare-and-set), as after a hub was down through a busy hour.
 */
const CONVERSATIONS = 20;
const MESSAGES_EACH = 100;
const DUE_TIMERS = 3000;
const CLAIMERS = 3;
const CLAIM_BATCH = 100;

export async function runStoreBench(): Promise<Record<string, number>> {
  const figures: Record<string, number> = {};
  const seed = await pgliteSeed();
  const dir = await mkdtemp(join(tmpdir(), 'kefu-bench-'));
  try {
    // Start-up and RSS in a clean child process each, so nothing else in this one is counted.
    const seedFile = join(dir, 'seed.tar');
    await writeFile(seedFile, Buffer.from(await seed.arrayBuffer()));
    const dataDir = join(dir, 'data');
    await (await createPgliteStore({ dataDir, loadDataDir: seed })).close();
    for (const [key, env] of [
      ['fresh', { MODE: 'fresh' }],
      ['existing_datadir', { MODE: 'dir', DIR: dataDir }],
      ['existing_datadir_16mb_buffers', { MODE: 'dir', DIR: dataDir, CONF: 'shared_buffers = 16MB' }],
      ['from_dump', { MODE: 'dump', SEED: seedFile }],
    ] as const) {
      const { startMs, rssMb, baseRssMb } = await startInChild(env);
      figures[`pglite_start_${key}_ms`] = startMs;
      figures[`pglite_start_${key}_rss_mb`] = rssMb;
      figures.node_baseline_rss_mb = baseRssMb;
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  const pglite = await createPgliteStore({ loadDataDir: seed });
  Object.assign(figures, prefixed('pglite', await appendLoad(pglite)));
  Object.assign(figures, prefixed('pglite', await timerLoad(pglite)));
  await pglite.close();

  const memory = createMemoryStore();
  Object.assign(figures, prefixed('memory', await appendLoad(memory)));
  Object.assign(figures, prefixed('memory', await timerLoad(memory)));

  const missing = await postgresMissing().catch((error: Error) => error.message);
  if (!missing) {
    // `pg` is the SDK's dependency, not the root's: resolve it from there.
    const { Pool } = sdkRequire('pg') as typeof import('pg');
    const pool = new Pool({ connectionString: POSTGRES_URL, max: 10 });
    const schema = benchSchema();
    try {
      const store = await createPostgresStore({ pool, schema });
      Object.assign(figures, prefixed('postgres', await appendLoad(store)));
      Object.assign(figures, prefixed('postgres', await timerLoad(store)));
      await store.close();
    } finally {
      await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await pool.end();
    }
  }
  return figures;
}

const sdkRequire = createRequire(new URL('../packages/sdk/package.json', import.meta.url));

/** Opens PGlite in a new Node process (plain JS, no loader) and reports its time and RSS. */
async function startInChild(env: Record<string, string>) {
  const script = `
    import { readFileSync } from 'node:fs';
    const { PGlite } = await import(process.env.PGLITE_URL);
    const base = process.memoryUsage().rss;
    const options = {};
    if (process.env.MODE === 'dir') options.dataDir = process.env.DIR;
    if (process.env.MODE === 'dump') options.loadDataDir = new Blob([readFileSync(process.env.SEED)]);
    if (process.env.CONF) options.postgresqlconf = [process.env.CONF];
    const started = performance.now();
    const db = await PGlite.create(options);
    await db.query('SELECT 1');
    const startMs = performance.now() - started;
    console.log(JSON.stringify({ startMs, rss: process.memoryUsage().rss, base }));
    await db.close();`;
  const PGLITE_URL = pathToFileURL(sdkRequire.resolve('@electric-sql/pglite')).href.replace(/\.cjs$/, '.js');
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, ...env, PGLITE_URL },
  });
  const r = JSON.parse(stdout.trim().split('\n').at(-1)!) as { startMs: number; rss: number; base: number };
  return { startMs: round(r.startMs), rssMb: round(r.rss / 2 ** 20), baseRssMb: round(r.base / 2 ** 20) };
}

/** CONVERSATIONS shoppers typing at once, each message awaited before the next, as a client does. */
async function appendLoad(store: Store): Promise<Record<string, number>> {
  for (let c = 0; c < CONVERSATIONS; c++) {
    await store.createConversation({
      id: `c_${c}`,
      siteKey: 'bench',
      shopperId: `s_${c}`,
      state: { status: 'bot' },
      createdAt: c,
    });
  }
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONVERSATIONS }, async (_, c) => {
      for (let i = 0; i < MESSAGES_EACH; i++) {
        const t = performance.now();
        await store.appendMessage({
          id: `m_${c}_${i}`,
          conversationId: `c_${c}`,
          clientMsgId: `k_${c}_${i}`,
          author: { kind: 'shopper' },
          content: { kind: 'text', text: `这件衣服有 M 码吗？第 ${i} 条` },
          createdAt: 1_000 + i,
        });
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1_000;
  latencies.sort((a, b) => a - b);
  const at = (p: number) =>
    round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!);
  return {
    append_per_s: Math.round(latencies.length / seconds),
    append_p50_ms: at(0.5),
    append_p99_ms: at(0.99),
  };
}

/** DUE_TIMERS timers all due, drained by CLAIMERS nodes at once; each timer must run exactly once. */
async function timerLoad(store: Store): Promise<Record<string, number>> {
  for (let i = 0; i < DUE_TIMERS; i++)
    await store.putTimer({ key: `sla:c_${i}`, kind: 'sla', dueAt: i, data: { i } });
  const runs = new Map<string, number>();
  const claims: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLAIMERS }, async (_, n) => {
      for (;;) {
        const t = performance.now();
        const batch = await store.claimDueTimers(DUE_TIMERS, `node_${n}`, 30_000, CLAIM_BATCH);
        claims.push(performance.now() - t);
        if (batch.length === 0) return;
        for (const timer of batch)
          if (await store.updateTimer(timer.key, timer.version, null))
            runs.set(timer.key, (runs.get(timer.key) ?? 0) + 1);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1_000;
  claims.sort((a, b) => a - b);
  return {
    timers_fired_per_s: Math.round(runs.size / seconds),
    timers_claim_p50_ms: round(claims[Math.floor(claims.length / 2)]!),
    timers_claim_p99_ms: round(claims[Math.min(claims.length - 1, Math.floor(claims.length * 0.99))]!),
    timers_missed_or_doubled: DUE_TIMERS - runs.size + [...runs.values()].filter((n) => n !== 1).length,
  };
}

const prefixed = (engine: string, figures: Record<string, number>) =>
  Object.fromEntries(Object.entries(figures).map(([k, v]) => [`${engine}_${k}`, v]));

const round = (n: number) => Math.round(n * 100) / 100;
const run = promisify(execFile);

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await runStoreBench(), null, 2));
}
