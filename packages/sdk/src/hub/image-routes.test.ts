import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImageContent, Message } from '@kefu/protocol';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { BlobStore } from '../blobs/blob-store.ts';
import { createLocalFolderBlobStore } from '../blobs/local-folder-blob-store.ts';
import { createShopperClient } from '../client/zod-client.ts';
import { systemClock } from '../clock.ts';
import { signImageUrl } from '../images/image-url.ts';
import { hasGpsPointer, jpegWithGps, solid } from '../images/test-fixtures.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import {
  AGENT_TOKEN,
  agent,
  ORIGIN,
  rawSocket,
  SUPERVISOR_TOKEN,
  startHub,
  until,
} from '../testing/hub-fixture.ts';
import { track } from '../testing/started.ts';
import { memoryStorage } from '../transport/storage.ts';
import type { Hub } from './create-hub.ts';

// Photos end to end over the hub's own HTTP server and WebSocket: a headless shopper (the zod
// client with ws and an origin, as an integrator writes it) uploads, sends, and an agent sees it.

const SECRET = 'image-url-secret-for-tests-0123456789';
let dir: string;
let blobs: BlobStore;
let hub: Hub;
let url: string;
let http: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kefu-images-'));
  blobs = await createLocalFolderBlobStore({ dir });
});
// A hub per test: the fixture closes hubs and clients after each one.
beforeEach(async () => {
  ({ hub, url } = await startHub({ images: { blobStore: blobs, maxBytes: 200_000, secret: SECRET } }));
  http = url.replace(/^ws/, 'http');
});
afterAll(async () => {
  await blobs.close();
  await rm(dir, { recursive: true, force: true });
});

async function shopperInConversation(locale?: string) {
  const storage = memoryStorage();
  const client = track(
    createShopperClient({
      url,
      siteKey: 'shop',
      WebSocket,
      origin: ORIGIN,
      storage,
      ...(locale ? { locale } : {}),
    }),
  );
  let shopperId = '';
  client.on('welcome', (w) => {
    shopperId = w.shopperId;
  });
  client.connect();
  await until(() => client.status === 'open' && shopperId !== '', 'welcome');
  return { client, session: client.session!, conversationId: client.conversationId!, shopperId };
}

/** A shopper's conversation that Mei accepted after they asked for a person. */
async function acceptedByMei() {
  const { client, conversationId } = await shopperInConversation();
  client.send('转人工');
  await until(() => client.state?.status === 'queued', 'queued');
  const mei = agent(url);
  await mei.connect();
  await mei.accept(conversationId);
  return { client, conversationId, mei };
}

function upload(
  body: Uint8Array,
  {
    conversationId,
    token,
    origin = ORIGIN,
    scheme = 'Bearer',
  }: { conversationId: string; token: string; origin?: string; scheme?: string },
) {
  return fetch(`${http}/api/v1/uploads?conversation=${conversationId}`, {
    method: 'POST',
    headers: { authorization: `${scheme} ${token}`, origin, 'content-type': 'application/octet-stream' },
    body: new Uint8Array(body),
  });
}

/**
 * An upload that sends its headers and the first 10 bytes, then stalls mid-body (a slow link or a
 * client posting in parallel): `finish()` sends the rest; `answered` is the hub's status and body.
 */
function stalledUpload(photo: Uint8Array, conversationId: string, token: string) {
  const req = request({
    host: '127.0.0.1',
    port: new URL(http).port,
    method: 'POST',
    path: `/api/v1/uploads?conversation=${conversationId}`,
    headers: { authorization: `Bearer ${token}`, origin: ORIGIN, 'content-length': photo.byteLength },
  });
  const answered = new Promise<{ status: number; body: string }>((resolve) =>
    req.on('response', (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString('utf8');
      });
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    }),
  );
  req.on('error', () => {});
  req.write(photo.subarray(0, 10));
  return { answered, finish: () => req.end(photo.subarray(10)) };
}

const absolute = (path: string) => new URL(path, http).href;

describe('photos over the hub’s HTTP server', () => {
  it('are served by hub.http.middleware on the merchant’s own server too, with the rest of the API', async () => {
    const { session, conversationId } = await shopperInConversation();
    const middleware = hub.http.middleware();
    const own = createServer((req, res) => middleware(req, res, () => res.writeHead(404).end('theirs')));
    await new Promise<void>((resolve) => own.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(own.address() as AddressInfo).port}`;
      const answer = await fetch(`${base}/api/v1/uploads?conversation=${conversationId}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${session}`,
          origin: ORIGIN,
          'content-type': 'application/octet-stream',
        },
        body: new Uint8Array(await jpegWithGps(64, 48)),
      });
      expect(answer.status).toBe(201);
      const { image } = (await answer.json()) as { image: ImageContent };
      expect((await fetch(new URL(image.thumbnailUrl, base))).headers.get('content-type')).toBe('image/jpeg');
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect(await (await fetch(`${base}/elsewhere`)).text()).toBe('theirs');
    } finally {
      await new Promise((resolve) => own.close(resolve));
    }
  });

  it('takes a JPEG without its GPS position, and an agent gets the message with working URLs', async () => {
    const { client, session, conversationId } = await shopperInConversation();
    const original = await jpegWithGps(640, 480);
    expect(hasGpsPointer((await sharp(original).metadata()).exif)).toBe(true);

    const answer = await upload(original, { conversationId, token: session });
    expect(answer.status).toBe(201);
    const { image } = (await answer.json()) as { image: ImageContent };
    expect(image).toMatchObject({ kind: 'image', mediaType: 'image/jpeg', width: 480, height: 640 });

    const full = await fetch(absolute(image.url));
    expect(full.status).toBe(200);
    expect(full.headers.get('x-content-type-options')).toBe('nosniff');
    const stored = Buffer.from(await full.arrayBuffer());
    expect(stored.byteLength).toBe(image.size);
    expect((await sharp(stored).metadata()).exif).toBeUndefined();

    // The shopper's own URLs are ignored: the hub keeps what it stored.
    client.send({ ...image, url: 'https://evil.example/x.jpg', caption: '箱子压坏了' });
    await until(() => client.messages.some((m) => m.content.kind === 'image'), 'the photo echoed');

    const boss = agent(url, SUPERVISOR_TOKEN);
    await boss.connect();
    const open = await boss.join(conversationId);
    const seen = open.messages.find((m: Message) => m.content.kind === 'image')?.content as ImageContent;
    expect(seen).toMatchObject({ id: image.id, caption: '箱子压坏了', width: 480, height: 640 });
    expect(seen.url.startsWith(`/images/${conversationId}/${image.id}/full?t=`)).toBe(true);
    const thumb = await fetch(absolute(seen.thumbnailUrl));
    expect(thumb.status).toBe(200);
    const { width = 0, height = 0 } = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata();
    expect(Math.max(width, height)).toBe(320);
  });

  it('gives a client that did not list the image feature a text line with the caption and link', async () => {
    const { client, session, conversationId } = await shopperInConversation();
    const { image } = (await (
      await upload(await solid(40, 30, 'png'), { conversationId, token: session })
    ).json()) as {
      image: ImageContent;
    };
    client.send({ ...image, caption: 'the label' });
    await until(() => client.messages.some((m) => m.content.kind === 'image'), 'the photo stored');
    const raw = await rawSocket(`${url}?site=shop`);
    raw.send({ v: 1, type: 'hello', role: 'shopper', siteKey: 'shop', deviceId: 'd_old', session });
    await until(
      () =>
        raw.frames.some(
          (f) =>
            f.type === 'message' &&
            (f.message as Message).content.kind === 'text' &&
            ((f.message as Message).content as { text: string }).text.startsWith('the label\n/images/'),
        ),
      'the photo as text',
    );
    raw.ws.close();
  });

  it.each([
    [
      'an SVG',
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      415,
      'unsupported_type',
    ],
    ['an HTML page', Buffer.from('<!doctype html><html><body>hi</body></html>'), 415, 'unsupported_type'],
  ])('refuses %s as %s', async (_name, body, status, reason) => {
    const { session, conversationId } = await shopperInConversation();
    const answer = await upload(body, { conversationId, token: session });
    expect(answer.status).toBe(status);
    const { error } = (await answer.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('invalid_frame');
    expect(error.message.startsWith(`${reason}:`)).toBe(true);
  });

  it('reads the Authorization scheme in any case, as the HTTP API does (RFC 9110): bearer, BEARER', async () => {
    const { session, conversationId } = await shopperInConversation();
    const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c33' } })
      .jpeg()
      .toBuffer();
    for (const scheme of ['bearer', 'BEARER'])
      expect((await upload(photo, { conversationId, token: session, scheme })).status, scheme).toBe(201);
  });

  it('refuses a polyglot and a truncated JPEG', async () => {
    const { session, conversationId } = await shopperInConversation();
    const jpeg = await solid(64, 64, 'jpeg');
    const polyglot = Buffer.concat([jpeg, Buffer.from('<script>alert(1)</script>')]);
    const polyAnswer = await upload(polyglot, { conversationId, token: session });
    expect(polyAnswer.status).toBe(415);
    expect(((await polyAnswer.json()) as { error: { message: string } }).error.message).toMatch(/^polyglot:/);
    const truncated = await upload(jpeg.subarray(0, Math.floor(jpeg.byteLength / 2)), {
      conversationId,
      token: session,
    });
    expect(truncated.status).toBe(400);
    expect(((await truncated.json()) as { error: { message: string } }).error.message).toMatch(/^corrupt:/);
  });

  it('refuses more bytes than maxBytes with 413', async () => {
    const { session, conversationId } = await shopperInConversation();
    const answer = await upload(Buffer.alloc(200_001, 0xff), { conversationId, token: session });
    expect(answer.status).toBe(413);
    expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('frame_too_large');
  });

  it('holds a shopper’s address to two uploads in flight, refused with 429 before the body is read', async () => {
    const { session, conversationId } = await shopperInConversation();
    const photo = await solid(32, 32, 'png');
    // Two uploads that send their headers and stall mid-body, as a client posting in parallel.
    const stalled = [0, 1].map(() => stalledUpload(photo, conversationId, session));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const third = await upload(photo, { conversationId, token: session });
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBe('1');
    expect(((await third.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    // Finished, they free their places: the next upload is taken.
    for (const upload of stalled) upload.finish();
    expect((await Promise.all(stalled.map((s) => s.answered))).map((a) => a.status)).toEqual([201, 201]);
    expect((await upload(photo, { conversationId, token: session })).status).toBe(201);
  });

  it('takes a photo whose body arrives slower than the headers’ deadline (a phone on a slow link)', async () => {
    await hub.close();
    ({ hub, url } = await startHub({
      images: { blobStore: blobs, maxBytes: 200_000, secret: SECRET },
      // Not shorter: after a pause of a busy process the deadline's timer runs before the headers
      // waiting in the socket are read, and at 250 ms such a pause cut a request sent at once.
      limits: { upgradeTimeoutMs: 1_000 },
    }));
    http = url.replace(/^ws/, 'http');
    const { session, conversationId } = await shopperInConversation();
    const photo = await solid(32, 32, 'png');
    const upload = stalledUpload(photo, conversationId, session);
    // Several of the headers' deadlines (Node checks every 1 s here): the whole request once had only one.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    upload.finish();
    expect((await upload.answered).status).toBe(201);
  });

  it('answers a body that stalls past requestTimeoutMs with a typed 408 idle_timeout', async () => {
    await hub.close();
    ({ hub, url } = await startHub({
      images: { blobStore: blobs, maxBytes: 200_000, secret: SECRET },
      limits: { upgradeTimeoutMs: 1_000, requestTimeoutMs: 1_500 },
    }));
    http = url.replace(/^ws/, 'http');
    const { session, conversationId } = await shopperInConversation();
    const photo = await solid(32, 32, 'png');
    const { status, body } = await stalledUpload(photo, conversationId, session).answered;
    expect(status).toBe(408);
    expect(JSON.parse(body)).toMatchObject({ error: { code: 'idle_timeout' } });
  });

  it('takes a burst of 20 photos in a conversation, then refuses with rate_limited and Retry-After', async () => {
    const { session, conversationId } = await shopperInConversation();
    const photo = await solid(16, 16, 'png');
    for (let i = 0; i < 20; i++)
      expect((await upload(photo, { conversationId, token: session })).status).toBe(201);
    const refused = await upload(photo, { conversationId, token: session });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
  });

  it('refuses an upload to another shopper’s conversation, without a token, and from another origin', async () => {
    const mine = await shopperInConversation();
    const theirs = await shopperInConversation();
    const png = await solid(8, 8, 'png');
    expect((await upload(png, { conversationId: theirs.conversationId, token: mine.session })).status).toBe(
      403,
    );
    expect((await upload(png, { conversationId: mine.conversationId, token: 'nonsense' })).status).toBe(401);
    // An agent may add photos only where they may write: not to a conversation still with the bot.
    expect((await upload(png, { conversationId: mine.conversationId, token: AGENT_TOKEN })).status).toBe(403);
    expect(
      (
        await upload(png, {
          conversationId: mine.conversationId,
          token: mine.session,
          origin: 'https://evil.example',
        })
      ).status,
    ).toBe(403);
  });

  it('says a malformed ?conversation= is not a valid id, and refuses it given twice as the API does', async () => {
    const { session, conversationId } = await shopperInConversation();
    const png = await solid(8, 8, 'png');
    const refusal = async (query: string) => {
      const answer = await fetch(`${http}/api/v1/uploads${query}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${session}`,
          origin: ORIGIN,
          'content-type': 'application/octet-stream',
        },
        body: new Uint8Array(png),
      });
      return { status: answer.status, body: await answer.json() };
    };
    expect(await refusal('?conversation=../../x')).toEqual({
      status: 400,
      body: {
        error: {
          code: 'invalid_frame',
          message: '?conversation= is not a valid conversation id (1-64 letters, digits, _ or -)',
        },
      },
    });
    expect((await refusal('')).body.error.message).toBe('name the conversation: ?conversation=<id>');
    expect(await refusal(`?conversation=${conversationId}&conversation=c_other`)).toEqual({
      status: 400,
      body: { error: { code: 'invalid_frame', message: 'query parameter conversation is given twice' } },
    });
  });

  it('backs off an address that guesses agent tokens, as the WebSocket does', async () => {
    // A long back-off, so the next guess is refused whatever the machine's speed.
    ({ url } = await startHub({
      images: { blobStore: blobs, secret: SECRET },
      signIn: { freeFailures: 0, backoffMs: 600_000 },
    }));
    http = url.replace(/^ws/, 'http');
    const { conversationId } = await shopperInConversation();
    const png = await solid(8, 8, 'png');
    expect((await upload(png, { conversationId, token: 'guess-1' })).status).toBe(401);
    const throttled = await upload(png, { conversationId, token: 'guess-2' });
    expect(throttled.status).toBe(429);
    expect(((await throttled.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
  });

  it('counts guesses on the WebSocket and on uploads together: failures on one back off the other', async () => {
    // A long back-off, so the next guess is refused whatever the machine's speed.
    ({ url } = await startHub({
      images: { blobStore: blobs, secret: SECRET },
      signIn: { freeFailures: 0, backoffMs: 600_000 },
    }));
    http = url.replace(/^ws/, 'http');
    const { conversationId } = await shopperInConversation();
    const guess = await rawSocket(url, null);
    guess.send({ v: 1, type: 'hello', role: 'agent', token: 'guess-on-the-socket-4f9c2a7e1b' });
    expect(await guess.waitClosed()).toMatchObject({ code: 4401 });
    // The socket's failure started the address's back-off: the upload route waits it out too.
    const throttled = await upload(await solid(8, 8, 'png'), { conversationId, token: 'guess-on-uploads' });
    expect(throttled.status).toBe(429);
  });

  it('reads no conversation for a bearer it has not proven (guesses cost the store nothing)', async () => {
    const store = createMemoryStore();
    let reads = 0;
    const counted = new Proxy(store, {
      get(target, key, receiver) {
        if (key === 'getConversation') reads++;
        return Reflect.get(target, key, receiver);
      },
    });
    ({ url } = await startHub({ store: counted, images: { blobStore: blobs, secret: SECRET } }));
    http = url.replace(/^ws/, 'http');
    const { client, conversationId } = await shopperInConversation();
    // The greeting's writes are over before counting.
    await until(() => client.messages.length > 0, 'the greeting');
    const png = await solid(8, 8, 'png');
    const before = reads;
    // A forged session token, and agent-token guesses up to the back-off.
    const forged = `${'eyJzaWQiOiJkIzEiLCJzaXRlIjoic2hvcCJ9'}.${'A'.repeat(43)}`;
    for (const token of [forged, 'guess-1', 'guess-2', 'guess-3'])
      expect((await upload(png, { conversationId, token })).status).toBe(401);
    expect(reads - before).toBe(0);
  });

  it('takes back a photo whose body was still arriving while the shopper was erased', async () => {
    const store = createMemoryStore();
    let reads = 0;
    const counted = new Proxy(store, {
      get(target, key, receiver) {
        if (key === 'getConversation') reads++;
        return Reflect.get(target, key, receiver);
      },
    });
    await hub.close();
    ({ hub, url } = await startHub({ store: counted, images: { blobStore: blobs, secret: SECRET } }));
    http = url.replace(/^ws/, 'http');
    const { client, session, conversationId, shopperId } = await shopperInConversation();
    await until(() => client.messages.length > 0, 'the greeting');
    const photo = await solid(32, 32, 'png');
    const before = reads;
    const upload = stalledUpload(photo, conversationId, session);
    // Authorized (the conversation is read last): its body is being read when the erasure runs.
    await until(() => reads > before, 'the upload authorized');
    await hub.admin.eraseShopper({ siteKey: 'shop', shopperId });
    upload.finish();
    const { status, body } = await upload.answered;
    expect(status).toBe(403);
    expect(JSON.parse(body)).toMatchObject({ error: { code: 'forbidden' } });
    expect(await readdir(join(dir, 'c', conversationId)).catch(() => [])).toEqual([]);
  });

  it('refuses to send a photo of another conversation', async () => {
    const mine = await shopperInConversation();
    const theirs = await shopperInConversation();
    const { image } = (await (
      await upload(await solid(8, 8, 'png'), { ...theirs, token: theirs.session })
    ).json()) as {
      image: ImageContent;
    };
    const errors: string[] = [];
    mine.client.on('error', (e) => errors.push(e.code));
    mine.client.send(image);
    await until(() => mine.client.outbox.some((e) => e.status === 'failed'), 'the send refused');
    expect(errors).toContain('not_found');
    expect(mine.client.messages.some((m) => m.content.kind === 'image')).toBe(false);
  });

  it('shows an agent who reopens a conversation a week later its photos: every read signs the URLs anew', async () => {
    // Real time shifted by `skew`: the hub lives a week ahead without waiting.
    const clock = { ...systemClock, skew: 0, now: () => Date.now() + clock.skew };
    const later = await startHub({ clock, images: { blobStore: blobs } });
    const laterHttp = later.url.replace(/^ws/, 'http');
    const client = track(
      createShopperClient({
        url: later.url,
        siteKey: 'shop',
        WebSocket,
        origin: ORIGIN,
        storage: memoryStorage(),
      }),
    );
    client.connect();
    await until(() => client.status === 'open', 'welcome');
    const answer = await fetch(`${laterHttp}/api/v1/uploads?conversation=${client.conversationId}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${client.session}`, origin: ORIGIN },
      body: new Uint8Array(await solid(64, 48, 'jpeg')),
    });
    const { image } = (await answer.json()) as { image: ImageContent };
    client.send({ ...image, caption: '箱子压坏了' });
    client.send('转人工');
    await until(() => client.state?.status === 'queued', 'queued');
    const mei = agent(later.url);
    await mei.connect();
    const first = await mei.accept(client.conversationId!);
    const held = first.messages.find((m: Message) => m.content.kind === 'image')!.content as ImageContent;
    expect((await fetch(new URL(held.thumbnailUrl, laterHttp))).status).toBe(200);
    mei.disconnect();

    clock.skew = 7 * 86_400_000;
    // The URL the console held is a bearer capability that ran out (default urlTtlMs: 1 hour)...
    expect((await fetch(new URL(held.thumbnailUrl, laterHttp))).status).toBe(403);
    // ...and the console opened again gets the conversation with URLs signed now.
    const again = agent(later.url);
    await again.connect();
    const reopened = await again.join(client.conversationId!);
    const seen = reopened.messages.find((m: Message) => m.content.kind === 'image')!.content as ImageContent;
    expect(seen).toMatchObject({ id: image.id, caption: '箱子压坏了' });
    expect(seen.thumbnailUrl).not.toBe(held.thumbnailUrl);
    expect((await fetch(new URL(seen.thumbnailUrl, laterHttp))).status).toBe(200);
    expect((await fetch(new URL(seen.url, laterHttp))).status).toBe(200);
  });

  it('refuses an expired URL and a URL moved to another conversation', async () => {
    const mine = await shopperInConversation();
    const theirs = await shopperInConversation();
    const { image } = (await (
      await upload(await solid(8, 8, 'png'), { ...mine, token: mine.session })
    ).json()) as {
      image: ImageContent;
    };
    const expired = signImageUrl(
      { conversationId: mine.conversationId, imageId: image.id, variant: 'full', expiresAt: 1 },
      SECRET,
    );
    expect((await fetch(absolute(expired))).status).toBe(403);
    const moved = image.url.replace(`/images/${mine.conversationId}/`, `/images/${theirs.conversationId}/`);
    expect((await fetch(absolute(moved))).status).toBe(403);
    expect((await fetch(absolute(image.url))).status).toBe(200);
  });

  it('decodes one photo at a time with maxConcurrentDecodes 1 and no queue: the rest get a retryable 429', async () => {
    ({ hub, url } = await startHub({
      images: { blobStore: blobs, secret: SECRET, maxConcurrentDecodes: 1, maxWaitingDecodes: 0 },
    }));
    http = url.replace(/^ws/, 'http');
    const { conversationId } = await acceptedByMei();
    // Agents are not held by the per-address limits: only the node's decode queue stands between them.
    const photo = await solid(1600, 1200, 'png');
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        upload(photo, { conversationId, token: AGENT_TOKEN, origin: 'https://console.example' }),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses).toContain(201);
    expect(statuses).toContain(429);
    expect(statuses.every((status) => status === 201 || status === 429)).toBe(true);
    const refused = answers.find((a) => a.status === 429)!;
    expect(refused.headers.get('retry-after')).toBe('2');
    const { error } = (await refused.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('rate_limited');
    expect(error.message).toMatch(/^busy: the server is processing too many photos; retry/);
    // Once the decode is done, the next one is taken.
    expect(
      (await upload(photo, { conversationId, token: AGENT_TOKEN, origin: 'https://console.example' })).status,
    ).toBe(201);
  });

  it('lets the agent who has the conversation upload and send a photo (a size chart) to the shopper', async () => {
    const { client, conversationId, mei } = await acceptedByMei();
    const answer = await upload(await solid(120, 90, 'png'), {
      conversationId,
      token: AGENT_TOKEN,
      origin: 'https://console.example',
    });
    expect(answer.status).toBe(201);
    const { image } = (await answer.json()) as { image: ImageContent };
    await mei.send(conversationId, { ...image, caption: '尺码表 size chart' });
    await until(
      () => client.messages.some((m) => m.author.kind === 'agent' && m.content.kind === 'image'),
      'the photo at the shopper',
    );
    const got = client.messages.find((m) => m.content.kind === 'image')!.content as ImageContent;
    expect(got).toMatchObject({ id: image.id, caption: '尺码表 size chart', width: 120, height: 90 });
    expect((await fetch(absolute(got.thumbnailUrl))).status).toBe(200);
  });

  it('lists the shopper’s photos in the export and the transcript with working URLs, and erases them with the shopper', async () => {
    const { client, session, conversationId, shopperId } = await shopperInConversation();
    const { image } = (await (
      await upload(await solid(16, 16, 'jpeg'), { conversationId, token: session })
    ).json()) as {
      image: ImageContent;
    };
    client.send(image);
    await until(() => client.messages.some((m) => m.content.kind === 'image'), 'the photo stored');

    const data = await hub.exportShopper({ siteKey: 'shop', shopperId });
    const exported = data.conversations[0]!.images;
    expect(exported.map((i) => i.id)).toEqual([image.id]);
    expect((await fetch(absolute(exported[0]!.url))).status).toBe(200);

    const { messages } = await hub.admin.conversations.transcript(conversationId, { limit: 10 });
    const inTranscript = messages.find((m) => m.content.kind === 'image')?.content as ImageContent;
    expect((await fetch(absolute(inTranscript.url))).status).toBe(200);

    await hub.eraseShopper({ siteKey: 'shop', shopperId });
    for (const part of ['full', 'thumb', 'meta'])
      expect(await blobs.get(`c/${conversationId}/${image.id}/${part}`)).toBeNull();
    expect((await fetch(absolute(exported[0]!.url))).status).toBe(404);
  });
});

describe('uploads from a page on another origin than the hub (CORS)', () => {
  const preflight = (origin: string) =>
    fetch(`${http}/api/v1/uploads?conversation=c_1`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
  const corsHeaders = (answer: Response) =>
    [...answer.headers.keys()].filter((name) => name.startsWith('access-control-'));

  it('answers the preflight of a site’s page: POST with Authorization and Content-Type, no credentials', async () => {
    const answer = await preflight(ORIGIN);
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(answer.headers.get('access-control-allow-methods')).toBe('POST');
    expect(answer.headers.get('access-control-allow-headers')).toBe('Authorization, Content-Type');
    expect(Number(answer.headers.get('access-control-max-age'))).toBeGreaterThan(0);
    expect(answer.headers.get('vary')).toBe('Origin');
    expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('refuses the preflight of any other page with a typed 403 and no CORS header', async () => {
    const answer = await preflight('https://evil.example');
    expect(answer.status).toBe(403);
    expect(corsHeaders(answer)).toEqual([]);
    expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    // Without an Origin it is no preflight, only a question: what the route takes.
    const plain = await fetch(`${http}/api/v1/uploads`, { method: 'OPTIONS' });
    expect(plain.status).toBe(204);
    expect(plain.headers.get('allow')).toBe('OPTIONS, POST');
    expect(corsHeaders(plain)).toEqual([]);
  });

  it('names the page’s origin on the upload’s answer, the typed refusals included, and on no other origin’s', async () => {
    const { session, conversationId } = await shopperInConversation();
    const png = await solid(8, 8, 'png');
    const stored = await upload(png, { conversationId, token: session });
    expect(stored.status).toBe(201);
    expect(stored.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(stored.headers.get('vary')).toBe('Origin');

    const refused = await upload(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), {
      conversationId,
      token: session,
    });
    expect(refused.status).toBe(415);
    expect(refused.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const unknown = await upload(png, { conversationId, token: 'nonsense' });
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get('access-control-allow-origin')).toBe(ORIGIN);

    const foreign = await upload(png, { conversationId, token: session, origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(corsHeaders(foreign)).toEqual([]);
  });

  it('grants an agent console’s origin listed in images.consoleOrigins, and no other', async () => {
    const desk = 'https://desk.example';
    expect((await preflight(desk)).status).toBe(403);
    ({ hub, url } = await startHub({
      images: { blobStore: blobs, secret: SECRET, consoleOrigins: [desk] },
    }));
    http = url.replace(/^ws/, 'http');
    const granted = await preflight(desk);
    expect(granted.status).toBe(204);
    expect(granted.headers.get('access-control-allow-origin')).toBe(desk);

    const { conversationId } = await acceptedByMei();
    const answer = await upload(await solid(8, 8, 'png'), {
      conversationId,
      token: AGENT_TOKEN,
      origin: desk,
    });
    expect(answer.status).toBe(201);
    expect(answer.headers.get('access-control-allow-origin')).toBe(desk);
  });

  it('serves images that pages on other origins may show', async () => {
    const { session, conversationId } = await shopperInConversation();
    const { image } = (await (
      await upload(await solid(8, 8, 'png'), { conversationId, token: session })
    ).json()) as { image: ImageContent };
    const thumb = await fetch(absolute(image.thumbnailUrl), { headers: { origin: ORIGIN } });
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
  });
});

describe('a recognizer on shoppers’ photos', () => {
  it('routes a damaged-goods photo to after-sales, and the agent sees the label and confidence', async () => {
    const seen: Array<{ mediaType: string; jpeg: boolean; caption?: string }> = [];
    ({ hub, url } = await startHub({
      agents: [
        { id: 'ann', name: 'Ann', token: 'agent-token-ann-after-sale-1', groups: ['after-sale'] },
        { id: 'boss', name: 'Boss', token: SUPERVISOR_TOKEN, groups: [], supervisor: true },
      ],
      images: { blobStore: blobs, secret: SECRET },
      classifyImage: async (image) => {
        seen.push({
          mediaType: image.mediaType,
          jpeg: image.bytes[0] === 0xff && image.bytes[1] === 0xd8,
          ...(image.caption ? { caption: image.caption } : {}),
        });
        return { label: 'damaged', confidence: 0.93 };
      },
    }));
    http = url.replace(/^ws/, 'http');
    const { client, session, conversationId } = await shopperInConversation();
    const { image } = (await (
      await upload(await jpegWithGps(64, 48), { conversationId, token: session })
    ).json()) as {
      image: ImageContent;
    };
    client.send({ ...image, caption: '箱子压坏了' });
    await until(() => client.state?.status === 'queued', 'the conversation queued for a person');
    expect(seen).toEqual([{ mediaType: 'image/jpeg', jpeg: true, caption: '箱子压坏了' }]);

    const boss = agent(url, SUPERVISOR_TOKEN);
    const assists: Array<{ image?: { imageId: string; label: string; confidence: number } }> = [];
    boss.on('assist', (a) => assists.push(a));
    await boss.connect();
    const open = await boss.join(conversationId);
    expect(open.state.group).toBe('after-sale');
    await until(() => assists.length > 0, 'the assist for the photo');
    expect(assists.at(-1)?.image).toEqual({ imageId: image.id, label: 'damaged', confidence: 0.93 });
  });

  it('tells the shopper the bot passes their photo to a person, in their language, before they wait', async () => {
    // The bot cannot read a photo: the shopper saw only "Waiting for an agent…", nothing about their photo.
    const { client, session, conversationId } = await shopperInConversation('en-GB');
    const png = await solid(8, 8, 'png');
    const { image } = (await (await upload(png, { conversationId, token: session })).json()) as {
      image: ImageContent;
    };
    client.send({ ...image, caption: 'The box arrived crushed' });
    await until(() => client.state?.status === 'queued', 'the conversation queued for a person');
    const said = client.messages.filter((m) => m.author.kind === 'bot' && m.content.kind === 'text');
    expect(said.map((m) => (m.content.kind === 'text' ? m.content.text : '')).at(-1)).toBe(
      "Thanks for the photo — I'm passing it to a member of our team.",
    );
    const photo = client.messages.find((m) => m.content.kind === 'image')!;
    expect(said.at(-1)!.seq).toBeGreaterThan(photo.seq);
  });
});
