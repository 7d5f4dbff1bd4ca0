import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { REDIS_URL, redisMissing } from '../../../../test/servers.ts';
import { openBus } from './open-backends.ts';

const missing = await redisMissing();

describe.skipIf(missing !== null)(
  missing ? `a config hub's bus (skipped: ${missing})` : "a config hub's bus",
  () => {
    it('names its connections in CLIENT LIST by host and process, so on call can find and kill them', async () => {
      const bus = await openBus({ url: REDIS_URL, prefix: `kefu_obr${process.pid}:` });
      const admin = new Redis(REDIS_URL);
      try {
        const list = String(await admin.call('CLIENT', 'LIST'));
        const names = [...list.matchAll(/ name=(\S+)/g)].map((m) => m[1]);
        expect(names.filter((n) => n?.endsWith(`-${process.pid}:pub`) && n.startsWith('kefu-'))).toHaveLength(
          1,
        );
        expect(names.filter((n) => n?.endsWith(`-${process.pid}:sub`) && n.startsWith('kefu-'))).toHaveLength(
          1,
        );
      } finally {
        admin.disconnect();
        await bus?.close();
      }
    });
  },
);
