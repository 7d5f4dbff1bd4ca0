import { type ChildProcess, fork } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

/**
 * What the hub benchmarks share: a server process (hub-server.ts) to load, shoppers connected to
 * it over WebSocket, and their messages timed from send to the bot's answer.
 */

export type ServerKind = 'hub' | 'bare' | 'hub-pglite' | 'hub-postgres';

/** What the server reports of itself; pauses and delays are since its previous report. */
export interface Measurement {
  cpuUs: number;
  /** Bytes allocated on the JavaScript heap since the server started (garbage included). */
  allocated: number;
  rss: number;
  /** The JavaScript heap: in use, and reserved (what RSS holds of it). */
  heapUsed: number;
  heapTotal: number;
  /** Memory outside the heap held by JavaScript objects (socket buffers, say). */
  external: number;
  /** Bytes reserved by each space of the heap (new_space, old_space, …). */
  spaces: Record<string, number>;
  /** Garbage-collection pauses: how many, their total and longest, and the mark-compact total. */
  gc: { count: number; ms: number; maxMs: number; majorMs: number };
  /** The server's event-loop delay (how late a due callback ran), p99 and max. */
  loop: { p99Ms: number; maxMs: number };
}

export interface Server {
  child: ChildProcess;
  port: number;
  /**
   * The server's CPU time so far and its RSS. `gc` (the default) collects garbage first, so RSS
   * figures compare; a periodic reading under load passes false, not to pause the server.
   */
  measure(options?: { gc?: boolean }): Promise<Measurement>;
  /** Writes a heap snapshot of the server to `file` (the server collects garbage first) and resolves with its path. */
  snapshot(file: string): Promise<string>;
  /** Asks the server to exit (SIGTERM) and resolves once it has: a CPU profile is written on exit. */
  stop(): Promise<void>;
}

/**
 * KEFU_BENCH_PROFILE=dir writes V8 CPU profiles of each server process into dir/<run>/, one per
 * thread (Node's default names end in `.<pid>.<thread>.<n>.cpuprofile`: thread 0 is the hub's, the
 * others tsx's loader). Open one in Chrome DevTools, or `tsx bench/cpu-profile-top.ts <file>`.
 */
function profileArgs(run: string): string[] {
  const dir = process.env.KEFU_BENCH_PROFILE;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${join(dir, run)}`] : [];
}

/**
 * The servers run as README's "Running in production" says to run a hub: with a young generation of
 * 32 MB a semi-space. In alternating runs of the memory hub (2026-12-07, three rounds each, steps
 * 5,000/7,500/10,000) it sustained 10,000 msg/s in all three rounds, p99 at 5,000 7.3/15.3/5.7 ms;
 * V8's default (16) 7,500/10,000/5,000 and 15.0/15.9/32.1 ms; 64 7,500/10,000/7,500 and
 * 38.0/19.6/59.2 ms (fewer scavenges, but major collections of up to 130 ms).
 */
const DEFAULT_SERVER_FLAGS = ['--max-semi-space-size=32'];

/** KEFU_BENCH_SERVER_FLAGS="--trace-gc": more Node or V8 flags for the server processes (a flag given again wins). */
function serverFlags(): string[] {
  return [
    ...DEFAULT_SERVER_FLAGS,
    ...(process.env.KEFU_BENCH_SERVER_FLAGS?.split(' ').filter(Boolean) ?? []),
  ];
}

export async function startServer(kind: ServerKind, run: string = kind): Promise<Server> {
  const child = fork(fileURLToPath(new URL('./hub-server.ts', import.meta.url)), [kind], {
    execArgv: [
      '--import',
      'tsx',
      '--conditions=source',
      '--expose-gc',
      ...profileArgs(run),
      ...serverFlags(),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { ready: number }) => resolve(m.ready));
    child.once('exit', (code) =>
      reject(new Error(`the ${kind} server exited (${code}) before it was ready`)),
    );
  });
  return {
    child,
    port,
    measure: ({ gc = true } = {}) =>
      new Promise((resolve) => {
        child.once('message', (m: Omit<Measurement, 'cpuUs'> & { cpu: NodeJS.CpuUsage }) => {
          const { cpu, ...rest } = m;
          resolve({ cpuUs: cpu.user + cpu.system, ...rest });
        });
        child.send({ measure: true, gc });
      }),
    snapshot: (file) =>
      new Promise((resolve) => {
        child.once('message', (m: { snapshot: string }) => resolve(m.snapshot));
        child.send({ snapshot: file });
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export interface Shopper {
  ws: WebSocket;
  /** Messages sent and not answered yet: clientMsgId → when it was sent (performance.now()). */
  pending: Map<string, number>;
}

export interface ShopperListener {
  /** The bot answered one of this shopper's messages, `latencyMs` after it was sent (at `sentAt`, performance.now()). */
  reply(latencyMs: number, sentAt: number): void;
  /** An error frame from the hub, or the socket failed or closed while the run went on. */
  error?(what: string): void;
}

/**
 * Connects `n` shoppers (`batch` at a time), each through its hello to the welcome. Every
 * shopper's bot answers are reported to `listener` with their latency.
 */
export async function connectShoppers(
  port: number,
  n: number,
  listener: ShopperListener,
  batch = 200,
): Promise<Shopper[]> {
  const shoppers: Shopper[] = [];
  for (let start = 0; start < n; start += batch) {
    const made = await Promise.all(
      Array.from({ length: Math.min(batch, n - start) }, (_, i) => connectShopper(port, start + i, listener)),
    );
    shoppers.push(...made);
  }
  return shoppers;
}

function connectShopper(port: number, index: number, listener: ShopperListener): Promise<Shopper> {
  return new Promise<Shopper>((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/?site=bench`, { perMessageDeflate: false });
    const shopper: Shopper = { ws, pending: new Map() };
    let welcomed = false;
    ws.on('error', (error) => (welcomed ? listener.error?.(`socket: ${error.message}`) : reject(error)));
    ws.on('close', (code) => {
      if (welcomed && !closing.has(ws)) listener.error?.(`closed by the hub (${code})`);
    });
    ws.on('open', () =>
      ws.send(
        JSON.stringify({
          v: 1,
          type: 'hello',
          role: 'shopper',
          siteKey: 'bench',
          deviceId: `bench-${index}`,
        }),
      ),
    );
    ws.on('message', (data) => {
      const text = data.toString();
      if (!welcomed && text.includes('"welcome"')) {
        welcomed = true;
        return resolve(shopper);
      }
      if (text.includes('"type":"error"')) {
        listener.error?.(`error frame: ${/"code":"(\w+)"/.exec(text)?.[1] ?? 'unknown'}`);
        return;
      }
      if (!text.includes('"message"') || !text.includes('echo: ')) return;
      const id = /echo: (\w+)/.exec(text)?.[1];
      const sent = id ? shopper.pending.get(id) : undefined;
      if (sent === undefined || !id) return;
      shopper.pending.delete(id);
      listener.reply(performance.now() - sent, sent);
    });
  });
}

/** Sockets the bench itself is closing: their close is not an error. */
const closing = new WeakSet<WebSocket>();

export function disconnect(shoppers: readonly Shopper[]): void {
  for (const s of shoppers) {
    closing.add(s.ws);
    s.ws.terminate();
  }
}

/** Message ids stay unique across steps and runs: the hub de-duplicates by clientMsgId. */
let counter = 0;

/** Sends one text message from `shopper`; its answer comes back as `echo: <id>`. */
export function sendMessage(shopper: Shopper): void {
  const id = `m${counter++}`;
  shopper.pending.set(id, performance.now());
  shopper.ws.send(
    JSON.stringify({ v: 1, type: 'send', clientMsgId: id, content: { kind: 'text', text: id } }),
  );
}

/**
 * Sends `count` messages at `rate` msg/s, spread over `shoppers`; resolves with the seconds it took.
 * A timer, not setImmediate, between sends: spinning on setImmediate kept a whole core busy in the
 * generator, taken from the server it measures on a 2-core machine. Sends go out each millisecond
 * or so, a few at a time at these rates.
 */
export async function paceSends(shoppers: readonly Shopper[], count: number, rate: number): Promise<number> {
  const start = performance.now();
  let sent = 0;
  while (sent < count) {
    const due = Math.min(count, Math.floor(((performance.now() - start) / 1000) * rate));
    for (; sent < due; sent++) sendMessage(shoppers[sent % shoppers.length]!);
    await new Promise((r) => setTimeout(r, 1));
  }
  return (performance.now() - start) / 1000;
}

/**
 * Sends `count` messages at `rate` msg/s, spread over `shoppers`, and waits up to `waitMs` for every
 * answer (`answered` counts them): a fixed amount of work at a pace the server keeps up with.
 */
export async function sendAtRate(
  shoppers: readonly Shopper[],
  count: number,
  rate: number,
  answered: () => number,
  waitMs = 30_000,
): Promise<void> {
  const goal = answered() + count;
  await paceSends(shoppers, count, rate);
  const deadline = performance.now() + waitMs;
  while (answered() < goal && performance.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  if (answered() < goal) throw new Error(`${goal - answered()} messages unanswered`);
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function reachable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '—');
