import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMemoryStore } from '../packages/sdk/src/store/memory-store.ts';
import { pgliteSeed } from '../packages/sdk/src/store/pglite-seed.ts';
import { createPgliteStore } from '../packages/sdk/src/store/pglite-store.ts';
import { createPostgresStore } from '../packages/sdk/src/store/postgres-store.ts';
import type { Store } from '../packages/sdk/src/store/store.ts';
import { POSTGRES_URL, postgresMissing } from '../test/servers.ts';

/**
 * Store benchmark: appendMessage throughput and latency on memory, PGlite and PostgreSQL, and
 * what the embedded default costs to start (fresh, from an existing dataDir, from a dump) and
 * in memory. The load is what a hub under chat traffic does: many conversations at once, each
 * appending its messages one after another, every message with a clientMsgId.
 */
const CONVERSATIONS = 20;
const MESSAGES_EACH = 100;

export async function runStoreBench(): Promise<Record<string, number>> {
  const figures: Record<string, number> = {};
  const mb = (bytes: number) => round(bytes / 2 ** 20);
  figures.baseline_rss_mb = mb(process.memoryUsage().rss);

  // Start-up first, before other engines grow the heap, so the RSS figure is PGlite's.
  let t = performance.now();
  const fresh = await createPgliteStore();
  figures.pglite_start_fresh_ms = round(performance.now() - t);
  figures.pglite_rss_mb = mb(process.memoryUsage().rss);
  await fresh.close();

  const seed = await pgliteSeed();
  const dataDir = await mkdtemp(join(tmpdir(), 'kefu-bench-'));
  try {
    await (await createPgliteStore({ dataDir, loadDataDir: seed })).close();
    t = performance.now();
    const reopened = await createPgliteStore({ dataDir });
    figures.pglite_start_existing_datadir_ms = round(performance.now() - t);
    await reopened.close();
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
  t = performance.now();
  const fromDump = await createPgliteStore({ loadDataDir: seed });
  figures.pglite_start_from_dump_ms = round(performance.now() - t);
  Object.assign(figures, prefixed('pglite', await appendLoad(fromDump)));
  figures.pglite_rss_after_load_mb = mb(process.memoryUsage().rss);
  await fromDump.close();

  Object.assign(figures, prefixed('memory', await appendLoad(createMemoryStore())));

  const missing = await postgresMissing().catch((error: Error) => error.message);
  if (!missing) {
    // `pg` is the SDK's dependency, not the root's: resolve it from there.
    const { Pool } = createRequire(new URL('../packages/sdk/package.json', import.meta.url))(
      'pg',
    ) as typeof import('pg');
    const pool = new Pool({ connectionString: POSTGRES_URL, max: 10 });
    const schema = `kefu_bench_${process.pid}`;
    try {
      const store = await createPostgresStore({ pool, schema });
      Object.assign(figures, prefixed('postgres', await appendLoad(store)));
      await store.close();
    } finally {
      await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await pool.end();
    }
  }
  return figures;
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

const prefixed = (engine: string, figures: Record<string, number>) =>
  Object.fromEntries(Object.entries(figures).map(([k, v]) => [`${engine}_${k}`, v]));

const round = (n: number) => Math.round(n * 100) / 100;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await runStoreBench(), null, 2));
}
