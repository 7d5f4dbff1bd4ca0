import type { Message } from '@kefu/protocol';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { POSTGRES_URL, postgresMissing } from '../../../../test/servers.ts';
import { createMemoryBus } from '../bus/memory-bus.ts';
import type { LogFields } from '../logger.ts';
import { createPostgresStore } from '../store/postgres-store.ts';
import { cuttableProxy } from '../testing/cuttable-proxy.ts';
import { eventually } from '../testing/eventually.ts';
import { handedToAgent, startHub, until } from '../testing/hub-fixture.ts';
import { settleAll } from '../testing/until.ts';

// A hub whose PostgreSQL goes away mid-conversation (connections dropped, new ones refused) and
// comes back: what the shopper, the agent and the operator see. The hub reaches the database
// through a proxy, so the shared server is never stopped.
const missing = await postgresMissing();
const schema = `kefu_outage${process.pid}_${Date.now().toString(36)}`;
const admin = missing ? undefined : new pg.Pool({ connectionString: POSTGRES_URL, max: 2 });
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});
afterAll(async () => {
  await admin?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin?.end();
});

const texts = (messages: Message[], kind: 'shopper' | 'agent') =>
  messages
    .filter((m) => m.author.kind === kind)
    .map((m) => (m.content.kind === 'text' ? m.content.text : ''));

describe.skipIf(missing !== null)(
  missing ? `a hub losing PostgreSQL (skipped: ${missing})` : 'a hub losing PostgreSQL',
  () => {
    it('stores every message sent during the outage once and in order, is unready meanwhile, and recovers by itself', async () => {
      const server = new URL(POSTGRES_URL);
      const proxy = await cuttableProxy(server.hostname, Number(server.port || 5432));
      closers.push(() => proxy.close());
      server.host = `127.0.0.1:${proxy.port}`;
      const store = await createPostgresStore({ connectionString: server.toString(), schema, max: 4 });
      const logged: string[] = [];
      const logger = {
        log: (level: string, event: string, _fields?: LogFields) => {
          if (level !== 'debug') logged.push(event);
        },
      };
      const unhandled: unknown[] = [];
      const onUnhandled = (error: unknown) => unhandled.push(error);
      process.on('unhandledRejection', onUnhandled);
      closers.push(async () => {
        process.off('unhandledRejection', onUnhandled);
      });
      const { url } = await startHub({ store, bus: createMemoryBus(), logger });
      const readyz = async () => (await fetch(`${url.replace(/^ws/, 'http')}/readyz`)).status;

      const { s, a, conversation: c } = await handedToAgent(url);
      const shopperErrors: string[] = [];
      s.on('error', (e) => shopperErrors.push(e.code));

      await proxy.cut();
      // The probe answers within readyTimeoutMs whatever the store does.
      await eventually(async () => (await readyz()) === 503, '/readyz to answer 503');
      const N = 6;
      const sends: Array<Promise<unknown>> = [];
      for (let i = 0; i < N; i++) {
        s.send(`s${i}`);
        sends.push(a.send(c.id, `a${i}`));
        // Each refused at least once before the next is typed: the outage is what they meet.
        await until(
          () => shopperErrors.length > i,
          () => `the shopper's message ${i} refused for now (errors: ${shopperErrors.join(',')})`,
          30_000,
        );
      }
      expect(new Set(shopperErrors)).toEqual(new Set(['internal']));
      expect(s.outbox.length).toBe(N);

      await proxy.restore();
      await settleAll(sends, 'agent sends stored', 60_000);
      await until(
        () => s.outbox.length === 0 && texts(s.messages, 'agent').length === N,
        () => `outbox ${s.outbox.length}, shopper holds ${texts(s.messages, 'agent').length} replies`,
        60_000,
      );
      await until(
        () => texts(a.conversation(c.id)!.messages, 'shopper').length === N + 1,
        () => `agent holds ${texts(a.conversation(c.id)!.messages, 'shopper').length}`,
        60_000,
      );
      const order = Array.from({ length: N }, (_, i) => i);
      expect(texts(s.messages, 'agent')).toEqual(order.map((i) => `a${i}`));
      expect(texts(a.conversation(c.id)!.messages, 'shopper')).toEqual([
        '转人工',
        ...order.map((i) => `s${i}`),
      ]);
      const { rows } = await admin!.query<{ text: string; n: number }>(
        `SELECT content->>'text' AS text, count(*)::int AS n FROM ${schema}.messages GROUP BY 1 HAVING count(*) > 1`,
      );
      expect(rows).toEqual([]);
      await eventually(async () => (await readyz()) === 200, '/readyz to answer 200 again');
      // The operator reads the change of state once each way, however many probes and frames failed.
      expect(logged.filter((e) => e === 'hub.unready')).toHaveLength(1);
      expect(logged.filter((e) => e === 'hub.ready')).toHaveLength(1);
      expect(unhandled).toEqual([]);
    }, 180_000);
  },
);
