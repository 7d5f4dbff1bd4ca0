/**
 * A hub in a process of its own, for tests that kill it (SIGKILL) mid-work: PostgreSQL store in
 * schema KEFU_SCHEMA, one webhook subscription to KEFU_WEBHOOK_URL for conversation and message
 * events (secret KEFU_WEBHOOK_SECRET). Prints its WebSocket URL as one JSON line once listening.
 * @example
 * spawn(process.execPath, ['--import', 'tsx', '--conditions=source', 'packages/sdk/src/testing/crash-hub.ts'], { env });
 */
import { createHub } from '../hub/create-hub.ts';
import { silentLogger } from '../logger.ts';
import { createPostgresStore } from '../store/postgres-store.ts';
import { ORIGIN } from './hub-fixture.ts';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const store = await createPostgresStore({
  connectionString: env('KEFU_POSTGRES'),
  schema: env('KEFU_SCHEMA'),
});
const hub = createHub({
  sites: [{ key: 'shop', origins: [ORIGIN] }],
  store,
  logger: silentLogger,
  webhooks: {
    allowPrivateNetworks: true,
    retry: { baseMs: 20, maxDelayMs: 50 },
    pollMs: 20,
    // A short claim, so the next hub takes over the deliveries this one had in flight when killed.
    timeoutMs: 500,
    leaseMs: 1000,
    subscriptions: [
      {
        url: env('KEFU_WEBHOOK_URL'),
        events: ['conversation.created', 'message.created'],
        secret: env('KEFU_WEBHOOK_SECRET'),
      },
    ],
  },
});
const { url } = await hub.listen({ port: 0 });
console.log(JSON.stringify({ url }));
