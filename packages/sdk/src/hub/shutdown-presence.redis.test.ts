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
 * A Redis bus whose unsubscribes are answered only once it is closing: a shopper connection that
 * the hub's shutdown cut ends after `hub.close()` returned and the owner closed the bus, as it
 * did now and then under `kefu hub` on SIGTERM.
 */
function busAnsweringUnsubscribesLate(prefix: string): Bus {
  const bus = createRedisBus({ url: REDIS_URL, prefix });
  let closing = () => {};
  const closed = new Promise<void>((resolve) => {
    closing = resolve;
  });
  return {
    ...bus,
    publish: (channel, event) => bus.publish(channel, event),
    async subscribe(channel, handler) {
      const off = await bus.subscribe(channel, handler);
      return async () => {
        const answered = off();
        await closed;
        await answered;
      };
    },
    async close() {
      await bus.close();
      closing();
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
