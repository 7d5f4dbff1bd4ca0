import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { rawSocket, until } from '../../packages/sdk/src/testing/hub-fixture.ts';
import { POSTGRES_URL } from '../servers.ts';
import { SHOP_ORIGIN, startHubProcess } from './hub-process.ts';

// The harness itself: if it cannot see what the hub holds, the attacks' "nothing remains" proves nothing.
describe('the attack harness', () => {
  it('runs a real hub process that serves shoppers, reports its figures and finds a value in its heap', async () => {
    const hub = await startHubProcess();
    const sock = await rawSocket(`${hub.wsUrl}/?site=shop`, SHOP_ORIGIN);
    sock.send({ v: 1, type: 'hello', role: 'shopper', siteKey: 'shop', deviceId: 'harness-device-1' });
    await sock.next('welcome');
    const marker = `harness-marker-${Date.now().toString(36)}`;
    sock.send({ v: 1, type: 'send', clientMsgId: 'm1', content: { kind: 'text', text: marker } });
    await sock.next('ack');

    const stats = await hub.stats({ gc: true, resetLoop: true });
    expect(stats.rss).toBeGreaterThan(stats.heapUsed);
    expect(stats.maxLoopDelayMs).toBeGreaterThan(0);
    expect(await hub.heapIncludes([marker, 'never-sent-value-0b9d'])).toEqual([marker]);
    const to = Date.now() + 60_000;
    expect(await hub.admin('report', { from: 0, to })).toMatchObject({ from: 0, to });
    await until(() => hub.logs.some((l) => l.includes('"hub.listening"')), 'the listening line');
    sock.ws.close();
    await hub.close();
    await expect(hub.stats()).rejects.toThrow(/exited/);
  });

  it('keeps a PostgreSQL store in a schema of its own, dropped when the hub closes', async () => {
    const hub = await startHubProcess({ store: 'postgres' });
    const sock = await rawSocket(`${hub.wsUrl}/?site=shop`, SHOP_ORIGIN);
    sock.send({ v: 1, type: 'hello', role: 'shopper', siteKey: 'shop', deviceId: 'harness-device-2' });
    await sock.next('welcome');
    const db = new pg.Client({ connectionString: POSTGRES_URL });
    await db.connect();
    try {
      const count = async () =>
        Number(
          (
            await db.query('SELECT count(*) AS n FROM information_schema.schemata WHERE schema_name = $1', [
              hub.schema,
            ])
          ).rows[0].n,
        );
      expect(await count()).toBe(1);
      sock.ws.close();
      await hub.close();
      expect(await count()).toBe(0);
    } finally {
      await db.end();
    }
  });
});
