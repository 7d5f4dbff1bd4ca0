import { monitorEventLoopDelay } from 'node:perf_hooks';
import { describeGoal, type Goal, goal, goalTable, loadAverage } from './goals.ts';
import {
  connectShoppers,
  disconnect,
  fmt,
  paceSends,
  percentile,
  reachable,
  type Server,
  type ServerKind,
  type Shopper,
  startServer,
} from './load-generator.ts';

/**
 * The hub under load, beside a bare `ws` echo server under the same load: N shoppers send small
 * messages and wait for the bot's reply. Prints sustained msg/s with p99 ≤ 100 ms, latency at
 * the rates, server CPU µs per message, the hub/bare ratio, RSS per idle connection and
 * the machine's load around each run; each goal beside its figure, and all of them in a table
 * at the end.
 */

/** One answered message: its latency, and when it was sent (performance.now()). */
interface Reply {
  ms: number;
  sentAt: number;
}

/** The first part of a step, where a tail left by the step before (or by its start) would show. */
const EARLY_S = 0.5;

/**
 * Of the replies at or over the step's p99, the share sent in its first EARLY_S seconds (a sixth of
 * a 3 s step): far above a sixth, the tail is the step's start, not its rate.
 */
function earlyShare(replies: readonly Reply[], p99: number, start: number): number {
  const slow = replies.filter((r) => r.ms >= p99);
  return slow.filter((r) => r.sentAt - start < EARLY_S * 1000).length / Math.max(1, slow.length);
}

/** Offers `rate` msg/s for `seconds`, spread over the shoppers; returns latency percentiles and achieved rate. */
async function offer(server: Server, shoppers: Shopper[], latencies: Reply[], rate: number, seconds: number) {
  latencies.length = 0;
  const total = Math.round(rate * seconds);
  const cpuBefore = (await server.measure()).cpuUs;
  // The generator shares the machine: its own event-loop delay and CPU say whether its receive
  // timestamps are honest (a late loop stamps answers late).
  const ownLoop = monitorEventLoopDelay({ resolution: 1 });
  ownLoop.enable();
  const ownCpuBefore = process.cpuUsage();
  const start = performance.now();
  const sendSeconds = await paceSends(shoppers, total, rate);
  const deadline = performance.now() + 10_000;
  while (latencies.length < total && performance.now() < deadline)
    await new Promise((r) => setTimeout(r, 10));
  const elapsed = (performance.now() - start) / 1000;
  ownLoop.disable();
  const ownCpu = process.cpuUsage(ownCpuBefore);
  const after = await server.measure();
  const sorted = latencies.map((r) => r.ms).sort((a, b) => a - b);
  const p99 = latencies.length < total ? Number.POSITIVE_INFINITY : percentile(sorted, 99);
  return {
    hubGc: after.gc,
    hubLoop: after.loop,
    generatorLoop: { p99Ms: ownLoop.percentile(99) / 1e6, maxMs: ownLoop.max / 1e6 },
    generatorCpuUsPerMessage: (ownCpu.user + ownCpu.system) / Math.max(1, latencies.length),
    replied: latencies.length,
    total,
    achieved: latencies.length / elapsed,
    served: servedRate(rate, seconds, sendSeconds, latencies.length, total),
    p50: percentile(sorted, 50),
    p99,
    earlyTail: earlyShare(latencies, p99, start),
    cpuUsPerMessage: (after.cpuUs - cpuBefore) / Math.max(1, latencies.length),
  };
}

/**
 * The rate a step shows the server keeps up with: every message answered, sent at the step's rate
 * (the generator within 1 % of its schedule) — then the offered rate itself, whatever the last
 * answers' latency (p99 bounds that); otherwise what was answered per second of sending. The
 * `achieved` column counts the drain of the last answers too, so it stays just under the offered
 * rate at every step (6,000 answers in 3 s plus a 60 ms tail read 1,960 at 2,000 msg/s).
 */
function servedRate(rate: number, seconds: number, sendSeconds: number, replied: number, total: number) {
  if (replied === total && sendSeconds <= seconds * 1.01) return rate;
  return replied / sendSeconds;
}

interface Row {
  rate: number;
  served: number;
  p50: number;
  p99: number;
  achieved: number;
  cpu: number;
  /** Where a tail may come from: the hub's GC pauses and loop delay, the generator's own. */
  tail: string;
}

async function loadRun(kind: ServerKind, shoppersCount: number, seconds: number) {
  const loadBefore = loadAverage();
  const server = await startServer(kind);
  const latencies: Reply[] = [];
  const shoppers = await connectShoppers(server.port, shoppersCount, {
    reply: (ms, sentAt) => latencies.push({ ms, sentAt }),
  });
  await offer(server, shoppers, latencies, kind.startsWith('hub-') ? 100 : 1000, 1); // warm-up
  // A persistent store writes every message to disk: its runs start lower.
  const steps =
    chosenSteps() ??
    (kind.startsWith('hub-')
      ? [100, 200, 300, 500, 750, 1000, 1500, 2000, 2500, 3000, 5000, 7500, 10_000]
      : [1000, 2000, 3000, 5000, 7500, 10_000, 15_000, 20_000, 30_000]);
  let sustained = 0;
  const rows: Row[] = [];
  for (const rate of steps) {
    const r = await offer(server, shoppers, latencies, rate, seconds);
    const tail = [
      `GC ${r.hubGc.count}× ${fmt(r.hubGc.ms, 0)} ms (max ${fmt(r.hubGc.maxMs)}, major ${fmt(r.hubGc.majorMs, 0)})`,
      `loop p99/max ${fmt(r.hubLoop.p99Ms)}/${fmt(r.hubLoop.maxMs)}`,
      `gen loop ${fmt(r.generatorLoop.p99Ms)}/${fmt(r.generatorLoop.maxMs)}, ${fmt(r.generatorCpuUsPerMessage, 0)} µs/msg`,
      `slowest 1 % sent in the first ${EARLY_S} s: ${fmt(r.earlyTail * 100, 0)} %`,
    ].join(' | ');
    rows.push({
      rate,
      served: r.served,
      p50: r.p50,
      p99: r.p99,
      achieved: r.achieved,
      cpu: r.cpuUsPerMessage,
      tail,
    });
    if (r.p99 <= 100) sustained = Math.max(sustained, Math.round(r.served));
    else break;
  }
  disconnect(shoppers);
  await server.stop();
  return { kind, sustained, rows, loadBefore, loadAfter: loadAverage() };
}

type LoadRun = Awaited<ReturnType<typeof loadRun>>;

async function idleRss(connections: number) {
  const server = await startServer('hub', 'hub-idle');
  const before = (await server.measure()).rss;
  const shoppers = await connectShoppers(server.port, connections, { reply: () => {} });
  await new Promise((r) => setTimeout(r, 500));
  const after = (await server.measure()).rss;
  disconnect(shoppers);
  await server.stop();
  return { connections, perConnectionKB: (after - before) / connections / 1024, before, after };
}

const LABELS: Record<ServerKind, string> = {
  bare: 'bare ws echo (JSON parse + reply)',
  hub: 'Kefu hub (validation, memory store, understanding, bot reply)',
  'hub-pglite': 'Kefu hub on PGlite (embedded store)',
  'hub-postgres': 'Kefu hub on PostgreSQL',
};

const SHORT: Record<ServerKind, string> = {
  bare: 'bare ws',
  hub: 'hub, memory store',
  'hub-pglite': 'hub, PGlite',
  'hub-postgres': 'hub, PostgreSQL',
};

export async function runHubBench(
  options: { shoppers?: number; seconds?: number; idleConnections?: number } = {},
) {
  const shoppers = options.shoppers ?? 1000;
  const seconds = options.seconds ?? 3;
  const results: Record<string, number> = {};
  const goals: Goal[] = [];
  const chosen = chosenKinds();
  const kinds: ServerKind[] = chosen ?? ['bare', 'hub', 'hub-pglite'];
  if (!chosen && (await reachable(5432))) kinds.push('hub-postgres');
  else if (!chosen) console.log('\n(PostgreSQL not reachable on 127.0.0.1:5432: its run is skipped)');
  const runs = new Map<ServerKind, LoadRun>();
  for (const kind of kinds) {
    const run = await loadRun(kind, shoppers, seconds);
    runs.set(kind, run);
    console.log(`\n${LABELS[kind]} — ${shoppers} shoppers, ${seconds} s per step`);
    console.log(`  load average (1 / 5 / 15 min) at start: ${run.loadBefore}`);
    console.log(
      '  offered msg/s | answered/s incl. drain | p50 ms | p99 ms | server CPU µs/msg | hub GC pauses, hub loop delay ms, generator loop delay ms and CPU',
    );
    for (const r of run.rows) {
      console.log(
        `  ${String(r.rate).padStart(13)} | ${fmt(r.achieved, 0).padStart(8)} | ${fmt(r.p50).padStart(6)} | ${fmt(r.p99).padStart(6)} | ${fmt(r.cpu, 0).padStart(17)} | ${r.tail}`,
      );
    }
    console.log(
      `  sustained (highest step answered in full at its rate, p99 ≤ 100 ms): ${run.sustained} msg/s`,
    );
    console.log(`  load average at end: ${run.loadAfter}`);
    results[`${kind}.sustainedMsgPerSec`] = run.sustained;
    const at5000 = run.rows.find((r) => r.rate === 5000);
    if (at5000) {
      results[`${kind}.p50At5000Ms`] = at5000.p50;
      results[`${kind}.p99At5000Ms`] = at5000.p99;
    }
    const last = run.rows.at(-1);
    if (last) results[`${kind}.p99AtLastStepMs`] = last.p99;
    for (const g of goalsOf(run)) {
      goals.push(g);
      console.log(`  ${describeGoal(g)}`);
    }
  }
  const bare = runs.get('bare');
  const hub = runs.get('hub');
  if (bare && hub) {
    goals.push(compare(bare, hub, results));
    // The yardstick for the < 5 ms goal: the echo server's own tail on this machine, in this run.
    const p99 = (run: LoadRun) => run.rows.find((r) => r.rate === 5000)?.p99;
    const [bareP99, hubP99] = [p99(bare), p99(hub)];
    if (bareP99 !== undefined && hubP99 !== undefined)
      console.log(`p99 at 5,000 msg/s: hub, memory store ${fmt(hubP99)} ms; bare ws ${fmt(bareP99)} ms`);
  }
  // The idle figure is the memory hub's; a run of other servers only leaves it out.
  if (kinds.includes('hub')) {
    const idle = await idleRss(options.idleConnections ?? 10_000);
    results.rssPerIdleConnectionKB = idle.perConnectionKB;
    console.log(
      `RSS per idle shopper connection at ${idle.connections}: ${fmt(idle.perConnectionKB)} KB (hub RSS ${fmt(idle.before / 2 ** 20)} → ${fmt(idle.after / 2 ** 20)} MB)`,
    );
    const g = goal('idle shopper connection, RSS', idle.perConnectionKB, { atMost: 20 }, 'KB');
    goals.push(g);
    console.log(describeGoal(g));
  }
  console.log(`\nSummary (${shoppers} shoppers, ${seconds} s per step)\n`);
  console.log(serverTable([...runs.values()]));
  console.log('');
  console.log(goalTable(goals));
  results.goalsMet = goals.filter((g) => g.met).length;
  results.goalsNotMet = goals.length - results.goalsMet;
  return results;
}

/** The goals for one server's run (bare ws has none: it is the yardstick). */
function goalsOf(run: LoadRun): Goal[] {
  const stopped = `the run stopped at ${(run.rows.at(-1)?.rate ?? 0).toLocaleString('en-US')} msg/s (p99 over 100 ms)`;
  const p99At = (rate: number) => run.rows.find((r) => r.rate === rate)?.p99;
  switch (run.kind) {
    case 'hub':
      return [goal('hub, memory store: p99 at 5,000 msg/s', p99At(5000), { below: 5 }, 'ms', stopped)];
    case 'hub-pglite':
      return [goal('hub on PGlite: sustained', run.sustained, { atLeast: 2000 }, 'msg/s')];
    case 'hub-postgres':
      return [
        goal('hub on PostgreSQL: sustained', run.sustained, { atLeast: 5000 }, 'msg/s'),
        goal('hub on PostgreSQL: p99 at 2,000 msg/s', p99At(2000), { below: 50 }, 'ms', stopped),
      ];
    default:
      return [];
  }
}

function compare(bare: LoadRun, hub: LoadRun, results: Record<string, number>): Goal {
  results.hubToBareRatio = hub.sustained / Math.max(1, bare.sustained);
  const g = goal(
    'hub, memory store / bare ws, sustained',
    results.hubToBareRatio * 100,
    { atLeast: 50 },
    '%',
  );
  console.log(`\n${describeGoal(g)}`);
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
  return g;
}

/** One line per server: what it sustained, its CPU per message there, and the machine's load. */
function serverTable(runs: readonly LoadRun[]): string {
  const lines = [
    '| server | sustained msg/s | CPU µs/msg at that step | load at start | load at end |',
    '|---|---|---|---|---|',
  ];
  for (const run of runs) {
    const best = run.rows.filter((r) => r.p99 <= 100).at(-1);
    lines.push(
      `| ${SHORT[run.kind]} | ${run.sustained.toLocaleString('en-US')} | ${best ? fmt(best.cpu, 0) : '—'} | ${run.loadBefore} | ${run.loadAfter} |`,
    );
  }
  return lines.join('\n');
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

/** The offered rates, when not the usual ladder: KEFU_BENCH_STEPS=1000,5000 (each step as long as usual). */
function chosenSteps(): number[] | undefined {
  const listed = process.env.KEFU_BENCH_STEPS?.split(',').map(Number);
  if (!listed) return undefined;
  if (listed.some((n) => !(n > 0))) throw new Error('KEFU_BENCH_STEPS: positive rates, comma-separated');
  return listed;
}
