import { PGlite } from '@electric-sql/pglite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../hub/create-hub.ts';
import { pgliteSeed } from '../store/pglite-seed.ts';
import { createPgliteStore } from '../store/pglite-store.ts';
import { eventually } from '../testing/eventually.ts';
import { shopper, startHub, until } from '../testing/hub-fixture.ts';
import { webhookReceiver } from '../testing/webhook-receiver.ts';
import type { WebhookOptions } from './webhook-options.ts';

const SECRET = 'whsec_restart_secret_0123';
let db: PGlite;
beforeAll(async () => {
  db = await PGlite.create({ loadDataDir: await pgliteSeed() });
}, 120_000);
afterAll(async () => {
  await db?.close();
});
const hubs: Hub[] = [];
afterEach(async () => {
  for (const h of hubs.splice(0)) await h.close();
});

describe('the webhook outbox across a restart (PGlite)', () => {
  it('delivers, from a new hub on the same store, the events an earlier hub recorded but could not send', async () => {
    const r = await webhookReceiver(SECRET);
    const url = r.url;
    await r.stop();
    const webhooks: WebhookOptions = {
      allowPrivateNetworks: true,
      // Quick retries, so the first hub keeps failing against the receiver while it is away.
      retry: { baseMs: 20, maxDelayMs: 50 },
      pollMs: 20,
      subscriptions: [{ url, events: ['conversation.created', 'message.created'], secret: SECRET }],
    };
    const first = await startHub({
      store: await createPgliteStore({ pglite: db, schema: 'restart' }),
      webhooks,
    });
    hubs.push(first.hub);
    const s = shopper(first.url);
    s.connect();
    await until(() => s.status === 'open', 'welcome');
    s.send('还在吗？');
    const store = await createPgliteStore({ pglite: db, schema: 'restart' });
    // The first hub has stored the events and failed to send some of them.
    await eventually(
      async () => (await store.listWebhookDeliveries({})).filter((d) => d.attempts > 0).length >= 3,
      'failed attempts',
    );
    s.close();
    await first.hub.close();
    const pending = await store.listWebhookDeliveries({ status: 'pending' });
    expect(pending.length).toBeGreaterThanOrEqual(3);
    expect(await store.listWebhookDeliveries({ status: 'delivered' })).toEqual([]);

    await r.start();
    const second = await startHub({ store, webhooks });
    hubs.push(second.hub);
    try {
      await until(
        () => pending.every((d) => r.ids().has(d.eventId)),
        () => `received ${r.ids().size} of ${pending.length}`,
      );
      expect(r.received.every((x) => x.verified)).toBe(true);
      expect(r.received.map((x) => x.type)).toContain('conversation.created');
    } finally {
      await r.close();
    }
  });
});
