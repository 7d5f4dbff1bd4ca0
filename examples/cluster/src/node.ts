/**
 * One hub node of the cluster: PostgreSQL for the store, Redis for the bus. Run several with the
 * same KEFU_SECRET, KEFU_SCHEMA and KEFU_PREFIX; put a load balancer in front.
 *
 *   PORT=7101 NODE_NAME=a pnpm --filter cluster node
 */
import { createHub, createJsonLogger } from '@kefu/sdk';
import { createPostgresStore } from '@kefu/sdk/postgres';
import { createRedisBus } from '@kefu/sdk/redis';

const env = (name: string, fallback: string) => process.env[name] ?? fallback;
const name = env('NODE_NAME', `node-${process.pid}`);
const store = await createPostgresStore({
  connectionString: env('KEFU_POSTGRES', 'postgres://postgres@127.0.0.1:5432/test'),
  schema: env('KEFU_SCHEMA', 'kefu'),
});
const bus = createRedisBus({
  url: env('KEFU_REDIS', 'redis://127.0.0.1:6379'),
  prefix: env('KEFU_PREFIX', 'kefu:'),
});
const burst = Number(env('KEFU_FRAME_BURST', '30'));
const firstResponseMs = process.env.KEFU_FIRST_RESPONSE_MS;
const hub = createHub({
  sites: [{ key: 'demo', origins: env('KEFU_ORIGINS', 'http://localhost:*,http://127.0.0.1:*').split(',') }],
  agents: [
    {
      id: 'mei',
      name: 'Mei',
      token: env('KEFU_AGENT_TOKEN', 'cluster-mei-5b2d8c4f6a0e7f3c'),
      groups: ['default'],
    },
    { id: 'lei', name: 'Lei', token: 'cluster-lei-8c4f6a0e7f3c9a1e', groups: ['default'] },
  ],
  // Every node signs and checks the same session tokens, so a shopper can resume on any of them.
  secret: env('KEFU_SECRET', 'cluster-example-secret-change-me'),
  store,
  bus,
  // KEFU_FRAME_BURST scales every per-client budget at once (a load test raises it); 30 gives the defaults.
  limits: {
    frameBurst: burst,
    framesPerSecond: Math.max(10, burst / 3),
    conversationMessageBurst: burst,
    conversationMessagesPerSecond: Math.max(2, burst / 15),
  },
  routing: {
    ...(firstResponseMs ? { sla: { default: { firstResponseMs: Number(firstResponseMs) } } } : {}),
    // SLA timers, ticket deadlines and follow-ups live in PostgreSQL; every node polls for due ones.
    timers: { pollMs: Number(env('KEFU_TIMER_POLL_MS', '1000')) },
    // How long a node may be silent before the others take its agents (and shoppers) as gone.
    agentGraceMs: Number(env('KEFU_AGENT_GRACE_MS', '30000')),
  },
  logger: createJsonLogger({ level: 'warn' }),
});
const { url } = await hub.listen({ port: Number(env('PORT', '0')), host: '127.0.0.1' });
console.log(`node ${name} listening on ${url}`);

const stop = async () => {
  await hub.close();
  await bus.close();
  await store.close();
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
