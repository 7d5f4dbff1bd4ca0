import { ERROR_CODES } from '@kefu/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { REDIS_URL, redisMissing } from '../../../../test/servers.ts';
import type { Bus } from '../bus/bus.ts';
import { createRedisBus } from '../bus/redis-bus.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import { cuttableProxy } from '../testing/cuttable-proxy.ts';
import { agent, shopper, startHub, until } from '../testing/hub-fixture.ts';

const missing = await redisMissing();
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

describe.skipIf(missing !== null)(
  missing ? `a hub losing Redis (skipped: ${missing})` : 'a hub losing Redis',
  () => {
    it("shows a connected agent the shopper's messages it missed while its node was cut off from Redis", async () => {
      const prefix = `kefu:test:outage:${process.pid}:${Date.now().toString(36)}:`;
      const redis = new URL(REDIS_URL);
      const proxy = await cuttableProxy(redis.hostname, Number(redis.port || 6379));
      closers.push(() => proxy.close());
      const busErrors: Error[] = [];
      const busA = createRedisBus({ url: REDIS_URL, prefix });
      // Node B reaches Redis through the proxy, so only B is cut off.
      const busB = createRedisBus({
        url: `redis://127.0.0.1:${proxy.port}`,
        prefix,
        onConnectionError: (e) => busErrors.push(e),
      });
      closers.push(
        () => busA.close(),
        () => busB.close(),
      );
      const store = createMemoryStore();
      const node = (bus: Bus) => startHub({ store, bus, secret: 'outage-test-secret-0123456789' });
      const a = await node(busA);
      const b = await node(busB);

      const s = shopper(a.url);
      s.connect();
      await until(() => s.status === 'open', 'welcome');
      s.send('转人工');
      await until(() => s.state?.status === 'queued', 'queued');
      const mei = agent(b.url);
      const closes: { code?: number; reason?: string }[] = [];
      mei.on('connection', ({ status, code, reason }) => {
        if (status === 'reconnecting') closes.push({ code, reason });
      });
      await mei.connect();
      const c = await mei.accept(s.conversationId!);
      s.send('before the cut');
      const seen = () =>
        (mei.conversation(c.id)?.messages ?? []).flatMap((m) =>
          m.content.kind === 'text' ? [m.content.text] : [],
        );
      await until(
        () => seen().includes('before the cut'),
        () => `agent saw ${seen().join(' | ')}`,
      );

      await proxy.cut();
      await until(() => busErrors.length > 0, "node B's bus failing to reconnect");
      // Stored and acknowledged on node A; its event to node B is lost with B's subscription.
      s.send('while B was cut off');
      await until(() => s.outbox.length === 0, 'the shopper message acknowledged');
      await proxy.restore();
      await until(
        () => seen().includes('while B was cut off'),
        () => `agent saw ${seen().join(' | ')} (status ${mei.status})`,
      );
      expect(seen().filter((t) => t === 'while B was cut off')).toHaveLength(1);
      // Node B ended the console's connection with the outage's own code: not 4509 slow_consumer,
      // which tells a client it reads too slowly.
      expect(closes).toContainEqual({
        code: ERROR_CODES.bus_outage.close,
        reason: expect.stringMatching(/^bus_outage: /),
      });
      expect(closes.map((c) => c.code)).not.toContain(ERROR_CODES.slow_consumer.close);
    });
  },
);
