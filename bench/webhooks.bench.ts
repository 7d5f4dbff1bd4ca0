import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { systemClock } from '../packages/sdk/src/clock.ts';
import { defaultIds } from '../packages/sdk/src/ids.ts';
import { silentLogger } from '../packages/sdk/src/logger.ts';
import { createMemoryStore } from '../packages/sdk/src/store/memory-store.ts';
import { pgliteSeed } from '../packages/sdk/src/store/pglite-seed.ts';
import { createPgliteStore } from '../packages/sdk/src/store/pglite-store.ts';
import { createPostgresStore } from '../packages/sdk/src/store/postgres-store.ts';
import type { Store } from '../packages/sdk/src/store/store.ts';
import { resolveWebhookOptions } from '../packages/sdk/src/webhooks/webhook-options.ts';
import { createWebhookService } from '../packages/sdk/src/webhooks/webhook-service.ts';
import { POSTGRES_URL, postgresMissing } from '../test/servers.ts';
import { benchSchema } from './bench-schemas.ts';

/**
 * Webhook benchmark: deliveries per second from the outbox to a local receiver (node:http in this
 * process, answering 204), on memory, PGlite and PostgreSQL. A backlog of EVENTS events is
 * recorded first (as after an outage), then one hub node's worker drains it: claim a batch with a
 * lease, sign, POST over keep-alive connections, record each attempt. Also how fast the outbox
 * takes events when many are recorded at once (group commit). Goal: ≥ 1,000 deliveries/s.
 */
const { Pool } = pg;
const EVENTS = 5000;
const SECRET = 'whsec_bench_secret_0123456789';

export async function runWebhooksBench(): Promise<Record<string, number>> {
  const figures: Record<string, number> = {};
  let received = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  const run = async (name: string, store: Store) => {
    received = 0;
    Object.assign(figures, prefixed(name, await drain(store, url, () => received)));
  };
  try {
    await run('memory', createMemoryStore());
    const pglite = await createPgliteStore({ loadDataDir: await pgliteSeed() });
    await run('pglite', pglite);
    await pglite.close();
    if ((await postgresMissing()) === null) {
      const schema = benchSchema('wh');
      const pg = await createPostgresStore({ connectionString: POSTGRES_URL, schema });
      try {
        await run('postgres', pg);
      } finally {
        await pg.close();
        const admin = new Pool({ connectionString: POSTGRES_URL, max: 1 });
        await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await admin.end();
      }
    }
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  return figures;
}

async function drain(store: Store, url: string, received: () => number): Promise<Record<string, number>> {
  const webhooks = createWebhookService({
    options: resolveWebhookOptions(
      {
        allowPrivateNetworks: true,
        subscriptions: [{ url, events: ['message.created'], secret: SECRET }],
        pollMs: 1000,
      },
      (message) => {
        throw new TypeError(message);
      },
    ),
    store,
    clock: systemClock,
    ids: defaultIds,
    owner: 'bench',
    hubPorts: () => [],
    onError: (what, error) => console.error(what, error),
    logger: silentLogger,
  });
  // Subscriptions first (start stores them), then the events, recorded at once as a busy hub does.
  await webhooks.start();
  await webhooks.idle();
  const message = {
    id: 'm_1',
    conversationId: 'c_1',
    seq: 1,
    author: { kind: 'shopper' as const, id: 's_1' },
    content: { kind: 'text' as const, text: '我的快递三天了还没到，物流到哪了？' },
    createdAt: Date.now(),
  };
  const recordStart = performance.now();
  await Promise.all(
    Array.from({ length: EVENTS }, (_, i) =>
      webhooks.outbox.record('message.created', {
        conversationId: `c_${i % 50}`,
        message: { ...message, seq: i },
      }),
    ),
  );
  const recordMs = performance.now() - recordStart;
  // The first records woke the worker, so delivering overlapped recording: the rate is end to
  // end, from the first record to the last delivery recorded as done.
  while (received() < EVENTS) await new Promise((resolve) => setTimeout(resolve, 5));
  await webhooks.idle();
  const ms = performance.now() - recordStart;
  await webhooks.stop();
  const delivered = (await store.listWebhookDeliveries({ status: 'delivered', limit: EVENTS })).length;
  return {
    events_recorded_while_delivering_per_s: Math.round(EVENTS / (recordMs / 1000)),
    deliveries_per_s: Math.round(EVENTS / (ms / 1000)),
    delivered,
    received: received(),
  };
}

function prefixed(prefix: string, figures: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(figures).map(([k, v]) => [`${prefix}_${k}`, v]));
}
