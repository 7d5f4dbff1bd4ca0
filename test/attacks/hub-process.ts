/**
 * The attack suite's hub: a real hub in its own process (hub-child.ts), so an attack's cost in
 * memory and event-loop time is the hub's alone, measured from inside it.
 * @example
 * const hub = await startHubProcess({ options: { trustProxy: 1 } });
 * const ws = new WebSocket(`${hub.wsUrl}/?site=shop`, { headers: { origin: SHOP_ORIGIN } });
 * console.log(await hub.stats({ gc: true }));
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, inject, onTestFinished } from 'vitest';
import { POSTGRES_URL, postgresMissing } from '../servers.ts';
import type { ChildCommand, ChildConfig, ChildPlugins, ChildReply, HubStats } from './hub-protocol.ts';

export type { HubStats };

export const SHOP_ORIGIN = 'http://localhost:5173';
export const IDENTITY_SECRET = 'identity-secret-0123456789abcdef';
export const AGENTS = {
  alice: { id: 'alice', name: 'Alice', groups: ['general'], token: 'alice-token-7f3c9a1e5b2d8c4f6a0e' },
  bob: { id: 'bob', name: 'Bob', groups: ['general'], token: 'bob-token-2d8c4f6a0e7f3c9a1e5b' },
  sue: {
    id: 'sue',
    name: 'Sue',
    groups: ['general'],
    supervisor: true,
    token: 'sue-token-9a1e5b2d8c4f6a0e7f3c',
  },
} as const;

const DEFAULT_OPTIONS = {
  sites: [{ key: 'shop', origins: ['http://localhost:*'], identitySecret: IDENTITY_SECRET }],
  agents: Object.values(AGENTS),
};

export interface HubProcessOptions {
  /** Merged (shallowly) over the defaults: site `shop`, agents alice, bob and sue (supervisor). */
  options?: Record<string, unknown>;
  plugins?: ChildPlugins;
  /** 'postgres': a fresh schema on the test PostgreSQL, dropped on close. Default 'memory'. */
  store?: 'memory' | 'postgres';
}

export interface HubProcess {
  readonly port: number;
  /** `ws://127.0.0.1:<port>`; shoppers add `/?site=<key>`. */
  readonly wsUrl: string;
  readonly httpUrl: string;
  /** The PostgreSQL schema of `store: 'postgres'`. */
  readonly schema?: string;
  /** Every line the hub logged so far (JSON, debug level). */
  readonly logs: string[];
  /** Memory and event-loop delay; `gc` collects garbage first, `resetLoop` restarts the delay figures. */
  stats(options?: { gc?: boolean; resetLoop?: boolean }): Promise<HubStats>;
  /** `hub.admin[method](...args)` in the hub process (JSON in and out). */
  admin(method: string, ...args: unknown[]): Promise<unknown>;
  /** Which of `values` occur in any string in the hub's heap (after a garbage collection). */
  heapIncludes(values: readonly string[]): Promise<string[]>;
  /** Closes the hub (and drops its schema); safe to call more than once. */
  close(): Promise<void>;
}

const childScript = fileURLToPath(new URL('./hub-child.ts', import.meta.url));
const running = new Set<HubProcess>();
// Whatever a test file started and did not close is closed when the file ends.
afterAll(async () => {
  await Promise.all([...running].map((hub) => hub.close()));
});

export async function startHubProcess(o: HubProcessOptions = {}): Promise<HubProcess> {
  const config: ChildConfig = {
    options: { ...DEFAULT_OPTIONS, ...o.options },
    ...(o.plugins ? { plugins: o.plugins } : {}),
    store: o.store ?? 'memory',
  };
  if (o.store === 'postgres') {
    const missing = await postgresMissing();
    if (missing) throw new Error(`the attack needs PostgreSQL: ${missing}`);
    config.postgresUrl = POSTGRES_URL;
    config.schema = `kefu_attack_${process.pid}_${Date.now().toString(36)}`;
  }
  if (o.plugins?.images === 'folder') config.imageDir = mkdtempSync(join(tmpdir(), 'kefu-attack-images-'));
  // The bundle the project's global set-up built (build-hub-child.ts); without it (another config),
  // the sources through tsx as a loader in this very process, so killing the child leaves no grandchild.
  const bundled = inject('attackHubChild');
  const child = spawn(
    process.execPath,
    ['--expose-gc', ...(bundled ? [bundled] : ['--import', 'tsx', '--conditions=source', childScript])],
    {
      env: { ...process.env, KEFU_ATTACK_CONFIG: JSON.stringify(config) },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    },
  );
  const logs: string[] = [];
  let partial = '';
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    const text = partial + chunk.toString('utf8');
    const lines = text.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (line.startsWith('{')) logs.push(line);
      else output += `${line}\n`;
    }
  });
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });

  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let exited = false;
  const started = new Promise<number>((resolve, reject) => {
    waiting.set(0, { resolve: (v) => resolve((v as { port: number }).port), reject });
  });
  child.on('message', (reply: ChildReply) => {
    const request = waiting.get(reply.id);
    if (!request) return;
    waiting.delete(reply.id);
    if (reply.ok) request.resolve(reply.value);
    else request.reject(new Error(`hub process: ${reply.error}`));
  });
  child.once('exit', (code, signal) => {
    exited = true;
    const error = new Error(`hub process exited (${code ?? signal}): ${output}`);
    for (const request of waiting.values()) request.reject(error);
    waiting.clear();
  });

  const ask = (request: ChildCommand): Promise<unknown> => {
    if (exited) return Promise.reject(new Error(`hub process has exited: ${output}`));
    const id = nextId++;
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      child.send({ ...request, id });
    });
  };

  const port = await started;
  let closing: Promise<void> | undefined;
  const hub: HubProcess = {
    port,
    wsUrl: `ws://127.0.0.1:${port}`,
    httpUrl: `http://127.0.0.1:${port}`,
    ...(config.schema ? { schema: config.schema } : {}),
    logs,
    stats: (options = {}) => ask({ cmd: 'stats', ...options }) as Promise<HubStats>,
    admin: (method, ...args) => ask({ cmd: 'admin', method, args }),
    heapIncludes: (values) =>
      ask({
        cmd: 'heapIncludes',
        encoded: values.map((v) => Buffer.from(v, 'utf8').toString('base64')),
      }) as Promise<string[]>,
    close() {
      closing ??= (async () => {
        running.delete(hub);
        // A hub whose thread an attack holds never answers: it is killed below all the same.
        await Promise.race([
          ask({ cmd: 'close' }).catch(() => undefined),
          new Promise((resolve) => setTimeout(resolve, 10_000).unref()),
        ]);
        await stop(child);
        if (config.schema) await dropSchema(config.schema);
        if (config.imageDir) rmSync(config.imageDir, { recursive: true, force: true });
      })();
      return closing;
    },
  };
  running.add(hub);
  try {
    onTestFinished(() => hub.close());
  } catch {
    // Started outside a test (in beforeAll): closed when the file ends.
  }
  return hub;
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    // A hub that does not stop on SIGTERM is killed: the suite must not hang on it.
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}
