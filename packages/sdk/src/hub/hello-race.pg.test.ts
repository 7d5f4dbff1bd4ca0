import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { POSTGRES_URL, postgresMissing } from '../../../../test/servers.ts';
import { shopperId } from '../shopper-id.ts';
import { createPostgresStore } from '../store/postgres-store.ts';
import type { Store } from '../store/store.ts';
import { rawSocket, startHub, until } from '../testing/hub-fixture.ts';
import type { Hub } from './create-hub.ts';

// Finding 10 of issue 14 across nodes: two hubs share one PostgreSQL store, and one shopper's
// hellos race on both. Each node serialises its own; the store decides between them.
const missing = await postgresMissing();
const schema = `kefu_h${process.pid}_${Date.now().toString(36)}`;
const pool = missing ? undefined : new pg.Pool({ connectionString: POSTGRES_URL, max: 10 });
const hubs: Hub[] = [];
type Welcome = { conversation: { id: string } };
afterEach(async () => {
  await Promise.all(hubs.splice(0).map((h) => h.close()));
});
afterAll(async () => {
  await pool?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await pool?.end();
});

describe.skipIf(missing !== null)(
  missing ? `hello race (skipped: ${missing})` : 'hello race on two nodes',
  () => {
    it('opens one conversation per shopper for 40 hellos each, racing across two hubs on one store', async () => {
      let store: Store | undefined;
      const node = async () => {
        const nodeStore = await createPostgresStore({ pool: pool!, schema });
        store ??= nodeStore;
        // The test opens all 320 sockets before it sends a hello: on a loaded machine (load 20) that
        // took 10 s, and the default 10 s hello timeout closed the first ones before their hello
        // (their sign-ins, 23–29 s more, now have the idle timeout). This test is about the race.
        const limits = { maxConnectionsPerShopper: 40, maxConnectionsPerIp: 1000, helloTimeoutMs: 600_000 };
        const started = await startHub({ store: nodeStore, limits });
        hubs.push(started.hub);
        return started.url;
      };
      const urls = [await node(), await node()];
      // Several shoppers at once, so the first hellos of a shopper on the two nodes do overlap.
      const devices = Array.from({ length: 8 }, (_, i) => `racing-device-${i}`);
      const socks = await Promise.all(
        devices.flatMap((deviceId) =>
          Array.from({ length: 40 }, async (_, i) => ({
            deviceId,
            sock: await rawSocket(`${urls[i % 2]}/?site=shop`),
          })),
        ),
      );
      for (const { sock, deviceId } of socks)
        sock.send({ v: 1, type: 'hello', role: 'shopper', siteKey: 'shop', deviceId });
      const welcomed = () => socks.filter(({ sock }) => sock.frames.some((f) => f.type === 'welcome')).length;
      // Why hellos got no welcome, if any did: a stuck one is still open, a refused one says why.
      const closedReasons = () => {
        const counts = new Map<string, number>();
        for (const { sock } of socks)
          if (sock.closed) counts.set(sock.closed.reason, (counts.get(sock.closed.reason) ?? 0) + 1);
        return JSON.stringify(Object.fromEntries(counts));
      };
      await until(
        () => welcomed() === socks.length,
        () => `${welcomed()} of ${socks.length} welcomed; closed: ${closedReasons()}`,
        30_000,
      );
      for (const deviceId of devices) {
        const ids = new Set(
          socks
            .filter((s) => s.deviceId === deviceId)
            .map(({ sock }) => (sock.frames.find((f) => f.type === 'welcome') as Welcome).conversation.id),
        );
        const stored = await store!.listConversations({
          siteKey: 'shop',
          shopperId: shopperId('d', deviceId),
        });
        expect({ deviceId, stored: stored.map((c) => c.id) }).toEqual({ deviceId, stored: [...ids] });
        const messages = await store!.listMessages(stored[0]!.id, { afterSeq: 0, limit: 100 });
        expect(messages.filter((m) => m.author.kind === 'bot')).toHaveLength(1);
      }
    });
  },
);
