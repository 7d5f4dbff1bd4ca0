/**
 * A server process for the load benchmark: the Kefu hub (validation, in-memory store, the
 * built-in understanding and an instant bot) or, for comparison, a bare `ws` echo server that
 * parses each frame and answers it. It reports its CPU time and RSS over IPC.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { GCProfiler, getHeapSpaceStatistics, getHeapStatistics, writeHeapSnapshot } from 'node:v8';
import { WebSocketServer } from 'ws';
import { createHub, createJsonLogger, type LogLevel, silentLogger } from '../packages/sdk/src/index.ts';
import { benchSchema } from './bench-schemas.ts';

const kind = process.argv[2] ?? 'hub';
let port: number;
/** Closes the hub (undefined for the bare server), before its PostgreSQL schema is dropped. */
let closeHub: (() => Promise<void>) | undefined;

/** The store behind the hub: memory (the foundation's figure), PGlite or PostgreSQL (issue 8's). */
async function store() {
  if (kind === 'hub-pglite') {
    const { createPgliteStore } = await import('../packages/sdk/src/store/pglite-store.ts');
    // As the CLI opens it: in a thread of its own, beside the hub's.
    return createPgliteStore({ dataDir: await mkdtemp(join(tmpdir(), 'kefu-bench-')), thread: true });
  }
  if (kind === 'hub-postgres') {
    const { createPostgresStore } = await import('../packages/sdk/src/store/postgres-store.ts');
    if (process.env.KEFU_BENCH_COUNT_QUERIES) await countQueries();
    return createPostgresStore({
      connectionString: process.env.KEFU_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test',
      schema: benchSchema(),
    });
  }
  return undefined;
}

/**
 * Statements sent to PostgreSQL (round trips), by their first words, from the first measurement
 * (the shoppers are connected) on: KEFU_BENCH_COUNT_QUERIES=1 prints them at exit.
 */
const queries = new Map<string, number>();
let countingSince: number | undefined;

async function countQueries() {
  const pg = (await import('pg')).default;
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
    const config = args[0] as string | { text?: string };
    const text = typeof config === 'string' ? config : (config.text ?? '');
    const shape = text
      .replace(/\s+/g, ' ')
      .replace(/"kefu_bench_\d+"\./g, '')
      .slice(0, 70);
    if (countingSince !== undefined) queries.set(shape, (queries.get(shape) ?? 0) + 1);
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;
}

if (kind !== 'bare') {
  const chosen = await store();
  const hub = createHub({
    ...(chosen ? { store: chosen } : {}),
    sites: [{ key: 'bench', origins: ['*'] }],
    agents: [],
    // KEFU_BENCH_LOG=warn (or error, info) shows the hub's own reports on stderr: a bench whose
    // figures look right can still be dropping work it reports only in its log.
    logger: process.env.KEFU_BENCH_LOG
      ? createJsonLogger({
          level: process.env.KEFU_BENCH_LOG as LogLevel,
          write: (line) => process.stderr.write(line),
        })
      : silentLogger,
    limits: {
      framesPerSecond: 100_000,
      frameBurst: 100_000,
      maxConnectionsPerIp: 100_000,
      maxConnectionsPerShopper: 100_000,
      conversationMessagesPerSecond: 100_000,
      conversationMessageBurst: 100_000,
      // Every shopper of the load generator connects from 127.0.0.1.
      newConversationsPerAddressPerMinute: 1_000_000,
      maxQueuedPerAddress: 1_000_000,
      maxBufferedBytes: 64 * 1024 * 1024,
    },
    answer: async (q) => ({ content: [{ kind: 'text', text: `echo: ${q.text}` }], confidence: 1 }),
  });
  port = (await hub.listen({ port: 0 })).port;
  closeHub = () => hub.close();
} else {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  let seq = 0;
  wss.on('connection', (ws) => {
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as {
        type: string;
        clientMsgId?: string;
        content?: { text: string };
      };
      if (frame.type === 'hello') ws.send(JSON.stringify({ v: 1, type: 'welcome' }));
      else if (frame.type === 'send') {
        seq++;
        ws.send(JSON.stringify({ v: 1, type: 'ack', clientMsgId: frame.clientMsgId, seq }));
        ws.send(
          JSON.stringify({
            v: 1,
            type: 'message',
            message: {
              seq,
              author: { kind: 'bot' },
              content: { kind: 'text', text: `echo: ${frame.content?.text}` },
            },
          }),
        );
      }
    });
  });
  await new Promise((r) => wss.once('listening', r));
  port = (wss.address() as { port: number }).port;
}

const heapProfile = await startAllocationProfile();
const promises = await countPromises();
process.send?.({ ready: port });
// The PostgreSQL run leaves nothing behind.
process.once('SIGTERM', async () => {
  // A hub still running when its schema goes reports every table it then misses.
  await closeHub?.().catch(() => {});
  if (kind === 'hub-postgres') {
    const pg = (await import('pg')).default;
    const pool = new pg.Pool({
      connectionString: process.env.KEFU_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test',
    });
    if (process.env.KEFU_BENCH_COUNT_QUERIES) {
      const { rows } = await pool.query(
        `SELECT author->>'kind' AS kind, count(*)::int AS n FROM ${benchSchema()}.messages
         WHERE created_at >= $1 GROUP BY 1`,
        [countingSince ?? 0],
      );
      const shopper = rows.find((r) => r.kind === 'shopper')?.n ?? 0;
      const total = [...queries.values()].reduce((a, b) => a + b, 0);
      console.log(
        `\n  statements to PostgreSQL: ${total} for ${shopper} shopper messages (${(total / Math.max(1, shopper)).toFixed(2)} each); messages by author: ${JSON.stringify(rows)}`,
      );
      for (const [shape, n] of [...queries].sort((a, b) => b[1] - a[1]).slice(0, 15))
        console.log(`  ${String(n).padStart(8)}  ${shape}`);
    }
    await pool.query(`DROP SCHEMA IF EXISTS ${benchSchema()} CASCADE`).catch(() => {});
    await pool.end();
  }
  await heapProfile?.();
  promises?.();
  process.exit(0);
});
// Where a latency tail can come from inside the server: its event loop's delay and its garbage
// collector's pauses, both since the last reading.
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
loopDelay.enable();
const gc = { count: 0, ms: 0, maxMs: 0, majorMs: 0 };
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const { detail } = entry as { detail?: { kind?: number; flags?: number } };
    // The bench's own global.gc() before a reading is not the load's.
    if ((detail?.flags ?? 0) & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED) continue;
    gc.count++;
    gc.ms += entry.duration;
    gc.maxMs = Math.max(gc.maxMs, entry.duration);
    if (detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) gc.majorMs += entry.duration;
  }
}).observe({ entryTypes: ['gc'] });

/**
 * Bytes the server has allocated on the JavaScript heap since it started: what the heap holds now,
 * less what it held at the start, plus what every collection freed (read from V8's GC profiler,
 * which reports only when stopped, so each reading stops it and starts it again).
 */
const heapAtStart = getHeapStatistics().used_heap_size;
let freedByCollections = 0;
let gcProfiler = new GCProfiler();
gcProfiler.start();
function allocatedBytes(): number {
  for (const { beforeGC, afterGC } of gcProfiler.stop()?.statistics ?? [])
    freedByCollections += beforeGC.heapStatistics.usedHeapSize - afterGC.heapStatistics.usedHeapSize;
  const used = getHeapStatistics().used_heap_size;
  gcProfiler = new GCProfiler();
  gcProfiler.start();
  return used - heapAtStart + freedByCollections;
}

process.on('message', async (msg: { measure?: boolean; gc?: boolean; snapshot?: string }) => {
  // A heap snapshot (see Server.snapshot): what the hub keeps, by constructor, in DevTools' Memory tab.
  if (msg.snapshot) process.send?.({ snapshot: writeHeapSnapshot(msg.snapshot) });
  if (msg.measure) {
    countingSince ??= Date.now();
    // CPU time and pauses are read before the forced collection, which is not part of the load
    // (a full collection of a large heap took 240 ms, charged to the step that ended with it).
    const cpu = process.cpuUsage();
    const allocated = allocatedBytes();
    const pauses = { ...gc };
    const loop = { p99Ms: loopDelay.percentile(99) / 1e6, maxMs: loopDelay.max / 1e6 };
    Object.assign(gc, { count: 0, ms: 0, maxMs: 0, majorMs: 0 });
    if (msg.gc !== false && global.gc) {
      global.gc();
      // V8 gives the freed pages back to the system from a background task, some 100 ms after
      // the collection: RSS read at once still counts them (365 MB at once, 324 MB 100 ms later,
      // in a test of 200 MB of garbage), most after a burst of garbage such as the connect ramp.
      await new Promise((r) => setTimeout(r, 250));
    }
    // Reset after the forced collection: its pause (35-41 ms on the memory hub's heap at 5,000
    // msg/s) is no load's, and was read as the next step's loop stall.
    loopDelay.reset();
    const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
    const spaces = Object.fromEntries(
      getHeapSpaceStatistics().map((space) => [space.space_name, space.space_size]),
    );
    process.send?.({
      cpu,
      allocated,
      rss,
      heapUsed,
      heapTotal,
      external,
      spaces,
      gc: pauses,
      loop,
    });
  }
});

/**
 * KEFU_BENCH_HEAP_PROFILE=dir samples every allocation of the server, the ones the garbage
 * collector has taken since as well (what a CPU profile shows as GC time), and writes
 * dir/<kind>.<pid>.heapprofile when it stops; rank it with `tsx bench/heap-profile-top.ts`.
 * KEFU_BENCH_HEAP_PROFILE_SURVIVORS=1 leaves out what a scavenge took: what is left survived the
 * young generation (was copied, then promoted), the bytes a scavenge's pause is made of.
 */
async function startAllocationProfile(): Promise<(() => Promise<void>) | undefined> {
  const dir = process.env.KEFU_BENCH_HEAP_PROFILE;
  if (!dir) return undefined;
  const { Session } = await import('node:inspector/promises');
  const { mkdir, writeFile } = await import('node:fs/promises');
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 4096,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: !process.env.KEFU_BENCH_HEAP_PROFILE_SURVIVORS,
  });
  return async () => {
    const { profile } = await session.post('HeapProfiler.stopSampling');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, `${kind}.${process.pid}.heapprofile`), JSON.stringify(profile));
  };
}

/**
 * KEFU_BENCH_COUNT_PROMISES=1 counts the promises the server makes (V8's promise hooks) and prints
 * the count on stderr at exit: a measure of the message path's work that a busy machine does not
 * change (each promise is an object, a reaction and a turn; the memory hub made ~32 per shopper
 * message on 2026-12-07). `=sites` also samples where they are made (one in 37, by its stack),
 * with the hooks' own cost: read the count from a run without it.
 */
async function countPromises(): Promise<(() => void) | undefined> {
  const mode = process.env.KEFU_BENCH_COUNT_PROMISES;
  if (!mode) return undefined;
  const { promiseHooks } = await import('node:v8');
  let made = 0;
  const sites = new Map<string, number>();
  const SAMPLE = 37;
  if (mode === 'sites') Error.stackTraceLimit = 12;
  promiseHooks.onInit(() => {
    if (++made % SAMPLE !== 0 || mode !== 'sites') return;
    const stack = (new Error().stack ?? '').split('\n').slice(2, 9);
    const site = stack
      .map((line) =>
        line
          .trim()
          .replace(/^at /, '')
          .replace(/\(.*\/(src|lib)\//, '('),
      )
      .join(' < ');
    sites.set(site, (sites.get(site) ?? 0) + 1);
  });
  return () => {
    process.stderr.write(`promises made: ${made}\n`);
    for (const [site, n] of [...sites].sort((a, b) => b[1] - a[1]).slice(0, 40))
      process.stderr.write(`${String(n * SAMPLE).padStart(9)}  ${site}\n`);
  };
}
