import { afterEach, describe, expect, it } from 'vitest';
import { closedPort } from '../../../../test/servers.ts';
import { createRedisBus } from '../bus/redis-bus.ts';
import { silentLogger } from '../logger.ts';
import { createHub, type Hub } from './create-hub.ts';

let hub: Hub | undefined;
afterEach(async () => {
  await hub?.close();
  hub = undefined;
});

describe('a hub whose bus cannot reach its server', () => {
  it('fails listen() with the bus error instead of waiting for ever', async () => {
    const port = await closedPort();
    const bus = createRedisBus({ url: `redis://127.0.0.1:${port}`, logger: silentLogger });
    hub = createHub({
      sites: [{ key: 'shop', origins: ['https://shop.example'] }],
      bus,
      logger: silentLogger,
    });
    await expect(hub.listen()).rejects.toMatchObject({
      name: 'KefuError',
      code: 'internal',
      message: `cannot connect to the bus at redis://127.0.0.1:${port} (connection refused)`,
    });
  });
});
