import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { POSTGRES_URL, postgresMissing } from '../../../../test/servers.ts';
import type { Hub } from '../hub/create-hub.ts';
import { createPostgresStore } from '../store/postgres-store.ts';
import { eventually } from '../testing/eventually.ts';
import { shopper, startHub, until } from '../testing/hub-fixture.ts';
import { webhookReceiver } from '../testing/webhook-receiver.ts';
import type { WebhookOptions } from './webhook-options.ts';

const SECRET = 'whsec_two_hubs_secret_012';
const missing = await postgresMissing();
const schema = `kefu_w${process.pid}_${Date.now().toString(36)}`;
const pool = missing ? undefined : new pg.Pool({ connectionString: POSTGRES_URL, max: 10 });
const hubs: Hub[] = [];
afterEach(async () => {
  await Promise.all(hubs.splice(0).map((h) => h.close()));
});
afterAll(async () => {
  await pool?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await pool?.end();
});

describe.skipIf(missing !== null)(
  missing ? `webhooks on PostgreSQL (skipped: ${missing})` : 'webhooks on PostgreSQL',
  () => {
    it('delivers each event once from two hubs on one database, after an outage both retried through', async () => {
      const r = await webhookReceiver(SECRET);
      const url = r.url;
      await r.stop();
      const webhooks: WebhookOptions = {
        allowPrivateNetworks: true,
        retry: { baseMs: 20, maxDelayMs: 50 },
        pollMs: 20,
        // Small batches, so both nodes take part in draining the outbox.
        batch: 5,
        subscriptions: [{ url, events: ['conversation.created', 'message.created'], secret: SECRET }],
      };
      const node = async () => {
        const started = await startHub({
          store: await createPostgresStore({ pool: pool!, schema }),
          webhooks,
        });
        hubs.push(started.hub);
        return started.url;
      };
      const [a, b] = [await node(), await node()];
      const shoppers = [a, b, a, b, a, b].map((hubUrl) => {
        const s = shopper(hubUrl);
        s.connect();
        return s;
      });
      await until(() => shoppers.every((s) => s.status === 'open'), 'every shopper welcomed');
      for (const [i, s] of shoppers.entries()) s.send(`第 ${i} 位顾客的问题`);
      const store = await createPostgresStore({ pool: pool!, schema });
      await eventually(
        async () =>
          (await store.listWebhookDeliveries({ limit: 1000 })).filter(
            (d) => d.eventType === 'message.created' && d.attempts > 0,
          ).length >= 12,
        'every message delivery tried',
      );
      await r.start();
      try {
        const all = await store.listWebhookDeliveries({ limit: 1000 });
        await until(
          () => all.every((d) => r.ids().has(d.eventId)),
          () => `received ${r.ids().size} of at least ${all.length}`,
        );
        await Promise.all(hubs.map((h) => h.close()));
        // Every event once: no id came twice, although both nodes were retrying all of them.
        expect(r.received.length).toBe(r.ids().size);
        expect(r.received.every((x) => x.verified)).toBe(true);
        const delivered = await store.listWebhookDeliveries({ status: 'delivered', limit: 1000 });
        expect(delivered.length).toBe(r.ids().size);
        expect((await store.listWebhookSubscriptions()).length).toBe(1);
      } finally {
        for (const s of shoppers) s.close();
        await r.close();
        await store.close();
      }
    });
  },
);
