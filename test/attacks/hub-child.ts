/**
 * A real hub in its own process, for the attack suite: configured by KEFU_ATTACK_CONFIG (JSON),
 * logging every line (debug level) to stderr, and answering the harness over IPC (figures of its
 * memory and event loop, admin calls, a search of its heap). See hub-process.ts.
 */
import { readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { writeHeapSnapshot } from 'node:v8';
import { createLocalFolderBlobStore } from '../../packages/sdk/src/blobs/local-folder-blob-store.ts';
import { createFaqEngine } from '../../packages/sdk/src/faq/faq-engine.ts';
import type { HubOptions } from '../../packages/sdk/src/index.ts';
import {
  createFaqAnswerer,
  createHub,
  createJsonLogger,
  defineAction,
} from '../../packages/sdk/src/index.ts';
import { createPostgresStore } from '../../packages/sdk/src/store/postgres-store.ts';
import type { ChildConfig, ChildReply, ChildRequest } from './hub-protocol.ts';

const config = JSON.parse(process.env.KEFU_ATTACK_CONFIG ?? '{}') as ChildConfig;
const never = () => new Promise<never>(() => {});

const options = { ...config.options } as unknown as HubOptions;
if (config.plugins?.authenticateAgent === 'stall') options.agents = never;
if (config.plugins?.verifyIdentity === 'stall') options.verifyIdentity = never;
if (config.plugins?.answer === 'echo')
  options.answer = async (question) => ({ content: [{ kind: 'text', text: `You asked: ${question.text}` }] });
if (config.plugins?.actions === 'returns')
  options.actions = {
    requestReturn: defineAction({
      label: { zh: '申请退货', en: 'Request a return' },
      intents: ['after_sale'],
      // A schema that takes any order id, as a merchant's z.object({ orderId: z.string() }) does.
      input: {
        safeParse: (value: unknown): { success: true; data: { orderId: string } } | { success: false } =>
          typeof (value as { orderId?: unknown }).orderId === 'string'
            ? { success: true, data: value as { orderId: string } }
            : { success: false },
      },
      eligible: async () => true,
      run: async ({ orderId }) => ({ ok: true, summary: `return requested for ${orderId}` }),
    }),
  };
if (config.plugins?.knowledgeBase === 'faq') {
  const base = {
    version: 1 as const,
    entries: [{ id: 'returns', question: '怎么退货', alternatives: [], answer: '7 天无理由退货', tags: [] }],
  };
  const engine = createFaqEngine(base);
  options.knowledgeBase = { base, engine };
  // The FAQ bot answers shoppers from it, as `kefu hub --config` wires a knowledge base.
  options.answer ??= createFaqAnswerer(engine);
}
if (config.imageDir)
  options.images = { blobStore: await createLocalFolderBlobStore({ dir: config.imageDir }) };
if (config.store === 'postgres')
  options.store = await createPostgresStore({
    connectionString: config.postgresUrl!,
    schema: config.schema!,
  });
options.logger = createJsonLogger({ level: 'debug', write: (line) => process.stderr.write(line) });
// Node's own warnings (a timer it cannot hold, a listener leak) as log lines, so attacks can look for them.
process.on('warning', (warning) =>
  process.stderr.write(
    `${JSON.stringify({ level: 'warn', event: 'process.warning', name: warning.name, message: warning.message })}\n`,
  ),
);

const hub = createHub(options);
const { port } = await hub.listen({ port: 0, host: '127.0.0.1' });

const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();

const gc = (globalThis as { gc?: () => void }).gc;
const collect = () => {
  // Twice: the first pass can leave what weak callbacks and finalizers free only on the next.
  gc?.();
  gc?.();
};

/** How many of this process's open files `matches` (Linux: /proc/self/fd); null without /proc. */
function openFiles(matches: (target: string) => boolean): number | null {
  try {
    return readdirSync('/proc/self/fd').filter((fd) => {
      try {
        return matches(readlinkSync(`/proc/self/fd/${fd}`));
      } catch {
        return false; // closed meanwhile
      }
    }).length;
  } catch {
    return null;
  }
}

/** Files of the photos' folder this process holds open. */
const openImageFiles = () =>
  config.imageDir ? openFiles((target) => target.startsWith(config.imageDir!)) : null;

/** The process's sockets: its HTTP connections, the listening socket, the IPC channel. */
const openSockets = () => openFiles((target) => target.startsWith('socket:'));

async function answer(request: ChildRequest): Promise<unknown> {
  switch (request.cmd) {
    case 'stats': {
      if (request.gc) collect();
      const memory = process.memoryUsage();
      const figures = {
        rss: memory.rss,
        heapUsed: memory.heapUsed,
        external: memory.external,
        maxLoopDelayMs: loop.max / 1e6,
        p99LoopDelayMs: loop.percentile(99) / 1e6,
        openImageFiles: openImageFiles(),
        openSockets: openSockets(),
        cpuMs: (({ user, system }) => (user + system) / 1000)(process.cpuUsage()),
      };
      if (request.resetLoop) loop.reset();
      return figures;
    }
    case 'admin': {
      const admin = hub.admin as unknown as Record<string, (...args: unknown[]) => unknown>;
      const method = admin[request.method];
      if (typeof method !== 'function') throw new Error(`hub.admin has no method ${request.method}`);
      return (await method.apply(hub.admin, request.args)) ?? null;
    }
    case 'heapIncludes': {
      // The values come base64-encoded and are decoded only after the snapshot, so the request
      // itself does not put them in the heap being searched.
      collect();
      const file = join(tmpdir(), `kefu-attack-${process.pid}-${Date.now()}.heapsnapshot`);
      writeHeapSnapshot(file);
      const snapshot = JSON.parse(readFileSync(file, 'utf8')) as { strings: string[] };
      rmSync(file, { force: true });
      const values = request.encoded.map((v) => Buffer.from(v, 'base64').toString('utf8'));
      return values.filter((value) => snapshot.strings.some((s) => s.includes(value)));
    }
    case 'close':
      await hub.close();
      // A store passed in is not the hub's to close.
      if (config.store === 'postgres') await options.store?.close();
      await options.images?.blobStore.close();
      return null;
  }
}

process.on('message', (request: ChildRequest) => {
  answer(request).then(
    (value) => process.send?.({ id: request.id, ok: true, value } satisfies ChildReply),
    (error: unknown) =>
      process.send?.({
        id: request.id,
        ok: false,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      } satisfies ChildReply),
  );
});

process.send?.({ id: 0, ok: true, value: { port } } satisfies ChildReply);
