import { afterEach, describe, expect, it } from 'vitest';
import type { Bus } from '../bus/bus.ts';
import { createMemoryBus } from '../bus/memory-bus.ts';
import { agent, shopper, startHub, until } from '../testing/hub-fixture.ts';
import type { Hub } from './create-hub.ts';

/** A bus whose unsubscribes fail, as Redis's do while it is down. */
function busThatCannotUnsubscribe(): Bus {
  const inner = createMemoryBus();
  return {
    ...inner,
    publish: (channel, event) => inner.publish(channel, event),
    close: () => inner.close(),
    async subscribe(channel, handler) {
      await inner.subscribe(channel, handler);
      return () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379'));
    },
  };
}

describe('closing a hub while its bus cannot unsubscribe', () => {
  let hub: Hub | undefined;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  afterEach(async () => {
    process.off('unhandledRejection', onUnhandled);
    await hub?.close();
    hub = undefined;
  });

  it('ends without an unhandled rejection (one would end the process on its way down)', async () => {
    process.on('unhandledRejection', onUnhandled);
    const started = await startHub({ bus: busThatCannotUnsubscribe() });
    hub = started.hub;
    const a = agent(started.url);
    await a.connect();
    const s = shopper(started.url);
    s.connect();
    await until(() => s.status === 'open', 'shopper welcome');
    s.close();
    a.disconnect();
    await hub.close();
    hub = undefined;
    // Node reports an unhandled rejection after the microtasks of the turn it happened in.
    await new Promise((r) => setTimeout(r, 50));
    expect(unhandled).toEqual([]);
  });
});
