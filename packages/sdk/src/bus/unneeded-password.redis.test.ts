import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { REDIS_URL, redisMissing } from '../../../../test/servers.ts';
import type { LogFields } from '../logger.ts';
import { until } from '../testing/until.ts';
import { createRedisBus } from './redis-bus.ts';
import { passwordUnneeded } from './unneeded-password.ts';

const missing = await redisMissing();
// The test Redis asks no password (as the local one and CI's); a URL with one is the mistake.
const withPassword = REDIS_URL.replace(/^(rediss?:\/\/)(?:[^@/]*@)?/, '$1:s3cret@');

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
});
const connect = async (url: string) => {
  const redis = new Redis(url, { lazyConnect: true });
  opened.push({ close: async () => void redis.disconnect() });
  await redis.connect();
  return redis;
};

describe.skipIf(missing !== null)('a Redis URL with a password, for a Redis that asks none', () => {
  it('is told apart from a URL without one (ioredis signs in with HELLO, which such a Redis takes)', async () => {
    expect(await passwordUnneeded(await connect(withPassword))).toBe(true);
    expect(await passwordUnneeded(await connect(REDIS_URL))).toBe(false);
  });

  it('starts the bus, with a bus.password_unneeded warning naming the server without the password', async () => {
    const lines: { level: string; event: string; fields?: LogFields }[] = [];
    const bus = createRedisBus({
      url: withPassword,
      prefix: `kefu:test:pw:${process.pid}:`,
      logger: { log: (level, event, fields) => lines.push({ level, event, fields }) },
    });
    opened.push(bus);
    await bus.ready();
    await until(() => lines.some((l) => l.event === 'bus.password_unneeded'), 'the warning');
    const warning = lines.find((l) => l.event === 'bus.password_unneeded')!;
    expect(warning.level).toBe('warn');
    expect(warning.fields?.server).toBe(REDIS_URL.replace(/^(rediss?:\/\/)(?:[^@/]*@)?/, '$1'));
    expect(JSON.stringify(warning)).not.toContain('s3cret');
  });
});
