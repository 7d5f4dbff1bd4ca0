import { describe, expect, it } from 'vitest';
import { rawSocket, until } from '../../packages/sdk/src/testing/hub-fixture.ts';
import { SHOP_ORIGIN, startHubProcess } from './hub-process.ts';
import { answeringAndSilentReceivers } from './webhook-receivers.ts';

// Finding (seventh pass, 2026-12-07): a node's `webhooks.batch` attempt slots were shared by every
// subscriber. A receiver that never answers (down behind a firewall that drops packets, or one
// that holds requests on purpose) kept each of its attempts for the whole `webhooks.timeoutMs`, and
// as its deliveries came due they took every slot: the other subscribers' events then waited for
// its attempts to time out, whatever the order they were due in. One subscriber now holds at most
// `webhooks.perSubscription` of a node's attempts (default a quarter of `batch`), so the others
// keep the rest.

describe('a webhook receiver that never answers, with more deliveries due than a node has slots', () => {
  it("does not take every slot from the other subscribers' deliveries", async () => {
    const { answering, silent, received, silentAttempts } = await answeringAndSilentReceivers();
    const secret = 'webhook-secret-0123456789';
    const batch = 4;
    const hub = await startHubProcess({
      options: {
        webhooks: {
          allowPrivateNetworks: true,
          timeoutMs: 8_000,
          batch,
          subscriptions: [
            { url: silent, events: ['conversation.created'], secret },
            { url: answering, events: ['conversation.created'], secret },
          ],
        },
      },
    });
    // Twice as many events as the node has slots: the silent receiver's attempts alone could fill them.
    for (let i = 0; i < batch * 2; i++) {
      const shopper = await rawSocket(`${hub.wsUrl}/?site=shop`, SHOP_ORIGIN);
      shopper.send({ v: 1, type: 'hello', role: 'shopper', siteKey: 'shop', deviceId: `starve-${i}` });
      const id = ((await shopper.next('welcome')).conversation as { id: string }).id;
      await until(
        () => received.includes(id),
        `conversation ${i} delivered to the answering receiver`,
        30_000,
      );
      // Delivered while the silent receiver still holds its attempts: nothing waited for them.
      expect(silentAttempts.closed).toBe(0);
      shopper.ws.close();
    }
    expect(silentAttempts.started).toBeGreaterThanOrEqual(1);
  }, 60_000);
});

// Finding (eighth pass, 2026-12-07): the share above bounds one receiver, not several. Four
// receivers that never answer, each at its share (a quarter of `batch`), held every slot of the
// node between them, for as long as they had deliveries due (a busy shop's `message.created`: for
// good), and every other subscriber's events waited for their timeouts. A subscription now has one
// attempt in flight on a node until one there succeeds, and again after one fails, and failing
// subscriptions together at most half of `batch`.
describe('four webhook receivers that never answer, each at its share of a node', () => {
  it("do not take every slot from the other subscribers' deliveries once they have failed", async () => {
    const { answering, silents, received, silentAttempts } = await answeringAndSilentReceivers(4);
    const secret = 'webhook-secret-0123456789';
    const hub = await startHubProcess({
      options: {
        webhooks: {
          allowPrivateNetworks: true,
          timeoutMs: 4_000,
          batch: 8,
          subscriptions: [
            ...silents.map((url) => ({ url, events: ['conversation.created'], secret })),
            { url: answering, events: ['conversation.created'], secret },
          ],
        },
      },
    });
    const converse = async (deviceId: string) => {
      const shopper = await rawSocket(`${hub.wsUrl}/?site=shop`, SHOP_ORIGIN);
      shopper.send({ v: 1, type: 'hello', role: 'shopper', siteKey: 'shop', deviceId });
      const id = ((await shopper.next('welcome')).conversation as { id: string }).id;
      shopper.ws.close();
      return id;
    };
    // One event, which each silent receiver fails by its timeout (its retry is not due for 10 s).
    const first = await converse('four-dead-first');
    await until(() => silentAttempts.closed >= silents.length, 'the silent receivers timed out once', 30_000);
    await until(() => received.includes(first), 'the first conversation delivered', 30_000);
    // More events than the silent receivers' shares leave room for: before the fix they took all
    // eight slots again, and the answering receiver's events waited for their timeouts.
    const closedBefore = silentAttempts.closed;
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(await converse(`four-dead-${i}`));
    await until(() => ids.every((id) => received.includes(id)), 'every conversation delivered', 30_000);
    expect(silentAttempts.closed).toBe(closedBefore);
    expect(silentAttempts.started).toBeGreaterThan(closedBefore);
  }, 60_000);
});
