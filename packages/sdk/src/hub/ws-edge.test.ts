import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { Bus } from '../bus/bus.ts';
import { createMemoryBus } from '../bus/memory-bus.ts';
import { AGENT_TOKEN, rawSocket, startHub } from '../testing/hub-fixture.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import { until } from '../testing/until.ts';
import { MAX_FRAGMENTS } from './ws-edge.ts';

const realPause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the WebSocket edge on the injected clock', () => {
  it('closes a connection that sends no hello once the clock passes the hello timeout', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const { url } = await startHub({ clock, limits: { helloTimeoutMs: 5_000, heartbeatMs: 5_000 } });
    const silent = await rawSocket(url);
    clock.advance(5_000);
    expect(silent.closed).toBeUndefined();
    // The next sweep is armed once the event loop has turned (see the next test).
    await realPause(0);
    clock.advance(5_000);
    expect(await silent.waitClosed()).toMatchObject({ code: 4408 });
    expect(silent.frames.at(-1)).toMatchObject({ type: 'error', code: 'idle_timeout' });
  });

  it('sweeps once per turn of the event loop, so a clock moved by days neither floods nor drops a live socket', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    // One sweep per heartbeat (a long hello timeout), so the first one finds the agent silent for a
    // heartbeat and pings it: a socket heard from more recently is not pinged.
    const { url } = await startHub({ clock, limits: { heartbeatMs: 25_000, helloTimeoutMs: 100_000 } });
    const agent = await rawSocket(url, null);
    let pings = 0;
    agent.ws.on('ping', () => pings++);
    agent.send({ v: 1, type: 'hello', role: 'agent', token: AGENT_TOKEN, id: 'h1' });
    await agent.next('welcome');
    clock.advance(3 * 86_400_000);
    await until(() => pings > 0, 'the ping after the jump');
    // A flood would be thousands of pings within a few turns of the event loop.
    await realPause(100);
    expect(pings).toBe(1);
    // Its pong came back after the jump, so it is alive by the hub's clock too. The socket answered
    // the ping before this request, so once the request is answered the hub has read the pong.
    agent.send({ v: 1, type: 'agents.online', id: 'r1' });
    await agent.next('agents.online');
    clock.advance(30_000);
    await until(() => pings === 2 || agent.closed !== undefined, 'the next heartbeat');
    expect(agent.closed).toBeUndefined();
    expect(pings).toBe(2);
  });
});

/** Writes `text` on a fresh TCP connection and collects what comes back until the hub closes it. */
async function rawExchange(url: string, text: string): Promise<string> {
  const { port } = new URL(url.replace(/^ws/, 'http'));
  const socket = new Socket();
  let answer = '';
  socket.on('data', (chunk: Buffer) => {
    answer += chunk.toString('utf8');
  });
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  socket.on('error', () => {});
  socket.connect(Number(port), '127.0.0.1', () => socket.write(text));
  await closed;
  return answer;
}

describe('the WebSocket edge on odd upgrade requests', () => {
  it('closes a refused connection whose reason quotes non-ASCII text within 123 bytes, and keeps serving', async () => {
    const { url } = await startHub();
    // Refused as `unknown site key ééé…`: 120 characters of it are 240 bytes.
    const refused = await rawSocket(`${url}/?site=${encodeURIComponent('é'.repeat(100))}`);
    const closed = await refused.waitClosed();
    expect(closed.code).toBe(4401);
    expect(Buffer.byteLength(closed.reason)).toBeLessThanOrEqual(123);
    expect(closed.reason).toMatch(/^unauthorized: unknown site key é+$/);
    const agent = await rawSocket(url, null);
    agent.send({ v: 1, type: 'hello', role: 'agent', token: AGENT_TOKEN, id: 'h1' });
    await agent.next('welcome');
  });

  it('refuses an upgrade whose path is no URL with 400 invalid_frame and keeps serving', async () => {
    const { url } = await startHub();
    // `//[` is a valid request line that `new URL` refuses; thrown in the upgrade listener it ended the process.
    const answer = await rawExchange(
      url,
      'GET //[ HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('"code":"invalid_frame"');
    const agent = await rawSocket(url, null);
    agent.send({ v: 1, type: 'hello', role: 'agent', token: AGENT_TOKEN, id: 'h1' });
    await agent.next('welcome');
  });
});

describe('the WebSocket edge on fragmented messages', () => {
  const welcomed = async (url: string, deviceId: string) => {
    const sock = await rawSocket(`${url}/?site=shop`);
    sock.send({ v: 1, type: 'hello', id: 'h', role: 'shopper', siteKey: 'shop', deviceId });
    await sock.next('welcome');
    return sock;
  };

  it('reads a message sent in a few fragments', async () => {
    const { url } = await startHub();
    const sock = await welcomed(url, 'device-fragments');
    const text = JSON.stringify({ v: 1, type: 'ping', id: 'in-pieces' });
    for (let i = 0; i < text.length; i += 4)
      sock.ws.send(text.slice(i, i + 4), { fin: i + 4 >= text.length });
    expect(await sock.next('pong')).toMatchObject({ re: 'in-pieces' });
    sock.ws.close();
  });

  it(`closes a socket that sends one message in more than ${MAX_FRAGMENTS} fragments`, async () => {
    // Each fragment, a byte or none, costs the hub ~90 bytes until the message ends: ws's default of
    // 16,384 let one address's 45 sockets hold 58 MB (attack QA, 2026-12-06) for 660 KB of payload.
    const { url } = await startHub();
    const sock = await welcomed(url, 'device-many-fragments');
    sock.ws.send('{', { fin: false });
    for (let i = 0; i < MAX_FRAGMENTS; i++) sock.ws.send(' ', { fin: false });
    expect((await sock.waitClosed()).code).toBe(1008);
  });
});

describe('the WebSocket edge when a session ends', () => {
  it('reports a session whose end fails (a bus unsubscribe in an outage) instead of rejecting unhandled', async () => {
    const real = createMemoryBus();
    // While `down`, taking a subscription back fails, as ioredis's queued UNSUBSCRIBE does once
    // Redis has been gone long enough.
    let down = false;
    const bus: Bus = {
      ...real,
      subscribe: async (channel, handler) => {
        const off = await real.subscribe(channel, handler);
        return async () => {
          if (down) throw new Error('the bus is unreachable');
          await off();
        };
      },
    };
    const { hub, url } = await startHub({ bus });
    const faults: string[] = [];
    hub.on('error', (e) => faults.push(e.message));
    const agent = await rawSocket(url, null);
    agent.send({ v: 1, type: 'hello', role: 'agent', token: AGENT_TOKEN, id: 'h1' });
    await agent.next('welcome');
    down = true;
    agent.ws.close();
    await until(() => faults.some((m) => m.startsWith('session end')), 'the failed end reported');
    down = false;
  });
});
