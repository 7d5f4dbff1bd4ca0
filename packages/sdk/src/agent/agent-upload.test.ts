import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImageContent } from '@kefu/protocol';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BlobStore } from '../blobs/blob-store.ts';
import { createLocalFolderBlobStore } from '../blobs/local-folder-blob-store.ts';
import { type Clock, systemClock } from '../clock.ts';
import { solid } from '../images/test-fixtures.ts';
import { cuttableProxy } from '../testing/cuttable-proxy.ts';
import { AGENT_TOKEN, handedToAgent, shopper, startHub, until } from '../testing/hub-fixture.ts';
import { trackHub } from '../testing/started.ts';
import { hubHttpOrigin, uploadImage } from './agent-upload.ts';

// The agent client's photo helpers over a real hub: upload with the agent's token, send, and read
// a message again when its image URLs have expired.

let dir: string;
let blobs: BlobStore;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kefu-agent-upload-'));
  blobs = await createLocalFolderBlobStore({ dir });
});
afterAll(async () => {
  await blobs.close();
  await rm(dir, { recursive: true, force: true });
});

/** Real time shifted by `skew`: a test moves the hub hours ahead without waiting. */
function skewedClock() {
  const clock = { skew: 0 } as Clock & { skew: number };
  clock.now = () => Date.now() + clock.skew;
  clock.setTimeout = systemClock.setTimeout;
  clock.clearTimeout = systemClock.clearTimeout;
  return clock;
}

/** A hub with photos, a shopper waiting for a person and Mei in the conversation. */
async function agentInConversation(clock: Clock = systemClock) {
  const { url } = await startHub({ clock, images: { blobStore: blobs, urlTtlMs: 3_600_000 } });
  const { s, a, conversation: c } = await handedToAgent(url);
  return { url, s, a, conversationId: c.id };
}

describe('hubHttpOrigin', () => {
  it('maps the WebSocket URL to the HTTP origin of the same server', () => {
    expect(hubHttpOrigin('wss://hub.example/kefu?x=1')).toBe('https://hub.example');
    expect(hubHttpOrigin('ws://127.0.0.1:5173/kefu')).toBe('http://127.0.0.1:5173');
  });
});

describe('agent.uploadImage over a real hub', () => {
  it('uploads with the agent’s token, and the shopper gets the photo with its caption', async () => {
    const { url, s, a, conversationId } = await agentInConversation();
    const image = await a.uploadImage(
      conversationId,
      new Blob([new Uint8Array(await solid(300, 200, 'png'))]),
    );
    expect(image).toMatchObject({ kind: 'image', width: 300, height: 200 });

    await a.send(conversationId, { ...image, caption: '尺码表' });
    await until(() => s.messages.some((m) => m.content.kind === 'image'), 'the shopper gets the photo');
    const got = s.messages.find((m) => m.content.kind === 'image')!.content as ImageContent;
    expect(got).toMatchObject({ id: image.id, caption: '尺码表' });

    const src = a.imageSrc(got.thumbnailUrl);
    expect(src.startsWith(`${hubHttpOrigin(url)}/images/${conversationId}/${image.id}/thumb?t=`)).toBe(true);
    const thumb = await fetch(src);
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toMatch(/^image\//);
  });

  it('rejects an SVG with the hub’s reason, and a conversation the agent may not write in', async () => {
    const { url, a, conversationId } = await agentInConversation();
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>');
    await expect(a.uploadImage(conversationId, svg)).rejects.toMatchObject({
      name: 'KefuError',
      code: 'invalid_frame',
      message: expect.stringMatching(/^unsupported_type:/),
    });

    // Another shopper, still with the bot: not Mei's to write in.
    const other = shopper(url);
    other.connect();
    await until(() => other.status === 'open' && other.conversationId !== undefined, 'welcome');
    await expect(a.uploadImage(other.conversationId!, await solid(8, 8, 'png'))).rejects.toMatchObject({
      code: 'forbidden',
    });
  });

  it('rejects with connection_lost (retryable) when the hub cannot be reached', async () => {
    const { url } = await startHub({ images: { blobStore: blobs } });
    const port = Number(new URL(url).port);
    const proxy = trackHub(await cuttableProxy('127.0.0.1', port));
    await proxy.cut(); // nothing listens at the address the agent uploads to
    const upload = uploadImage({
      origin: `http://127.0.0.1:${proxy.port}`,
      token: AGENT_TOKEN,
      conversationId: 'c_1',
      body: await solid(8, 8, 'png'),
    });
    await expect(upload).rejects.toMatchObject({
      name: 'KefuError',
      code: 'connection_lost',
      retryable: true,
      message: expect.stringMatching(/^the upload did not reach the hub/),
    });
  });

  it('names images.consoleOrigins when a page on another origin cannot reach the hub', async () => {
    // A console served beside a `kefu hub` (another port) got "TypeError: Failed to fetch" alone:
    // the hub's CORS refusal is all a browser sees of it.
    const { url } = await startHub({ images: { blobStore: blobs } });
    const port = Number(new URL(url).port);
    const proxy = trackHub(await cuttableProxy('127.0.0.1', port));
    await proxy.cut();
    vi.stubGlobal('location', { origin: 'http://127.0.0.1:5174' });
    try {
      await expect(
        uploadImage({
          origin: `http://127.0.0.1:${proxy.port}`,
          token: AGENT_TOKEN,
          conversationId: 'c_1',
          body: await solid(8, 8, 'png'),
        }),
      ).rejects.toMatchObject({
        code: 'connection_lost',
        message: expect.stringContaining('http://127.0.0.1:5174 in images.consoleOrigins'),
      });
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('reads a message again for fresh URLs once the ones held have expired', async () => {
    const clock = skewedClock();
    const { a, conversationId } = await agentInConversation(clock);
    const image = await a.uploadImage(conversationId, await solid(64, 64, 'jpeg'));
    const { seq } = await a.send(conversationId, { ...image, caption: 'size chart' });
    await until(() => a.conversation(conversationId)?.lastSeq === seq, 'the message in the view');
    const held = a.conversation(conversationId)!.messages.find((m) => m.seq === seq)!.content as ImageContent;
    expect((await fetch(a.imageSrc(held.thumbnailUrl))).status).toBe(200);

    clock.skew = 2 * 3_600_000;
    expect((await fetch(a.imageSrc(held.thumbnailUrl))).status).toBe(403);

    const fresh = await a.refreshMessage(conversationId, seq);
    const content = fresh?.content as ImageContent;
    expect(content).toMatchObject({ id: image.id, caption: 'size chart' });
    expect(content.thumbnailUrl).not.toBe(held.thumbnailUrl);
    expect((await fetch(a.imageSrc(content.thumbnailUrl))).status).toBe(200);
    // The view holds the fresh copy, in place.
    const now = a.conversation(conversationId)!.messages.find((m) => m.seq === seq)!.content as ImageContent;
    expect(now.url).toBe(content.url);
  });
});
