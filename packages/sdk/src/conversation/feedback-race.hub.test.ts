import { afterEach, describe, expect, it } from 'vitest';
import type { Hub } from '../hub/create-hub.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import type { Store } from '../store/store.ts';
import { rawSocket, startHub, until } from '../testing/hub-fixture.ts';
import { MAX_FEEDBACK_PER_ANSWER } from './learning.ts';

let hub: Hub | undefined;
const sockets: { ws: { close(): void } }[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.ws.close();
  await hub?.close();
  hub = undefined;
});

const hello = {
  v: 1,
  type: 'hello',
  id: 'h',
  role: 'shopper',
  siteKey: 'shop',
  deviceId: 'device-vote-race',
};

/**
 * A memory store whose event reads answer a few milliseconds after they read, as a database's do:
 * frames from other sockets get in between a vote's read and its write, as they do against PGlite.
 */
function databaseLikeStore(): Store {
  const real = createMemoryStore();
  return new Proxy(real, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop);
      if (prop !== 'listEvents' || typeof value !== 'function') return value;
      return async (...args: Parameters<Store['listEvents']>) => {
        const events = await real.listEvents(...args);
        await new Promise((resolve) => setTimeout(resolve, 5));
        return events;
      };
    },
  });
}

describe('"was this helpful?" votes on one answer', () => {
  it(`keeps at most ${MAX_FEEDBACK_PER_ANSWER} when the shopper sends them on several sockets at once`, async () => {
    const store = databaseLikeStore();
    const started = await startHub({ store, limits: { conversationMessageBurst: 100 } });
    hub = started.hub;
    // One shopper with five sockets (maxConnectionsPerShopper) voting helpful, not, helpful … at
    // once: every vote reads the votes given before it records its own.
    const all = await Promise.all(
      [0, 1, 2, 3, 4].map(async () => {
        const s = await rawSocket(`${started.url}?site=shop`);
        sockets.push(s);
        s.send(hello);
        await s.next('welcome');
        return s;
      }),
    );
    // The greeting (seq 1) is the bot's answer voted on.
    for (const [i, s] of all.entries())
      s.send({ v: 1, type: 'feedback', id: `f${i}`, seq: 1, helpful: i % 2 === 0 });
    for (const s of all) s.send({ v: 1, type: 'ping', id: 'done' });
    await until(
      () => all.every((s) => s.frames.some((f) => f.type === 'pong' && f.re === 'done')),
      'every socket to have handled its votes',
    );
    const refusals = all.flatMap((s) => s.frames.filter((f) => f.type === 'error')).map((f) => f.code);
    // Closing writes every event recorded (the event log is written in batches).
    await hub.close();
    hub = undefined;
    const kept = await store.listEvents({ kinds: ['feedback'] });
    // How many are kept depends on the order the frames arrive in (a vote equal to the last is a
    // no-op), never more than the cap: before the fix all five read no votes and all five were kept.
    expect(kept.length).toBeLessThanOrEqual(MAX_FEEDBACK_PER_ANSWER);
    expect(refusals.every((code) => code === 'conflict')).toBe(true);
  });
});
