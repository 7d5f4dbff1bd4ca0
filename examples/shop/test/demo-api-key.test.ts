import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pgliteInitdbSeed } from '../../../packages/sdk/src/store/pglite-seed.ts';
import { openDemoStore } from '../src/hub.ts';
import { type Demo, startDemo } from '../src/server.ts';

let dir: string | undefined;
let running: { demo: Demo; close(): Promise<void> } | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

/** The demo as `pnpm demo` starts it, on its data folder `dir`. */
async function start(data: string) {
  const opened = await openDemoStore(data, { loadDataDir: await pgliteInitdbSeed() });
  const demo = await startDemo({ port: 0, store: opened.store, secret: opened.secret });
  running = {
    demo,
    async close() {
      await demo.close();
      await opened.store.close();
    },
  };
  return demo;
}

const conversations = (demo: Demo, key?: string) =>
  fetch(`${demo.shopUrl}api/v1/conversations`, key ? { headers: { authorization: `Bearer ${key}` } } : {});

describe("the demo's HTTP API key", () => {
  it('lets the docs’ requests be tried against `pnpm demo`, and is the same after a restart on the same data', async () => {
    dir = await mkdtemp(join(tmpdir(), 'kefu-demo-key-'));
    const first = await start(dir);
    expect(first.apiKey).toMatch(/^kefu_demo_[A-Za-z0-9_-]{43}$/);
    expect((await conversations(first)).status).toBe(401);
    const answer = await conversations(first, first.apiKey);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ items: expect.any(Array) });
    // Admin scope: it may make the merchant's own keys too.
    const made = await fetch(`${first.shopUrl}api/v1/api-keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${first.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'crm', scopes: ['read'] }),
    });
    expect(made.status).toBe(201);

    const key = first.apiKey;
    await running!.close();
    running = undefined;
    const again = await start(dir);
    expect(again.apiKey).toBe(key);
    expect((await conversations(again, key)).status).toBe(200);
  });
});
