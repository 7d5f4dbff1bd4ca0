import { createServer, type Socket } from 'node:net';
import { decodeFrame, HubToShopper } from '@kefu/protocol';
import { expect, it } from 'vitest';
import WebSocket from 'ws';
import { systemClock } from '../clock.ts';
import { ReconnectingSocket } from './socket.ts';

const sockets: Socket[] = [];
const server = createServer((s) => void sockets.push(s)); // accepts, never answers the handshake

it('stops cleanly while the WebSocket is still connecting (ws throws on close if nobody listens)', async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const statuses: string[] = [];
  const socket = new ReconnectingSocket({
    url: `ws://127.0.0.1:${port}`,
    WebSocket,
    decode: (raw) => decodeFrame(HubToShopper, raw, Number.POSITIVE_INFINITY),
    clock: systemClock,
    onOpen() {},
    onFrame() {},
    onStatus: (s) => statuses.push(s),
    onInvalid() {},
  });
  socket.start();
  await new Promise((r) => setTimeout(r, 20));
  socket.stop();
  // An uncaught "closed before the connection was established" would fail this run.
  await new Promise((r) => setTimeout(r, 50));
  expect(statuses).toEqual(['connecting', 'closed']);
  for (const s of sockets.splice(0)) s.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
