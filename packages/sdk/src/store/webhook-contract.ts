import { describe, expect, it } from 'vitest';
import type { Store } from './store.ts';
import type { WebhookEventRecord, WebhookSubscription } from './webhook-store.ts';

const sub = (id: string, events: string[], createdAt = 1): WebhookSubscription => ({
  id,
  url: `https://hooks.example/${id}`,
  events,
  secret: `secret-${id}`,
  createdAt,
});

const event = (id: string, type: string, createdAt = 100): WebhookEventRecord => ({
  id,
  type,
  createdAt,
  // Text kept byte for byte: a NUL escape and a lone surrogate escape must survive.
  body: `{"id":"${id}","type":"${type}","createdAt":${createdAt},"data":{"text":"\\u0000\\ud800 退货"}}`,
});

/** The webhook outbox part of the Store contract (see store-contract.ts). */
export function webhookContract(store: () => Store): void {
  describe('webhook outbox', () => {
    it('keeps subscriptions oldest first, replaces one by id, and deletes one with its deliveries', async () => {
      await store().putWebhookSubscription(sub('w_2', ['ticket.created'], 2));
      await store().putWebhookSubscription(sub('w_1', ['message.created'], 1));
      await store().putWebhookSubscription({
        ...sub('w_2', ['ticket.updated'], 2),
        url: 'https://b.example/',
      });
      expect(await store().listWebhookSubscriptions()).toEqual([
        sub('w_1', ['message.created'], 1),
        { ...sub('w_2', ['ticket.updated'], 2), url: 'https://b.example/' },
      ]);
      await store().enqueueWebhookEvents([event('e_1', 'ticket.updated')]);
      expect(await store().deleteWebhookSubscription('w_2')).toBe(true);
      expect(await store().deleteWebhookSubscription('w_2')).toBe(false);
      expect(await store().listWebhookDeliveries({})).toEqual([]);
      expect((await store().listWebhookSubscriptions()).map((s) => s.id)).toEqual(['w_1']);
    });

    it('fans an event out to the subscriptions that want its type, once per event id', async () => {
      await store().putWebhookSubscription(sub('w_a', ['message.created', 'ticket.created']));
      await store().putWebhookSubscription(sub('w_b', ['ticket.created']));
      expect(
        await store().enqueueWebhookEvents([
          event('e_1', 'ticket.created'),
          event('e_2', 'message.created', 101),
        ]),
      ).toBe(3);
      expect(await store().enqueueWebhookEvents([event('e_1', 'ticket.created')])).toBe(0);
      expect(await store().enqueueWebhookEvents([event('e_3', 'csat.submitted')])).toBe(0);
      const all = await store().listWebhookDeliveries({});
      expect(all.map((d) => d.id).sort()).toEqual(['e_1~w_a', 'e_1~w_b', 'e_2~w_a']);
      const one = await store().getWebhookDelivery('e_2~w_a');
      expect(one).toEqual({
        id: 'e_2~w_a',
        subscriptionId: 'w_a',
        eventId: 'e_2',
        eventType: 'message.created',
        body: event('e_2', 'message.created', 101).body,
        createdAt: 101,
        status: 'pending',
        nextAt: 101,
        retryFrom: 101,
        attempts: 0,
      });
      expect(await store().listWebhookDeliveries({ subscriptionId: 'w_b' })).toHaveLength(1);
    });

    it('claims due deliveries soonest first, with url and secret, and never twice while the claim holds', async () => {
      await store().putWebhookSubscription(sub('w_1', ['ticket.created']));
      await store().enqueueWebhookEvents([
        event('e_late', 'ticket.created', 300),
        event('e_early', 'ticket.created', 100),
        event('e_mid', 'ticket.created', 200),
      ]);
      expect(await store().claimWebhookDeliveries(50, 'n1', 1000, 10)).toEqual([]);
      const first = await store().claimWebhookDeliveries(250, 'n1', 1000, 1);
      expect(first).toMatchObject([
        {
          id: 'e_early~w_1',
          url: 'https://hooks.example/w_1',
          secret: 'secret-w_1',
          leaseOwner: 'n1',
          leaseUntil: 1250,
        },
      ]);
      expect((await store().claimWebhookDeliveries(250, 'n2', 1000, 10)).map((d) => d.id)).toEqual([
        'e_mid~w_1',
      ]);
      expect(await store().claimWebhookDeliveries(1250, 'n2', 1000, 10)).toMatchObject([
        { id: 'e_late~w_1' },
      ]);
      // n1's claim ran out at 1250: another node takes the delivery over, and n1 can no longer record.
      const again = await store().claimWebhookDeliveries(1251, 'n2', 1000, 10);
      expect(again.map((d) => [d.id, d.leaseOwner])).toEqual([
        ['e_early~w_1', 'n2'],
        ['e_mid~w_1', 'n2'],
      ]);
      expect(
        await store().recordWebhookAttempts('n1', [
          {
            attempt: { deliveryId: 'e_early~w_1', at: 1300, statusCode: 200, durationMs: 5 },
            outcome: { status: 'delivered' },
          },
        ]),
      ).toEqual([]);
    });

    it('keeps each subscription to its share of a claim, so one backlog leaves room for the others', async () => {
      await store().putWebhookSubscription(sub('w_busy', ['ticket.created'], 1));
      await store().putWebhookSubscription(sub('w_other', ['ticket.updated'], 2));
      await store().enqueueWebhookEvents([
        ...Array.from({ length: 6 }, (_, i) => event(`e_busy_${i}`, 'ticket.created', i)),
        event('e_other_1', 'ticket.updated', 10),
        event('e_other_2', 'ticket.updated', 11),
      ]);
      // w_busy already has one attempt in flight on this node: one more fits its share of two.
      const share = { perSubscription: 2, held: new Map([['w_busy', 1]]) };
      const claimed = await store().claimWebhookDeliveries(100, 'n1', 1000, 4, share);
      expect(claimed.map((d) => d.id)).toEqual(['e_busy_0~w_busy', 'e_other_1~w_other', 'e_other_2~w_other']);
      const next = await store().claimWebhookDeliveries(100, 'n1', 1000, 1, share);
      expect(next.map((d) => d.id)).toEqual(['e_busy_1~w_busy']);
    });

    it('gives concurrent claimers disjoint deliveries', async () => {
      await store().putWebhookSubscription(sub('w_1', ['ticket.created']));
      await store().enqueueWebhookEvents(
        Array.from({ length: 40 }, (_, i) => event(`e_${i}`, 'ticket.created', i)),
      );
      const claims = await Promise.all(
        ['n1', 'n2', 'n3', 'n4'].map((n) => store().claimWebhookDeliveries(100, n, 1000, 15)),
      );
      const ids = claims.flat().map((d) => d.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toHaveLength(40);
    });

    it('records a batch of attempts at once, skipping those whose claim another node holds', async () => {
      await store().putWebhookSubscription(sub('w_1', ['ticket.created']));
      await store().enqueueWebhookEvents([
        event('e_1', 'ticket.created', 1),
        event('e_2', 'ticket.created', 2),
      ]);
      await store().claimWebhookDeliveries(10, 'n1', 100, 10);
      await store().claimWebhookDeliveries(200, 'n2', 100, 1);
      const attempt = (deliveryId: string) => ({
        attempt: { deliveryId, at: 210, statusCode: 204, durationMs: 3 },
        outcome: { status: 'delivered' as const },
      });
      expect(await store().recordWebhookAttempts('n1', [attempt('e_1~w_1'), attempt('e_2~w_1')])).toEqual([
        'e_2~w_1',
      ]);
      expect(await store().recordWebhookAttempts('n2', [attempt('e_1~w_1')])).toEqual(['e_1~w_1']);
      expect(await store().listWebhookDeliveries({ status: 'delivered' })).toHaveLength(2);
      expect(await store().recordWebhookAttempts('n2', [])).toEqual([]);
    });

    it('logs each attempt and sets what follows: a retry, delivered or dead', async () => {
      await store().putWebhookSubscription(sub('w_1', ['ticket.created']));
      await store().enqueueWebhookEvents([event('e_1', 'ticket.created', 100)]);
      const id = 'e_1~w_1';
      await store().claimWebhookDeliveries(100, 'n1', 1000, 10);
      expect(
        await store().recordWebhookAttempts('n1', [
          {
            attempt: { deliveryId: id, at: 110, statusCode: 500, error: 'HTTP 500', durationMs: 12 },
            outcome: { status: 'pending', nextAt: 5000 },
          },
        ]),
      ).toEqual([id]);
      expect(await store().getWebhookDelivery(id)).toMatchObject({
        status: 'pending',
        nextAt: 5000,
        attempts: 1,
        lastStatusCode: 500,
        lastError: 'HTTP 500',
        lastDurationMs: 12,
      });
      expect((await store().getWebhookDelivery(id))?.leaseOwner).toBeUndefined();
      expect(await store().claimWebhookDeliveries(4999, 'n1', 1000, 10)).toEqual([]);
      await store().claimWebhookDeliveries(5000, 'n2', 1000, 10);
      await store().recordWebhookAttempts('n2', [
        {
          attempt: { deliveryId: id, at: 5001, error: 'timed out', durationMs: 3000 },
          outcome: { status: 'dead' },
        },
      ]);
      const dead = await store().getWebhookDelivery(id);
      expect(dead).toMatchObject({ status: 'dead', nextAt: null, attempts: 2, lastError: 'timed out' });
      expect(dead?.lastStatusCode).toBeUndefined();
      expect(await store().listWebhookDeliveries({ status: 'dead' })).toHaveLength(1);
      expect(await store().listWebhookDeliveries({ status: 'pending' })).toEqual([]);
      expect(await store().listWebhookAttempts(id)).toEqual([
        { deliveryId: id, at: 110, statusCode: 500, error: 'HTTP 500', durationMs: 12 },
        { deliveryId: id, at: 5001, error: 'timed out', durationMs: 3000 },
      ]);
      // Redelivery: due now, with a fresh retry window, its history kept.
      expect(await store().redeliverWebhook(id, 9000)).toMatchObject({
        status: 'pending',
        nextAt: 9000,
        retryFrom: 9000,
        attempts: 2,
      });
      expect(await store().claimWebhookDeliveries(9000, 'n1', 1000, 10)).toMatchObject([{ id }]);
      expect(await store().redeliverWebhook('e_none~w_1', 9000)).toBeNull();
    });

    it('prunes delivered and dead deliveries older than a time, never pending ones', async () => {
      await store().putWebhookSubscription(sub('w_1', ['ticket.created']));
      await store().enqueueWebhookEvents([
        event('e_old_ok', 'ticket.created', 10),
        event('e_old_dead', 'ticket.created', 11),
        event('e_old_pending', 'ticket.created', 12),
        event('e_new_ok', 'ticket.created', 500),
      ]);
      const claimed = await store().claimWebhookDeliveries(1000, 'n1', 1000, 10);
      for (const d of claimed)
        if (d.eventId !== 'e_old_pending')
          await store().recordWebhookAttempts('n1', [
            {
              attempt: { deliveryId: d.id, at: 1000, statusCode: 200, durationMs: 1 },
              outcome: { status: d.eventId === 'e_old_dead' ? 'dead' : 'delivered' },
            },
          ]);
      expect(await store().pruneWebhookDeliveries(100)).toBe(2);
      expect((await store().listWebhookDeliveries({})).map((d) => d.eventId).sort()).toEqual([
        'e_new_ok',
        'e_old_pending',
      ]);
      expect(await store().listWebhookAttempts('e_old_ok~w_1')).toEqual([]);
    });

    it('deletes the deliveries of an erased conversation, sent or not, and no others', async () => {
      await store().createConversation({
        id: 'c_w',
        siteKey: 's',
        shopperId: 'p',
        state: { status: 'bot' },
        createdAt: 1,
      });
      await store().putWebhookSubscription(sub('w_1', ['message.created']));
      await store().enqueueWebhookEvents([
        { ...event('e_1', 'message.created', 1), conversationId: 'c_w' },
        { ...event('e_2', 'message.created', 2), conversationId: 'c_other' },
        event('e_3', 'message.created', 3),
      ]);
      const [first] = await store().claimWebhookDeliveries(1, 'n1', 100, 1);
      await store().recordWebhookAttempts('n1', [
        {
          attempt: { deliveryId: first!.id, at: 1, statusCode: 204, durationMs: 1 },
          outcome: { status: 'delivered' },
        },
      ]);
      await store().eraseConversation('c_w', 'anon');
      expect((await store().listWebhookDeliveries({})).map((d) => d.eventId).sort()).toEqual(['e_2', 'e_3']);
      expect(await store().listWebhookAttempts(first!.id)).toEqual([]);
    });

    it('lists deliveries newest first, up to a limit', async () => {
      await store().putWebhookSubscription(sub('w_1', ['ticket.created']));
      for (const i of [1, 2, 3]) await store().enqueueWebhookEvents([event(`e_${i}`, 'ticket.created', i)]);
      expect((await store().listWebhookDeliveries({ limit: 2 })).map((d) => d.eventId)).toEqual([
        'e_3',
        'e_2',
      ]);
    });
  });
}
