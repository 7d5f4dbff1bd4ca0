import { describe, expect, it } from 'vitest';
import { rawSocket, until } from '../../packages/sdk/src/testing/hub-fixture.ts';
import { SHOP_ORIGIN, startHubProcess } from './hub-process.ts';
import { answeringAndSilentReceivers } from './webhook-receivers.ts';

// Finding (sixth pass, 2026-12-07): the webhook worker claimed a batch of due deliveries, sent them
// all and waited for the last before it claimed more. One subscriber that never answers (a receiver
// that is down behind a firewall that drops packets, or one that holds requests on purpose) held
// every pass for the whole `webhooks.timeoutMs` (10 s by default), so every other subscriber got its
// events late: each event after the first waited for the slow receiver's attempt to time out, and
// the node delivered at most `batch` (100) events per timeout over all subscribers (10 a second),
// where a shop's `message.created` alone runs faster, so the outbox fell further behind for good.
// Deliveries now go out as they are due while others are in flight, up to `batch` at once.

describe('a webhook receiver that never answers', () => {
  it("does not hold the other subscribers' deliveries until its attempts time out", async () => {
    const { answering, silent, received, silentAttempts } = await answeringAndSilentReceivers();
    const secret = 'webhook-secret-0123456789';
    const hub = await startHubProcess({
      options: {
        webhooks: {
          allowPrivateNetworks: true,
          timeoutMs: 8_000,
          subscriptions: [
            { url: answering, events: ['conversation.created'], secret },
            { url: silent, events: ['conversation.created'], secret },
          ],
        },
      },
    });
    for (let i = 0; i < 3; i++) {
      const shopper = await rawSocket(`${hub.wsUrl}/?site=shop`, SHOP_ORIGIN);
      shopper.send({ v: 1, type: 'hello', role: 'shopper', siteKey: 'shop', deviceId: `webhook-${i}` });
      const id = ((await shopper.next('welcome')).conversation as { id: string }).id;
      await until(() => received.includes(id), `conversation ${i} delivered to the fast receiver`, 30_000);
      // Delivered while the slow receiver still holds its attempts: nothing waited for them.
      expect(silentAttempts.closed).toBe(0);
      shopper.ws.close();
    }
    expect(silentAttempts.started).toBeGreaterThanOrEqual(1);
  }, 60_000);
});
