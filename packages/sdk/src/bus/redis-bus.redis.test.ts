import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closedPort, REDIS_URL, redisMissing } from '../../../../test/servers.ts';
import type { LogFields } from '../logger.ts';
import { cuttableProxy } from '../testing/cuttable-proxy.ts';
import { until } from '../testing/until.ts';
import type { BusEvent } from './bus.ts';
import { busContract } from './bus-contract.ts';
import { createRedisBus } from './redis-bus.ts';

const missing = await redisMissing();
// Every test gets its own channel prefix, so parallel runs on one Redis never hear each other.
const base = `kefu:test:${process.pid}:${Date.now().toString(36)}`;
let tests = 0;
let prefix = '';
beforeEach(() => {
  prefix = `${base}:${++tests}:`;
});
const admin = missing ? undefined : new Redis(REDIS_URL);
afterAll(async () => {
  await admin?.quit();
});

const read = (seq: number): BusEvent => ({ kind: 'read', conversationId: 'c_1', by: 'agent', seq });

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('createRedisBus with no Redis to reach', () => {
  it('rejects ready() and its calls with a typed error naming the server, instead of waiting for ever', async () => {
    const url = `redis://:s3cret@127.0.0.1:${await closedPort()}`;
    const bus = createRedisBus({ url, prefix: 'kefu:nowhere:', onConnectionError: () => {} });
    cleanups.push(() => bus.close());
    const refused = {
      name: 'KefuError',
      code: 'internal',
      message: `cannot connect to the bus at ${url.replace(':s3cret@', '')} (connection refused)`,
      cause: { code: 'ECONNREFUSED' },
    };
    await expect(bus.ready()).rejects.toMatchObject(refused);
    await expect(bus.publish('inbox', read(1))).rejects.toMatchObject(refused);
    await expect(bus.subscribe('inbox', () => {})).rejects.toMatchObject(refused);
  });
});

describe.skipIf(missing !== null)(missing ? `Redis bus (skipped: ${missing})` : 'Redis bus', () => {
  busContract('Redis', {
    makeNode: async (onHandlerError) => createRedisBus({ url: REDIS_URL, prefix, onHandlerError }),
    multiNode: true,
  });

  describe('createRedisBus', () => {
    it('answers a ping on both connections while Redis is there, and fails it once closed', async () => {
      const bus = createRedisBus({ url: REDIS_URL, prefix });
      await bus.subscribe('inbox', () => {});
      await expect(bus.ping?.()).resolves.toBeUndefined();
      await bus.close();
      await expect(bus.ping?.()).rejects.toThrow();
    });

    it('closes once however often close() is called (the hub owner and a shutdown hook both may)', async () => {
      const bus = createRedisBus({ url: REDIS_URL, prefix });
      await bus.subscribe('inbox', () => {});
      await expect(Promise.all([bus.close(), bus.close()])).resolves.toEqual([undefined, undefined]);
      await expect(bus.close()).resolves.toBeUndefined();
    });

    it('keeps deployments with different prefixes apart', async () => {
      const shopA = createRedisBus({ url: REDIS_URL, prefix: `${prefix}a:` });
      const shopB = createRedisBus({ url: REDIS_URL, prefix: `${prefix}b:` });
      try {
        const onA: BusEvent[] = [];
        const onB: BusEvent[] = [];
        await shopA.subscribe('inbox', (e) => onA.push(e));
        let done!: () => void;
        const arrived = new Promise<void>((resolve) => {
          done = resolve;
        });
        await shopB.subscribe('inbox', (e) => {
          onB.push(e);
          done();
        });
        await shopA.publish('inbox', read(1));
        await shopB.publish('inbox', read(2));
        await arrived;
        // shopA's event was published first on the same server: had it leaked, B would hold it first.
        expect(onB).toEqual([read(2)]);
      } finally {
        await Promise.all([shopA.close(), shopB.close()]);
      }
    });

    it('keeps deployments on different Redis databases apart with the same prefix (pub/sub ignores the database)', async () => {
      const onDb = (db: number) => {
        const url = new URL(REDIS_URL);
        url.pathname = `/${db}`;
        return createRedisBus({ url: url.href, prefix });
      };
      const staging = onDb(2);
      const production = onDb(3);
      const productionNode2 = onDb(3);
      try {
        const heard: BusEvent[] = [];
        let done!: () => void;
        const arrived = new Promise<void>((resolve) => {
          done = resolve;
        });
        await production.subscribe('inbox', (e) => {
          heard.push(e);
          done();
        });
        await staging.publish('inbox', read(1));
        await productionNode2.publish('inbox', read(2));
        await arrived;
        // Staging's event was published first on the same server: had it leaked, production would hold it first.
        expect(heard).toEqual([read(2)]);
      } finally {
        await Promise.all([staging.close(), production.close(), productionNode2.close()]);
      }
    });

    it('reports a payload that is not JSON and goes on delivering', async () => {
      const errors: unknown[] = [];
      const bus = createRedisBus({ url: REDIS_URL, prefix, onHandlerError: (e) => errors.push(e) });
      try {
        const got: BusEvent[] = [];
        let done!: () => void;
        const arrived = new Promise<void>((resolve) => {
          done = resolve;
        });
        await bus.subscribe('conv:c_1', (e) => {
          got.push(e);
          done();
        });
        await admin!.publish(`${prefix}conv:c_1`, 'not json{');
        await bus.publish('conv:c_1', read(1));
        await arrived;
        expect(got).toEqual([read(1)]);
        expect(errors).toHaveLength(1);
      } finally {
        await bus.close();
      }
    });

    it('publishes through a client it was given and leaves that client open', async () => {
      const client = new Redis(REDIS_URL);
      const bus = createRedisBus({ client, prefix });
      try {
        let done!: (e: BusEvent) => void;
        const arrived = new Promise<BusEvent>((resolve) => {
          done = resolve;
        });
        await bus.subscribe('inbox', done);
        await bus.publish('inbox', read(5));
        expect(await arrived).toEqual(read(5));
        await bus.close();
        expect(await client.ping()).toBe('PONG');
      } finally {
        await client.quit();
      }
    });

    it('does not wait for Redis while it is down, sends the event once it is back and says it is back', async () => {
      const redis = new URL(REDIS_URL);
      const proxy = await cuttableProxy(redis.hostname, Number(redis.port || 6379));
      const errors: Error[] = [];
      const bus = createRedisBus({
        url: `redis://127.0.0.1:${proxy.port}`,
        prefix,
        onConnectionError: (e) => errors.push(e),
      });
      // Another node, still reaching Redis.
      const other = createRedisBus({ url: REDIS_URL, prefix });
      try {
        const got: BusEvent[] = [];
        await other.subscribe('inbox', (e) => got.push(e));
        await bus.subscribe('inbox', () => {});
        let reconnects = 0;
        bus.onReconnect?.(() => reconnects++);
        await proxy.cut();
        await until(() => errors.length > 0, 'a failed reconnect');
        // /readyz says why at once, instead of waiting for a PING queued until Redis is back.
        await expect(bus.ping?.()).rejects.toThrow(/connection to Redis is \w+ \(.*ECONNREFUSED/);
        // The hub's message path awaits this under the conversation's lock: it must not wait for
        // Redis to return (it used to, and then rejected after ioredis' retries ran out).
        await expect(bus.publish('inbox', read(1))).resolves.toBeUndefined();
        await proxy.restore();
        await until(() => got.length === 1, 'the event queued while Redis was away');
        expect(got).toEqual([read(1)]);
        await until(() => reconnects >= 1, 'told that the bus is back');
      } finally {
        await Promise.all([bus.close(), other.close()]);
        await proxy.close();
      }
    });

    it('does not hold a publish on a Redis that stops answering, and reconnects once it answers again', async () => {
      // A dead network path or a hung Redis: the connections stay open and nothing comes back.
      const redis = new URL(REDIS_URL);
      const proxy = await cuttableProxy(redis.hostname, Number(redis.port || 6379));
      const errors: Error[] = [];
      const bus = createRedisBus({
        url: `redis://127.0.0.1:${proxy.port}`,
        prefix,
        timeoutMs: 200,
        onConnectionError: (e) => errors.push(e),
      });
      const other = createRedisBus({ url: REDIS_URL, prefix });
      try {
        const there: BusEvent[] = [];
        const here: BusEvent[] = [];
        await other.subscribe('inbox', (e) => there.push(e));
        await bus.subscribe('inbox', (e) => here.push(e));
        let reconnects = 0;
        bus.onReconnect?.(() => reconnects++);
        proxy.stall();
        // The hub's message path awaits this under the conversation's lock.
        await expect(bus.publish('inbox', read(1))).resolves.toBeUndefined();
        await until(() => errors.some((e) => /timeout/i.test(e.message)), 'the silence reported');
        proxy.flow();
        await until(() => reconnects >= 1, 'told that the bus is back');
        // Both ways again: this node's subscriber was as dead as its publisher.
        for (let seq = 2; !there.some((e) => e.kind === 'read' && e.seq >= 2); seq++) {
          await bus.publish('inbox', read(seq));
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        for (let seq = 100; here.every((e) => e.kind !== 'read' || e.seq < 100); seq++) {
          await other.publish('inbox', read(seq));
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      } finally {
        await Promise.all([bus.close(), other.close()]);
        await proxy.close();
      }
    });

    it('subscribes again by itself after Redis drops the connection', async () => {
      const name = `kefu-test-${process.pid}-${tests}`;
      const bus = createRedisBus({ url: REDIS_URL, prefix, name });
      try {
        const got: BusEvent[] = [];
        await bus.subscribe('conv:c_1', (e) => got.push(e));
        // Kill only this bus's subscriber, found by its connection name.
        const clients = String(await admin!.call('CLIENT', 'LIST', 'TYPE', 'pubsub')).split('\n');
        const id = /\bid=(\d+)/.exec(clients.find((line) => line.includes(` name=${name}:sub `)) ?? '')?.[1];
        expect(id).toBeDefined();
        await admin!.call('CLIENT', 'KILL', 'ID', id!);
        // Publishing until one arrives: ioredis decides when it has reconnected, not this test.
        for (let seq = 1; got.length === 0; seq++) {
          await bus.publish('conv:c_1', read(seq));
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        expect(got[0]).toMatchObject({ kind: 'read' });
      } finally {
        await bus.close();
      }
    });

    it('logs bus.connection_error while Redis is gone after a start, and delivers again once it is back', async () => {
      const redis = new URL(REDIS_URL);
      const proxy = await cuttableProxy(redis.hostname, Number(redis.port || 6379));
      cleanups.push(() => proxy.close());
      const { port } = proxy;
      const logged: { event: string; fields: LogFields | undefined }[] = [];
      const bus = createRedisBus({
        url: `redis://127.0.0.1:${port}`,
        prefix,
        logger: { log: (_level, event, fields) => logged.push({ event, fields }) },
      });
      cleanups.push(() => bus.close());
      await bus.ready();
      const got: BusEvent[] = [];
      await bus.subscribe('conv:c_1', (e) => got.push(e));

      await proxy.cut();
      await until(() => logged.length > 0, 'a bus.connection_error while Redis is unreachable');
      expect(logged[0]).toMatchObject({
        event: 'bus.connection_error',
        fields: { server: `redis://127.0.0.1:${port}`, error: expect.stringContaining('ECONNREFUSED') },
      });

      await proxy.restore();
      // Publishing until one arrives: ioredis decides when it has reconnected and re-subscribed.
      for (let seq = 1; got.length === 0; seq++) {
        await bus.publish('conv:c_1', read(seq));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(got[0]).toMatchObject({ kind: 'read' });
    });

    it('logs an outage once per cause, not on every reconnect attempt, and again for the next outage', async () => {
      // ioredis retries each connection every ≤ 2 s for as long as Redis is away: a line per try was
      // thousands of identical warnings an hour per node.
      const redis = new URL(REDIS_URL);
      const proxy = await cuttableProxy(redis.hostname, Number(redis.port || 6379));
      cleanups.push(() => proxy.close());
      const logged: string[] = [];
      const bus = createRedisBus({
        url: `redis://127.0.0.1:${proxy.port}`,
        prefix,
        logger: { log: (_level, event, fields) => logged.push(`${event} ${fields?.error}`) },
      });
      cleanups.push(() => bus.close());
      await bus.ready();
      const got: BusEvent[] = [];
      await bus.subscribe('conv:c_1', (e) => got.push(e));
      const outage = async () => {
        await proxy.cut();
        // In the proxy's place, a port that takes each reconnect attempt and resets it.
        let attempts = 0;
        const resets = createServer((socket) => {
          attempts++;
          socket.resetAndDestroy();
        });
        await new Promise<void>((resolve) => resets.listen(proxy.port, '127.0.0.1', resolve));
        await until(
          () => attempts >= 6,
          () => `reconnect attempts (${attempts})`,
          30_000,
        );
        await new Promise<void>((resolve) => resets.close(() => resolve()));
        await proxy.restore();
        for (let seq = got.length + 1; got.length < seq; ) {
          await bus.publish('conv:c_1', read(seq));
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      };
      await outage();
      const first = logged.splice(0);
      expect(first.length).toBeGreaterThan(0);
      // One line per distinct cause (the cut, then the resets), not one per attempt.
      expect(new Set(first).size).toBe(first.length);
      await outage();
      expect(logged.length).toBeGreaterThan(0);
      expect(new Set(logged).size).toBe(logged.length);
    });
  });
});
