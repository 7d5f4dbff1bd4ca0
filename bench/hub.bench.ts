import { type ChildProcess, fork } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

/**
 * The hub under load, beside a bare `ws` echo server under the same load: N shoppers send small
 * messages and wait for the bot's reply. Prints sustained msg/s with p99 ≤ 100 ms, latency at
 * 5,000 msg/s, server CPU µs per message, the hub/bare ratio, and RSS per idle connection.
 */

interface Server {
  child: ChildProcess;
  port: number;
  measure(): Promise<{ cpuUs: number; rss: number }>;
  /** Asks the server to exit (SIGTERM) and resolves once it has: a CPU profile is written on exit. */
  stop(): Promise<void>;
}

type ServerKind = 'hub' | 'bare' | 'hub-pglite' | 'hub-postgres';

/**
 * KEFU_BENCH_PROFILE=dir writes V8 CPU profiles of each server process into dir/<run>/, one per
 * thread (Node's default names end in `.<pid>.<thread>.<n>.cpuprofile`: thread 0 is the hub's, the
 * others tsx's loader). Open one in Chrome DevTools, or `tsx bench/cpu-profile-top.ts <file>`.
 */
function profileArgs(run: string): string[] {
  const dir = process.env.KEFU_BENCH_PROFILE;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${join(dir, run)}`] : [];
}

async function startServer(kind: ServerKind, run: string = kind): Promise<Server> {
  const child = fork(fileURLToPath(new URL('./hub-server.ts', import.meta.url)), [kind], {
    execArgv: ['--import', 'tsx', '--conditions=source', '--expose-gc', ...profileArgs(run)],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve) =>
    child.once('message', (m: { ready: number }) => resolve(m.ready)),
  );
  return {
    child,
    port,
    measure: () =>
      new Promise((resolve) => {
        child.once('message', (m: { cpu: NodeJS.CpuUsage; rss: number }) =>
          resolve({ cpuUs: m.cpu.user + m.cpu.system, rss: m.rss }),
        );
        child.send({ measure: true });
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

interface Shopper {
  ws: WebSocket;
  pending: Map<string, number>;
}

async function connectShoppers(
  port: number,
  n: number,
  onReply: (latencyMs: number) => void,
): Promise<Shopper[]> {
  const shoppers: Shopper[] = [];
  const batch = 200;
  for (let start = 0; start < n; start += batch) {
    const made = await Promise.all(
      Array.from(
        { length: Math.min(batch, n - start) },
        (_, i) =>
          new Promise<Shopper>((resolve, reject) => {
            const ws = new WebSocket(`ws://127.0.0.1:${port}/?site=bench`, { perMessageDeflate: false });
            const shopper: Shopper = { ws, pending: new Map() };
            ws.once('error', reject);
            ws.on('open', () =>
              ws.send(
                JSON.stringify({
                  v: 1,
                  type: 'hello',
                  role: 'shopper',
                  siteKey: 'bench',
                  deviceId: `bench-${start + i}`,
                }),
              ),
            );
            ws.on('message', (data) => {
              const text = data.toString();
              if (text.includes('"welcome"')) return resolve(shopper);
              if (!text.includes('"message"') || !text.includes('echo: ')) return;
              const id = /echo: (\w+)/.exec(text)?.[1];
              const sent = id ? shopper.pending.get(id) : undefined;
              if (sent === undefined || !id) return;
              shopper.pending.delete(id);
              onReply(performance.now() - sent);
            });
          }),
      ),
    );
    shoppers.push(...made);
  }
  return shoppers;
}

/** Message ids stay unique across steps: the hub de-duplicates by clientMsgId. */
let counter = 0;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Offers `rate` msg/s for `seconds`, spread over the shoppers; returns latency percentiles and achieved rate. */
async function offer(
  server: Server,
  shoppers: Shopper[],
  latencies: number[],
  rate: number,
  seconds: number,
) {
  latencies.length = 0;
  const total = Math.round(rate * seconds);
  const cpuBefore = (await server.measure()).cpuUs;
  const start = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
    for (; sent < due; sent++) {
      const shopper = shoppers[sent % shoppers.length]!;
      const id = `m${counter++}`;
      shopper.pending.set(id, performance.now());
      shopper.ws.send(
        JSON.stringify({ v: 1, type: 'send', clientMsgId: id, content: { kind: 'text', text: id } }),
      );
    }
    await new Promise((r) => setImmediate(r));
  }
  const deadline = performance.now() + 10_000;
  while (latencies.length < total && performance.now() < deadline)
    await new Promise((r) => setTimeout(r, 10));
  const elapsed = (performance.now() - start) / 1000;
  const cpuAfter = (await server.measure()).cpuUs;
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    replied: latencies.length,
    total,
    achieved: latencies.length / elapsed,
    p50: percentile(sorted, 50),
    p99: latencies.length < total ? Number.POSITIVE_INFINITY : percentile(sorted, 99),
    cpuUsPerMessage: (cpuAfter - cpuBefore) / Math.max(1, latencies.length),
  };
}

async function loadRun(kind: ServerKind, shoppersCount: number, seconds: number) {
  const server = await startServer(kind);
  const latencies: number[] = [];
  const shoppers = await connectShoppers(server.port, shoppersCount, (ms) => latencies.push(ms));
  await offer(server, shoppers, latencies, kind.startsWith('hub-') ? 100 : 1000, 1); // warm-up
  // A persistent store writes every message to disk: its runs start lower.
  const steps = kind.startsWith('hub-')
    ? [100, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000]
    : [1000, 2000, 3000, 5000, 7500, 10_000, 15_000, 20_000, 30_000];
  let sustained = 0;
  const rows: Array<{ rate: number; p50: number; p99: number; achieved: number; cpu: number }> = [];
  let at5000: Awaited<ReturnType<typeof offer>> | undefined;
  for (const rate of steps) {
    const r = await offer(server, shoppers, latencies, rate, seconds);
    rows.push({ rate, p50: r.p50, p99: r.p99, achieved: r.achieved, cpu: r.cpuUsPerMessage });
    if (rate === 5000) at5000 = r;
    if (r.p99 <= 100) sustained = Math.max(sustained, Math.round(r.achieved));
    else break;
  }
  for (const s of shoppers) s.ws.terminate();
  await server.stop();
  return { kind, sustained, rows, at5000 };
}

async function idleRss(connections: number) {
  const server = await startServer('hub', 'hub-idle');
  const before = (await server.measure()).rss;
  const shoppers = await connectShoppers(server.port, connections, () => {});
  await new Promise((r) => setTimeout(r, 500));
  const after = (await server.measure()).rss;
  for (const s of shoppers) s.ws.terminate();
  await server.stop();
  return { connections, perConnectionKB: (after - before) / connections / 1024, before, after };
}

function reachable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '—');

export async function runHubBench(
  options: { shoppers?: number; seconds?: number; idleConnections?: number } = {},
) {
  const shoppers = options.shoppers ?? 1000;
  const seconds = options.seconds ?? 3;
  const results: Record<string, number> = {};
  const labels: Record<ServerKind, string> = {
    bare: 'bare ws echo (JSON parse + reply)',
    hub: 'Kefu hub (validation, memory store, understanding, bot reply)',
    'hub-pglite': 'Kefu hub on PGlite (embedded store)',
    'hub-postgres': 'Kefu hub on PostgreSQL',
  };
  const chosen = chosenKinds();
  const kinds: ServerKind[] = chosen ?? ['bare', 'hub', 'hub-pglite'];
  if (!chosen && (await reachable(5432))) kinds.push('hub-postgres');
  else if (!chosen) console.log('\n(PostgreSQL not reachable on 127.0.0.1:5432: its run is skipped)');
  const runs = new Map<ServerKind, Awaited<ReturnType<typeof loadRun>>>();
  for (const kind of kinds) {
    const run = await loadRun(kind, shoppers, seconds);
    runs.set(kind, run);
    console.log(`\n${labels[kind]} — ${shoppers} shoppers, ${seconds} s per step`);
    console.log('  offered msg/s | achieved | p50 ms | p99 ms | server CPU µs/msg');
    for (const r of run.rows) {
      console.log(
        `  ${String(r.rate).padStart(13)} | ${fmt(r.achieved, 0).padStart(8)} | ${fmt(r.p50).padStart(6)} | ${fmt(r.p99).padStart(6)} | ${fmt(r.cpu, 0)}`,
      );
    }
    console.log(`  sustained with p99 ≤ 100 ms: ${run.sustained} msg/s`);
    results[`${kind}.sustainedMsgPerSec`] = run.sustained;
    if (run.at5000) {
      results[`${kind}.p50At5000Ms`] = run.at5000.p50;
      results[`${kind}.p99At5000Ms`] = run.at5000.p99;
    }
    const last = run.rows.at(-1);
    if (last) results[`${kind}.p99AtLastStepMs`] = last.p99;
  }
  const bare = runs.get('bare');
  const hub = runs.get('hub');
  if (bare && hub) compare(bare, hub, results);
  // The idle figure is the memory hub's; a run of other servers only leaves it out.
  if (kinds.includes('hub')) {
    const idle = await idleRss(options.idleConnections ?? 10_000);
    results.rssPerIdleConnectionKB = idle.perConnectionKB;
    console.log(
      `RSS per idle shopper connection at ${idle.connections}: ${fmt(idle.perConnectionKB)} KB (hub RSS ${fmt(idle.before / 2 ** 20)} → ${fmt(idle.after / 2 ** 20)} MB; goal ≤ 20 KB)`,
    );
  }
  return results;
}

type LoadRun = Awaited<ReturnType<typeof loadRun>>;

function compare(bare: LoadRun, hub: LoadRun, results: Record<string, number>): void {
  results.hubToBareRatio = hub.sustained / Math.max(1, bare.sustained);
  console.log(
    `\nhub / bare ws sustained throughput: ${fmt(results.hubToBareRatio * 100, 0)} % (goal ≥ 50 %)`,
  );
  // On a 2-core machine the load generator shares the CPU with the server: CPU per message at the
  // same offered rate is the fairer comparison.
  const common = hub.rows.filter((r) => bare.rows.some((b) => b.rate === r.rate)).at(-1);
  const bareCpu = bare.rows.find((b) => b.rate === common?.rate)?.cpu;
  if (common && bareCpu !== undefined) {
    results['hub.cpuUsPerMessage'] = common.cpu;
    results['bare.cpuUsPerMessage'] = bareCpu;
    results.bareToHubCpuRatio = bareCpu / common.cpu;
    console.log(
      `server CPU per message at ${common.rate} msg/s: hub ${fmt(common.cpu, 0)} µs, bare ${fmt(bareCpu, 0)} µs → on CPU the hub does ≈ ${fmt(results.bareToHubCpuRatio * 100, 0)} % of bare ws's work per core`,
    );
  }
}

const KIND_NAMES: Record<string, ServerKind> = {
  bare: 'bare',
  hub: 'hub',
  memory: 'hub',
  pglite: 'hub-pglite',
  'hub-pglite': 'hub-pglite',
  postgres: 'hub-postgres',
  'hub-postgres': 'hub-postgres',
};

/**
 * The servers to run, when not all: `pnpm bench hub memory bare` (names after the suite's) or
 * KEFU_BENCH_KINDS=bare,hub. The hub/bare comparison is printed when both run, the idle RSS when
 * the memory hub does.
 */
function chosenKinds(): ServerKind[] | undefined {
  const names = process.argv.slice(3);
  const listed = names.length > 0 ? names : process.env.KEFU_BENCH_KINDS?.split(',');
  if (!listed) return undefined;
  return listed.map((name) => {
    const kind = KIND_NAMES[name.trim()];
    if (!kind) throw new Error(`unknown server ${name}: choose from ${Object.keys(KIND_NAMES).join(', ')}`);
    return kind;
  });
}
