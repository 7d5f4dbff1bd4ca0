import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { silentLogger } from '../logger.ts';
import { ORIGIN, rawSocket, startHub, until } from '../testing/hub-fixture.ts';
import { createAddressSlots } from './address-slots.ts';
import { createUpgradeGuard } from './upgrade-guard.ts';

const HALF_SENT = 'GET /?site=shop HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n';
/**
 * The timeout where a complete request must beat it: the guard's deadline is a timer, and after a
 * pause of the process (a busy machine) expired timers run before the waiting bytes are read, so a
 * request sent at once was cut as half-sent when the timeout was 100 ms.
 */
const OUTLASTS_A_PAUSE_MS = 1_000;

/** A raw TCP client that writes `text` and never finishes; `closed` flips when the server cuts it. */
async function tcpClient(port: number, text = HALF_SENT) {
  const socket = new Socket();
  const state = { socket, closed: false, data: '' };
  socket.on('close', () => {
    state.closed = true;
  });
  socket.on('error', () => {});
  socket.on('data', (chunk: Buffer) => {
    state.data += chunk.toString('utf8');
  });
  await new Promise<void>((resolve) => socket.connect(port, '127.0.0.1', resolve));
  socket.write(text);
  return state;
}

const servers: Server[] = [];
// Upgraded sockets leave the HTTP server's care (closeAllConnections does not reach them).
const upgraded: Duplex[] = [];
afterEach(async () => {
  for (const socket of upgraded.splice(0)) socket.destroy();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** An HTTP server (200 to any request) watched by a guard, and what the guard says of upgrades. */
async function guardedServer(o: { max: number; timeoutMs: number; trustProxy?: number }) {
  const slots = createAddressSlots(o.max);
  const guard = createUpgradeGuard(
    {
      limits: { upgradeTimeoutMs: o.timeoutMs, maxConnectionsPerIp: o.max },
      trustProxy: o.trustProxy ?? 0,
      logger: silentLogger,
    },
    slots,
  );
  const server = createServer((_req, res) => res.end('ok'));
  servers.push(server);
  const unwatch = guard.watch(server);
  const upgrades: boolean[] = [];
  server.on('upgrade', (_req, socket) => {
    upgraded.push(socket);
    upgrades.push(guard.arrived(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, slots, guard, unwatch, upgrades };
}

describe('the upgrade guard', () => {
  it('destroys a connection whose request has not arrived in full within the timeout', async () => {
    const { port, slots } = await guardedServer({ max: 10, timeoutMs: 100 });
    const client = await tcpClient(port);
    await until(() => slots.held('127.0.0.1') === 1, 'the connection to be counted');
    await until(() => client.closed, 'the half-sent request to be cut');
    await until(() => slots.held('127.0.0.1') === 0, 'its slot to be given back');
  });

  it('spares a connection whose request arrived, though it stays open longer than the timeout', async () => {
    const { port } = await guardedServer({ max: 10, timeoutMs: OUTLASTS_A_PAUSE_MS });
    const complete = await tcpClient(port, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await until(() => complete.data.includes('ok'), 'the answer');
    // A half-sent request opened after it is cut first: by then the complete one is older.
    const late = await tcpClient(port);
    await until(() => late.closed, 'the later half-sent request to be cut');
    expect(complete.closed).toBe(false);
    complete.socket.destroy();
  });

  it('lets as many over the limit as the limit wait briefly for their refusal, cuts one past that at once, and counts again once one closes', async () => {
    const { port, slots, guard } = await guardedServer({ max: 2, timeoutMs: 60_000 });
    const held = [await tcpClient(port), await tcpClient(port)];
    const waiting = [await tcpClient(port), await tcpClient(port)];
    const past = await tcpClient(port);
    await until(() => past.closed, 'the fifth connection to be cut');
    // The two over the limit never finish their request: their short deadline (not 60 s) cuts them.
    await until(() => waiting.every((c) => c.closed), 'the refused half-sent requests to be cut');
    expect(held.some((c) => c.closed)).toBe(false);
    expect(guard.overLimit(held[0]!.socket)).toBe(false);
    held[0]!.socket.destroy();
    await until(() => slots.held('127.0.0.1') === 1, 'the slot to be given back');
    const again = await tcpClient(port);
    await until(() => slots.held('127.0.0.1') === 2, 'the new connection to be counted');
    expect(again.closed).toBe(false);
    held[1]!.socket.destroy();
    again.socket.destroy();
  });

  it('answers a complete request over the limit (your handler does), then ends its connection', async () => {
    const { port } = await guardedServer({ max: 1, timeoutMs: 60_000 });
    const held = await tcpClient(port);
    const over = await tcpClient(port, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await until(() => over.closed, 'the answered connection over the limit to end');
    expect(over.data).toMatch(/^HTTP\/1\.1 200/);
    expect(over.data.toLowerCase()).toContain('connection: close');
    expect(held.closed).toBe(false);
    held.socket.destroy();
  });

  it('tells the upgrade that a direct connection is already counted', async () => {
    const { port, upgrades } = await guardedServer({ max: 10, timeoutMs: 60_000 });
    const client = await tcpClient(port, `${HALF_SENT}Connection: Upgrade\r\n\r\n`);
    await until(() => upgrades.length === 1, 'the upgrade');
    expect(upgrades).toEqual([true]);
    client.socket.destroy();
  });

  it('behind proxies counts nothing by the TCP peer (a proxy) but still cuts half-sent requests', async () => {
    const { port, slots, upgrades } = await guardedServer({
      max: 1,
      timeoutMs: OUTLASTS_A_PAUSE_MS,
      trustProxy: 1,
    });
    const first = await tcpClient(port, `${HALF_SENT}Connection: Upgrade\r\n\r\n`);
    const half = await tcpClient(port);
    await until(() => upgrades.length === 1, 'the upgrade');
    expect(upgrades).toEqual([false]);
    expect(slots.held('127.0.0.1')).toBe(0);
    await until(() => half.closed, 'the half-sent request to be cut');
    expect(first.closed).toBe(false);
    first.socket.destroy();
  });

  it('stops cutting and counting once unwatched', async () => {
    const { port, slots, unwatch, guard } = await guardedServer({ max: 1, timeoutMs: 100 });
    const watchedClient = await tcpClient(port);
    await until(() => slots.held('127.0.0.1') === 1, 'the connection to be counted');
    unwatch();
    guard.dispose();
    const later = await tcpClient(port);
    // The one connected before is no longer cut either: its deadline went with dispose.
    const control = await guardedServer({ max: 1, timeoutMs: 100 });
    const cut = await tcpClient(control.port);
    await until(() => cut.closed, 'a watched half-sent request elsewhere to be cut');
    expect([watchedClient.closed, later.closed]).toEqual([false, false]);
    watchedClient.socket.destroy();
    later.socket.destroy();
  });
});

describe('a hub guarding its upgrades', () => {
  it('cuts half-sent upgrades and counts them, while WebSockets outlive the upgrade timeout', async () => {
    const { url } = await startHub({
      limits: { maxConnectionsPerIp: 3, upgradeTimeoutMs: OUTLASTS_A_PAUSE_MS },
    });
    const port = Number(new URL(url).port);
    const shopper = await rawSocket(`${url}/?site=shop`);
    const halves = [await tcpClient(port), await tcpClient(port)];
    // The address holds three sockets now: one more is told so (4429) and closed.
    const over = await rawSocket(`${url}/?site=shop`);
    expect((await over.waitClosed()).code).toBe(4429);
    expect(over.frames[0]).toMatchObject({ type: 'error', code: 'too_many_connections' });
    await until(() => halves.every((h) => h.closed), 'the half-sent upgrades to be cut');
    // Both slots are free again. A later generation is cut too, by which time the shopper's socket
    // is twice the timeout old, and Node's own request timeout (checked as often) has not cut it.
    const later = await tcpClient(port);
    await until(() => later.closed, 'a later half-sent upgrade to be cut');
    const second = await rawSocket(`${url}/?site=shop`);
    expect(shopper.closed).toBeUndefined();
    shopper.ws.close();
    second.ws.close();
  });

  it('behind a proxy, counts by the forwarded address and refuses with 4429', async () => {
    const { url } = await startHub({ trustProxy: 1, limits: { maxConnectionsPerIp: 2 } });
    const open = (client: string, forged: string) =>
      new WebSocket(`${url}/?site=shop`, {
        origin: ORIGIN,
        headers: { 'x-forwarded-for': `${forged}, ${client}` },
      });
    const sockets = ['1.1.1.1', '2.2.2.2', '3.3.3.3'].map((forged) => open('203.0.113.7', forged));
    const closes = sockets.map(
      (ws) => new Promise<number>((resolve) => ws.once('close', (code) => resolve(code))),
    );
    const refused = await Promise.race(closes);
    expect(refused).toBe(4429);
    // Another client behind the same proxy is not affected.
    const other = open('203.0.113.8', '1.1.1.1');
    await new Promise((resolve, reject) => {
      other.once('open', resolve);
      other.once('error', reject);
    });
    for (const ws of [...sockets, other]) ws.close();
  });
});
