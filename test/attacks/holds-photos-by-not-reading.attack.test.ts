import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { noiseJpeg } from '../../packages/sdk/src/images/test-fixtures.ts';
import { rawSocket } from '../../packages/sdk/src/testing/hub-fixture.ts';
import { type HubProcess, SHOP_ORIGIN, startHubProcess } from './hub-process.ts';
import { eventually, rawAttackers } from './raw-attackers.ts';

// Finding (2026-12-05): a photo is streamed from the blob store, and the stream holds an open file
// (or, with S3, one of the client's 50 pooled sockets) until the response ends. Two ways never
// ended it: (1) photos asked for several times on one connection (pipelined), then hanging up: Node
// never ends the responses waiting in line, so their streams stayed open for good, a leak any
// visitor could repeat until the hub ran out of files or S3 sockets; (2) asking and never reading:
// nothing timed the response, so one address's 50 connections held every S3 socket for ever.

const STALL_MS = 5_000;

const attackers = rawAttackers();

/** A hub with a folder for photos, and the signed URL of a ~2 MB photo (random pixels) a shopper sent. */
async function hubWithPhoto(): Promise<{ hub: HubProcess; url: string }> {
  const hub = await startHubProcess({
    plugins: { images: 'folder' },
    options: { limits: { requestTimeoutMs: STALL_MS } },
  });
  const shopper = await rawSocket(`${hub.wsUrl}/?site=shop`, SHOP_ORIGIN);
  shopper.send({ v: 1, type: 'hello', role: 'shopper', siteKey: 'shop', deviceId: 'photo-hoarder-1' });
  const { conversation, session } = (await shopper.next('welcome')) as unknown as {
    conversation: { id: string };
    session: string;
  };
  const uploaded = await fetch(`${hub.httpUrl}/api/v1/uploads?conversation=${conversation.id}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${session}`, origin: SHOP_ORIGIN, 'content-type': 'image/jpeg' },
    body: new Uint8Array(await noiseJpeg(2048, 2048)),
  });
  expect(uploaded.status).toBe(201);
  shopper.ws.close();
  return { hub, url: ((await uploaded.json()) as { image: { url: string } }).image.url };
}

/**
 * Asks for `url` `times` times on one connection and never reads: past what the kernel's buffers
 * take on loopback (a few MB), the hub's streams wait, as one photo's does on a slow link's small window.
 */
async function askWithoutReading(hub: HubProcess, url: string, times: number): Promise<Socket> {
  const socket = connect(hub.port, '127.0.0.1');
  attackers.push(socket);
  socket.pause();
  socket.on('error', () => {});
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write(`GET ${url} HTTP/1.1\r\nHost: hub\r\n\r\n`.repeat(times));
  const open = async () => ((await hub.stats()).openImageFiles ?? 0) > 0;
  await eventually(open, 'the hub to open the photo', 60_000);
  return socket;
}

const openFiles = async (hub: HubProcess) => (await hub.stats()).openImageFiles;

describe('an attacker holds photos open by not reading them', () => {
  it('asks for one six times on one connection and hangs up: the hub lets every file go', async () => {
    const { hub, url } = await hubWithPhoto();
    const socket = await askWithoutReading(hub, url, 6);
    socket.destroy();
    await eventually(async () => (await openFiles(hub)) === 0, 'the files to be closed', 60_000);
  });

  it('asks and never reads: the stalled response is cut after requestTimeoutMs and its files closed', async () => {
    const { hub, url } = await hubWithPhoto();
    await askWithoutReading(hub, url, 3);
    await eventually(
      async () => (await openFiles(hub)) === 0,
      'the files to be closed',
      4 * STALL_MS + 60_000,
    );
  });
});
