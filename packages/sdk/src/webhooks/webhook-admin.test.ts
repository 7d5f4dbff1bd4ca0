import { describe, expect, it } from 'vitest';
import { sequentialIds } from '../ids.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import { webhookDeliveryId } from '../store/webhook-store.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import { createWebhookAdmin } from './webhook-admin.ts';

function admin() {
  const store = createMemoryStore();
  const clock = new ManualClock(Date.UTC(2026, 11, 1));
  const webhooks = createWebhookAdmin({
    store,
    clock,
    ids: sequentialIds(),
    guard: {
      allowPrivateNetworks: true,
      hubPorts: () => [],
      resolve: async () => [{ address: '127.0.0.1', family: 4 }],
    },
    changed: async () => {},
  });
  return { store, clock, webhooks };
}

describe('webhook admin: attempts', () => {
  it('refuses an unknown delivery with not_found, as redeliver does, instead of an empty list', async () => {
    const { webhooks } = admin();
    await expect(webhooks.attempts('evt_nope~wh_nope')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('lists no attempts for a delivery that exists but was not tried yet', async () => {
    const { store, clock, webhooks } = admin();
    const sub = await webhooks.subscribe({ url: 'http://127.0.0.1:9/hook', events: ['ticket.created'] });
    await store.enqueueWebhookEvents([
      { id: 'evt_1', type: 'ticket.created', createdAt: clock.now(), body: '{}' },
    ]);
    expect(await webhooks.attempts(webhookDeliveryId('evt_1', sub.id))).toEqual([]);
  });
});

describe('webhook admin: subscribe', () => {
  it('refuses a second subscription to a URL with conflict naming the existing one, so no event is delivered twice', async () => {
    const { webhooks } = admin();
    const first = await webhooks.subscribe({ url: 'http://127.0.0.1:9/hook', events: ['ticket.created'] });
    // The same URL as stored (`new URL().href`), here with its scheme in upper case.
    await expect(
      webhooks.subscribe({ url: 'HTTP://127.0.0.1:9/hook', events: ['conversation.closed'] }),
    ).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining(first.id),
    });
    expect(await webhooks.list()).toHaveLength(1);
  });

  it('keeps one of two subscriptions to a URL sent at the same moment, refusing the other', async () => {
    const { webhooks } = admin();
    const results = await Promise.allSettled(
      ['ticket.created', 'conversation.closed'].map((event) =>
        webhooks.subscribe({ url: 'http://127.0.0.1:9/hook', events: [event as 'ticket.created'] }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await webhooks.list()).toHaveLength(1);
  });

  it('takes another URL, and the same URL again once its subscription is removed', async () => {
    const { webhooks } = admin();
    const first = await webhooks.subscribe({ url: 'http://127.0.0.1:9/hook', events: ['ticket.created'] });
    await webhooks.subscribe({ url: 'http://127.0.0.1:9/other', events: ['ticket.created'] });
    await webhooks.remove(first.id);
    await expect(
      webhooks.subscribe({ url: 'http://127.0.0.1:9/hook', events: ['ticket.created'] }),
    ).resolves.toMatchObject({ url: 'http://127.0.0.1:9/hook' });
  });
});
