import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { MAX_ANSWERS_UNDER_WAY } from '../../packages/sdk/src/hub/unread-answers.ts';
import { rawSocket } from '../../packages/sdk/src/testing/hub-fixture.ts';
import { type HubProcess, SHOP_ORIGIN, startHubProcess } from './hub-process.ts';
import { eventually, rawAttackers } from './raw-attackers.ts';

// Finding (2026-12-05): the answers of the hub's own server (the API, /openapi.json, /metrics,
// /healthz) were never timed: a client that asked and never read kept its connection and the
// answers waiting on it (~110 KB each for /openapi.json) for ever, 50 connections per address.
// Node answers every request it has parsed: 3,000 pipelined in one write (129 KB) made the hub hold
// 670 MB, and 1,000 in one packet (43 KB) 110 MB for good. A connection with more than
// MAX_ANSWERS_UNDER_WAY answers under way is now cut at once, and an answer the client reads
// nothing of for `limits.requestTimeoutMs` is cut (that is tested in unread-answers.test.ts: on
// loopback the kernel's buffers take the few answers left, and keep-alive closes the connection).

const STALL_MS = 3_000;

const attackers = rawAttackers();

/** A raw connection that asks for the OpenAPI document `times` times in one write and, paused, reads nothing. */
async function askWithoutReading(hub: HubProcess, times: number): Promise<Socket> {
  const socket = connect(hub.port, '127.0.0.1');
  attackers.push(socket);
  socket.pause();
  socket.on('error', () => {});
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write('GET /openapi.json HTTP/1.1\r\nHost: hub\r\n\r\n'.repeat(times));
  return socket;
}

/** Resolves when the socket is closed, reading (and dropping) whatever reached it. */
const closedByHub = (socket: Socket) =>
  new Promise<void>((resolve) => {
    if (socket.destroyed) return resolve();
    socket.once('close', () => resolve());
    socket.resume();
  });

const hubWithStall = () => startHubProcess({ options: { limits: { requestTimeoutMs: STALL_MS } } });

describe('an attacker holds API answers by not reading them', () => {
  it('pipelines a thousand requests in one packet and never reads: the hub cuts it, holding nothing', async () => {
    // A timeout long enough that only the bound on answers under way can explain the cut.
    const hub = await startHubProcess({ options: { limits: { requestTimeoutMs: 600_000 } } });
    const before = await hub.stats({ gc: true });
    // 1,000 requests are 43 KB: Node reads them at once and answers each (~110 KB) unless cut.
    const socket = await askWithoutReading(hub, 1_000);
    let grown = 0;
    await eventually(
      async () => {
        const now = await hub.stats();
        grown = Math.max(grown, now.heapUsed + now.external - before.heapUsed - before.external);
        return now.openSockets === before.openSockets;
      },
      'the hub to close the connection',
      60_000,
    );
    // Without the bound the hub held 110 MB here, and kept the connection for good.
    expect(grown).toBeLessThan(40e6);
    // The attacker, reading at last, finds the connection closed by the hub.
    await closedByHub(socket);
  });

  it('a slow client that keeps reading is not cut, nor is a quiet WebSocket', async () => {
    const hub = await hubWithStall();
    const document = (await (await fetch(`${hub.httpUrl}/openapi.json`)).arrayBuffer()).byteLength;
    const shopper = await rawSocket(`${hub.wsUrl}/?site=shop`, SHOP_ORIGIN);
    shopper.send({ v: 1, type: 'hello', role: 'shopper', siteKey: 'shop', deviceId: 'slow-reader-1' });
    await shopper.next('welcome');
    const socket = await askWithoutReading(hub, MAX_ANSWERS_UNDER_WAY);
    let closed = false;
    socket.once('close', () => {
      closed = true;
    });
    // 24 KB every STALL_MS / 10: slower than the hub sends, never a pause of STALL_MS, for three
    // times STALL_MS (or until every answer has arrived).
    let received = 0;
    const until = Date.now() + 3 * STALL_MS;
    while (Date.now() < until && !closed) {
      await new Promise((resolve) => setTimeout(resolve, STALL_MS / 10));
      for (let budget = 24 * 1024; budget > 0; budget -= 4096) {
        const chunk = socket.read(Math.min(4096, socket.readableLength)) as Buffer | null;
        if (!chunk?.length) break;
        received += chunk.length;
      }
    }
    // The hub may close a connection left idle once it has read every answer (keep-alive), never before.
    if (closed) expect(received).toBeGreaterThan(MAX_ANSWERS_UNDER_WAY * document);
    expect(received).toBeGreaterThan(0);
    // The WebSocket, quiet all along, is still open.
    expect(shopper.closed).toBeUndefined();
    shopper.ws.close();
  });
});
