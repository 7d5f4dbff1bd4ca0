import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { POSTGRES_URL, postgresMissing } from '../../../../test/servers.ts';
import { createPostgresStore } from '../store/postgres-store.ts';
import type { Store } from '../store/store.ts';
import { rawSocket, startHub } from '../testing/hub-fixture.ts';
import type { Hub } from './create-hub.ts';

// Issue 15: in a reconnect storm (a deploy) every statement of a hello is a round trip for each
// of thousands of shoppers. These pin how many a hello sends to PostgreSQL, through a wrapped `pg`
// client; KEFU_PRINT_STATEMENTS=1 prints them in order, with the store calls that sent them.
const missing = await postgresMissing();
const schema = `kefu_hs${process.pid}_${Date.now().toString(36)}`;
const pool = missing ? undefined : new pg.Pool({ connectionString: POSTGRES_URL, max: 10 });
/** Statements sent (and `store.` calls made, for the print), in order. */
let log: string[] = [];
let pending = 0;
pool?.on('connect', (client) => {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (...args: unknown[]) => {
    const config = args[0] as string | { text?: string };
    const text = typeof config === 'string' ? config : (config.text ?? '');
    log.push(text.replace(/\s+/g, ' ').replaceAll(`"${schema}".`, '').slice(0, 100));
    return query(...args);
  };
});
const hubs: Hub[] = [];
afterEach(async () => {
  await Promise.all(hubs.splice(0).map((h) => h.close()));
});
afterAll(async () => {
  await pool?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await pool?.end();
});

/** The store, its calls logged and counted while they are in flight. */
function watched(store: Store): Store {
  return new Proxy(store, {
    get(target, key) {
      const value = Reflect.get(target, key);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        log.push(`store.${String(key)}`);
        const result = value.apply(target, args);
        if (!(result instanceof Promise)) return result;
        pending++;
        return result.finally(() => pending--);
      };
    },
  });
}

/** A hub node on the shared schema; one secret, as the nodes of a deploy share theirs. */
async function node() {
  const store = watched(await createPostgresStore({ pool: pool!, schema }));
  const { hub, url } = await startHub({ store, secret: 'hello-statements-secret-0123' });
  hubs.push(hub);
  return url;
}

/** Resolves once no store call has been in flight for 20 turns of the event loop (the test's timeout bounds it). */
async function settled() {
  for (let quiet = 0; quiet < 20; ) {
    await new Promise((resolve) => setImmediate(resolve));
    quiet = pending === 0 ? quiet + 1 : 0;
  }
}

/** The statements a hello sends, from the hello until the hub is done with it (no store call for 20 turns). */
async function hello(url: string, frame: Record<string, unknown>) {
  const sock = await rawSocket(`${url}/?site=shop`);
  await settled(); // the node's own start (its webhook subscriptions read) is not the hello's
  log = [];
  sock.send({ v: 1, type: 'hello', role: 'shopper', siteKey: 'shop', ...frame });
  const welcome = (await sock.next('welcome')) as {
    session: string;
    conversation: { id: string; lastSeq: number };
  };
  await settled();
  const done = log;
  if (process.env.KEFU_PRINT_STATEMENTS)
    console.log(`${frame.session ? 'returning' : 'new'} shopper:\n  ${done.join('\n  ')}`);
  const statements = done.filter((line) => !line.startsWith('store.'));
  return { welcome, statements, sock };
}

describe.skipIf(missing !== null)(
  missing ? `hello statements (skipped: ${missing})` : 'statements of a hello on PostgreSQL',
  () => {
    it('a new shopper, then the same shopper resuming on a new node (a deploy), send few statements', async () => {
      const first = await hello(await node(), { deviceId: 'counted-device' });
      // Was 16: findLatest, BEGIN/INSERT/COMMIT (shopper), BEGIN/lock/SELECT/INSERT/COMMIT (open),
      // the greeting, 4 conversation reads, 2 message pages and the empty one's existence check.
      // Now 10, and one more when the event log's write misses the greeting's (it waits 20 ms).
      expect(first.statements.length, first.statements.join('\n')).toBeLessThanOrEqual(11);
      first.sock.ws.close();
      await Promise.all(hubs.splice(0).map((h) => h.close()));
      const { session, conversation } = first.welcome;
      const back = await hello(await node(), {
        deviceId: 'counted-device',
        session,
        resume: { conversationId: conversation.id, lastSeq: conversation.lastSeq },
      });
      expect(back.welcome.conversation.id).toBe(conversation.id);
      // Was 12: revocation and profile, a read, BEGIN/INSERT/SELECT/UPDATE/COMMIT (shopper), two
      // reads, a message page and the empty page's existence check.
      expect(back.statements.length, back.statements.join('\n')).toBeLessThanOrEqual(5);
    });
  },
);
