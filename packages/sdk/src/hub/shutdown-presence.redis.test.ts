import { afterEach, describe, expect, it } from 'vitest';
import { REDIS_URL, redisMissing } from '../../../../test/servers.ts';
import type { Bus } from '../bus/bus.ts';
import { createRedisBus } from '../bus/redis-bus.ts';
import type { LogFields } from '../logger.ts';
import { shopper, startHub, until } from '../testing/hub-fixture.ts';

const missing = await redisMissing();
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/**
 * A Redis bus whose unsubscribes are answered only once it is closed, and whose publishes fail
 * from then on: a shopper connection that the hub's shutdown cut ends after `hub.close()`
 * returned and the owner closed the bus, as it did now and then under `kefu hub` on SIGTERM.
 */
function busAnsweringUnsubscribesLate(prefix: string): Bus {
  const bus = createRedisBus({ url: REDIS_URL, prefix });
  let closing = () => {};
  const closed = new Promise<void>((resolve) => {
    closing = resolve;
  });
  // Closed by the test and again after it: once (a second QUIT right after the first fails).
  let closedOnce: Promise<void> | undefined;
  return {
    ...bus,
    // ioredis rejects a command whose connection closes before the answer; after the close it
    // queues it quietly instead, so which one a late publish gets is a race: this bus always rejects.
    publish: (channel, event) =>
      closedOnce ? Promise.reject(new Error('Connection is closed.')) : bus.publish(channel, event),
    async subscribe(channel, handler) {
      const off = await bus.subscribe(channel, handler);
      return async () => {
        // Sent at once; its answer is not this test's subject (one that loses the race with the
        // test's bus.close() fails, and would be an unhandled rejection while this waits).
        const answered = off().catch(() => {});
        await closed;
        await answered;
      };
    },
    close() {
      closedOnce ??= bus.close().then(closing);
      return closedOnce;
    },
  };
}

describe.skipIf(missing !== null)(
  missing ? `a hub shut down on Redis (skipped: ${missing})` : 'a hub shut down on Redis',
  () => {
    it('logs no fault for a shopper connection that ends after the hub and its bus closed', async () => {
      const bus = busAnsweringUnsubscribesLate(
        `kefu:test:shutdown:${process.pid}:${Date.now().toString(36)}:`,
      );
      closers.push(() => bus.close());
      const logged: Array<{ event: string; fields: LogFields | undefined }> = [];
      const { hub, url } = await startHub({
        bus,
        logger: { log: (_level, event, fields) => logged.push({ event, fields }) },
      });
      let ended = false;
      hub.on('connection', (e) => {
        if (e.role === 'shopper' && e.event === 'close') ended = true;
      });
      const s = shopper(url);
      s.connect();
      await until(() => s.status === 'open', 'shopper welcome');
      await hub.close();
      await bus.close();
      s.close();
      const faults = () => logged.filter((l) => l.event.startsWith('hub.fault'));
      await until(() => ended || faults().length > 0, "the shopper's session ended");
      expect(faults()).toEqual([]);
    });
  },
);
