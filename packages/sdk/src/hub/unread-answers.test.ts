import { createServer, type Server, type ServerResponse } from 'node:http';
import { connect, type NetConnectOpts, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../testing/until.ts';
import { createUnreadAnswersGuard } from './unread-answers.ts';

const UNREAD_MS = 2_000;
/** An answer far larger than what the kernel's buffers take on loopback (a few MB). */
const BIG = 24 * 1024 * 1024;

const servers: Server[] = [];
const clients: Socket[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A server answering `BIG` bytes behind the guard; `answers` collects each response, `busyMs` delays them. */
async function serve(o: { maxUnderWay?: number; busyMs?: number } = {}) {
  const answers: ServerResponse[] = [];
  const guard = createUnreadAnswersGuard({ unreadMs: UNREAD_MS, maxUnderWay: o.maxUnderWay ?? 8 });
  const server = createServer(async (req, res) => {
    if (!guard(req, res)) return;
    answers.push(res);
    if (o.busyMs) await new Promise((resolve) => setTimeout(resolve, o.busyMs));
    res.writeHead(200, { 'content-length': BIG }).end(Buffer.alloc(BIG, 120));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  /** A paused connection that sends `times` requests in one write. */
  const ask = async (times = 1) => {
    // Reads of up to 1 MB, so a reader's pace is its own, not 16 KB per wake-up.
    const options = { port, host: '127.0.0.1', readableHighWaterMark: 1 << 20 };
    const socket = connect(options as NetConnectOpts);
    clients.push(socket);
    socket.pause();
    socket.on('error', () => {});
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n'.repeat(times));
    return socket;
  };
  return { answers, ask };
}

/** Reads up to `bytes` of what has arrived, every `everyMs`, until `done`; answers the bytes read. */
async function readSlowly(socket: Socket, bytes: number, everyMs: number, done: (n: number) => boolean) {
  let received = 0;
  let closed = false;
  socket.once('close', () => {
    closed = true;
  });
  while (!done(received) && !closed) {
    await new Promise((resolve) => setTimeout(resolve, everyMs));
    for (let budget = bytes; budget > 0; ) {
      const chunk = socket.read(Math.min(budget, socket.readableLength)) as Buffer | null;
      if (!chunk?.length) break;
      received += chunk.length;
      budget -= chunk.length;
    }
  }
  return { received, closed };
}

describe('createUnreadAnswersGuard', () => {
  it('cuts an answer the client reads nothing of for unreadMs', async () => {
    const { answers, ask } = await serve();
    await ask();
    await until(() => answers.length === 1, 'the request');
    await until(() => answers[0]!.destroyed, 'the answer to be cut', 20 * UNREAD_MS);
  });

  it('never cuts a client that keeps reading, however slowly', async () => {
    const { ask } = await serve();
    const socket = await ask();
    // 256 KB every 100 ms: about four times unreadMs for the whole answer. (Node sees progress when
    // the kernel takes more of the answer, which it does once a third of its 4 MB buffer has been read.)
    const { received } = await readSlowly(socket, 256 * 1024, 100, (n) => n > BIG);
    expect(received).toBeGreaterThan(BIG);
  });

  it('waits for a handler busy longer than unreadMs (it times the answer, not the work)', async () => {
    const { ask } = await serve({ busyMs: 2 * UNREAD_MS });
    const socket = await ask();
    const { received } = await readSlowly(socket, BIG, 20, (n) => n > BIG);
    expect(received).toBeGreaterThan(BIG);
  });

  it('cuts a connection with more answers under way than allowed, answering one within the bound', async () => {
    const { answers, ask } = await serve({ maxUnderWay: 2 });
    const pipelined = await ask(3);
    await new Promise<void>((resolve) => pipelined.once('close', () => resolve()).resume());
    expect(answers.length).toBe(2);
    const within = await ask(2);
    const { received, closed } = await readSlowly(within, BIG, 10, (n) => n > 2 * BIG);
    expect({ closed, whole: received > 2 * BIG }).toEqual({ closed: false, whole: true });
  });
});
