import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createLocalFolderBlobStore } from '../blobs/local-folder-blob-store.ts';
import { createShopperClient as createLightClient } from '../client/light-client.ts';
import { createShopperClient } from '../client/zod-client.ts';
import { AGENT_TOKEN, agent, ORIGIN, rawSocket, startHub, until } from '../testing/hub-fixture.ts';
import { track } from '../testing/started.ts';
import { memoryStorage } from '../transport/storage.ts';

// A hub without `images` refuses every upload (403 forbidden): its welcome says so, and a widget
// offers no photo button there.
describe('the shopper welcome says whether the hub takes photos', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = '';
  });

  const welcomed = async (url: string, light?: true) => {
    const make = light ? createLightClient : createShopperClient;
    const client = track(make({ url, siteKey: 'shop', WebSocket, origin: ORIGIN, storage: memoryStorage() }));
    let photos: boolean | undefined;
    client.on('welcome', (w) => {
      photos = w.photos;
    });
    client.connect();
    await until(() => photos !== undefined, 'welcome');
    return photos;
  };

  it('false from a hub without images, true from one with them, to both clients and on the wire', async () => {
    const without = await startHub();
    expect(await welcomed(without.url)).toBe(false);
    expect(await welcomed(without.url, true)).toBe(false);
    const raw = await rawSocket(`${without.url}/?site=shop`);
    raw.send({ v: 1, type: 'hello', role: 'shopper', siteKey: 'shop', deviceId: 'device-1', id: 'h1' });
    expect(await raw.next('welcome')).toMatchObject({ photos: false });
    raw.ws.close();

    dir = await mkdtemp(join(tmpdir(), 'kefu-welcome-photos-'));
    const withImages = await startHub({ images: { blobStore: await createLocalFolderBlobStore({ dir }) } });
    expect(await welcomed(withImages.url)).toBe(true);
    expect(await welcomed(withImages.url, true)).toBe(true);
  });
});

// The same for agents (2026-12-07): the console offered "Attach an image" on a hub without images.
describe('the agent welcome says whether the hub takes photos', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = '';
  });

  it('false from a hub without images, true from one with them', async () => {
    const without = await startHub();
    const a = agent(without.url, AGENT_TOKEN);
    await a.connect();
    expect(a.photos).toBe(false);
    dir = await mkdtemp(join(tmpdir(), 'kefu-welcome-photos-'));
    const withImages = await startHub({ images: { blobStore: await createLocalFolderBlobStore({ dir }) } });
    const b = agent(withImages.url, AGENT_TOKEN);
    await b.connect();
    expect(b.photos).toBe(true);
  });
});
