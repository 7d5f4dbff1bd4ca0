import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImageContent } from '@kefu/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { BlobStore } from '../blobs/blob-store.ts';
import { createLocalFolderBlobStore } from '../blobs/local-folder-blob-store.ts';
import { solid } from '../images/test-fixtures.ts';
import { ORIGIN, startHub, until } from '../testing/hub-fixture.ts';
import { track } from '../testing/started.ts';
import { type KeyValueStorage, memoryStorage } from '../transport/storage.ts';
import { createShopperClient } from './zod-client.ts';

// A photo goes through an HTTP upload before its send frame; text typed after it was sent (and
// stored) while the photo was still uploading. A held outbox entry keeps the photo's place, over a
// real hub, across the offline period and the reload the widget goes through.

let dir: string;
let blobs: BlobStore;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kefu-held-photo-'));
  blobs = await createLocalFolderBlobStore({ dir });
});
afterAll(async () => {
  await blobs.close();
  await rm(dir, { recursive: true, force: true });
});

async function hubWithPhotos() {
  const { url } = await startHub({
    images: { blobStore: blobs, maxBytes: 200_000, secret: 'image-url-secret-for-tests-0123456789' },
  });
  return url;
}

/** A page of the shop: a client on `storage`, welcomed by the hub. */
async function page(url: string, storage: KeyValueStorage) {
  const client = track(createShopperClient({ url, siteKey: 'shop', WebSocket, origin: ORIGIN, storage }));
  let welcomes = 0;
  client.on('welcome', () => welcomes++);
  client.connect();
  await until(() => welcomes > 0 && client.status === 'open', 'a welcome');
  return client;
}

/** What the widget does with a queued photo once online: upload it with the session, get its image. */
async function upload(url: string, client: ReturnType<typeof createShopperClient>): Promise<ImageContent> {
  const answer = await fetch(
    `${url.replace(/^ws/, 'http')}/api/v1/uploads?conversation=${client.conversationId}`,
    {
      method: 'POST',
      headers: { authorization: `Bearer ${client.session}`, origin: ORIGIN },
      body: new Uint8Array(await solid(64, 48, 'jpeg')),
    },
  );
  expect(answer.status).toBe(201);
  return ((await answer.json()) as { image: ImageContent }).image;
}

const shopperLines = (client: ReturnType<typeof createShopperClient>) =>
  client.messages
    .filter((m) => m.author.kind === 'shopper')
    .map((m) =>
      m.content.kind === 'image'
        ? `photo: ${m.content.caption}`
        : `text: ${'text' in m.content ? m.content.text : ''}`,
    );

describe('a photo held in the outbox while it uploads', () => {
  it('is stored before the text sent after it while offline, after a reload', async () => {
    const url = await hubWithPhotos();
    const storage = memoryStorage();
    const first = await page(url, storage);
    // Offline: the photo (to be uploaded) and then a text, both queued; the page is then reloaded.
    first.close();
    const photoId = first.send({ kind: 'text', text: 'PHOTO caption first' }, undefined, true);
    first.send('TEXT second');
    expect(first.outbox.map((e) => [e.content, e.held])).toEqual([
      [{ kind: 'text', text: 'PHOTO caption first' }, true],
      [{ kind: 'text', text: 'TEXT second' }, undefined],
    ]);

    const reloaded = await page(url, storage);
    expect(reloaded.outbox.map((e) => e.clientMsgId)).toEqual([photoId, expect.any(String)]);
    const image = await upload(url, reloaded);
    // Nothing went while the photo uploaded: the text waits behind it.
    expect(shopperLines(reloaded)).toEqual([]);
    reloaded.send({ ...image, caption: 'PHOTO caption first' }, photoId);
    await until(() => reloaded.outbox.length === 0 && shopperLines(reloaded).length === 2, 'both stored');
    expect(shopperLines(reloaded)).toEqual(['photo: PHOTO caption first', 'text: TEXT second']);

    // And so they stay for a page that loads the conversation afresh.
    const later = await page(url, storage);
    await until(() => shopperLines(later).length === 2, 'the history');
    expect(shopperLines(later)).toEqual(['photo: PHOTO caption first', 'text: TEXT second']);
  });

  it('lets the text after it go once it is discarded (the photo was refused)', async () => {
    const url = await hubWithPhotos();
    const client = await page(url, memoryStorage());
    const photoId = client.send({ kind: 'text', text: '📷' }, undefined, true);
    client.send('TEXT second');
    client.discard(photoId);
    await until(() => client.outbox.length === 0 && shopperLines(client).length === 1, 'the text stored');
    expect(shopperLines(client)).toEqual(['text: TEXT second']);
  });
});
