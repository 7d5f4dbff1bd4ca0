import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { until } from '../../packages/sdk/src/testing/until.ts';
import { startHubProcess } from './hub-process.ts';

// Findings of 2026-12-04: one anonymous request ended the hub's process, for every shopper on it.
// An upgrade whose path `new URL` refuses (`GET //[`) threw in the upgrade listener; a refused site
// key or origin in non-ASCII letters made a close reason over ws's 123-byte limit, which threw too.

/** Writes `request` (Latin-1, as Node reads headers) on a fresh connection; what came back once it shows `expected`. */
async function exchange(port: number, request: string, expected: RegExp): Promise<string> {
  const socket = new Socket();
  let answer = '';
  let closed = false;
  socket.on('data', (chunk: Buffer) => {
    answer += chunk.toString('latin1');
  });
  socket.on('error', () => {});
  socket.on('close', () => {
    closed = true;
  });
  socket.connect(port, '127.0.0.1', () => socket.write(Buffer.from(request, 'latin1')));
  await until(() => expected.test(answer) || closed, 'the answer');
  socket.destroy();
  return answer;
}

const upgrade = (path: string, origin: string) =>
  `GET ${path} HTTP/1.1\r\nHost: hub\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nOrigin: ${origin}\r\n` +
  'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n';

describe('an attacker ends the hub with one request', () => {
  it('gets a typed refusal for each, and the hub goes on serving', async () => {
    const hub = await startHubProcess();
    const path = await exchange(hub.port, upgrade('//[', 'http://localhost:5173'), /invalid_frame/);
    expect(path).toMatch(/^HTTP\/1\.1 400 /);
    // Each é is one character of the header, and two bytes in the close reason that quotes it.
    const site = await exchange(
      hub.port,
      upgrade(`/?site=${'%C3%A9'.repeat(100)}`, 'http://localhost:5173'),
      /unknown site key/,
    );
    expect(site).toMatch(/^HTTP\/1\.1 101 /);
    const origin = await exchange(
      hub.port,
      upgrade('/?site=shop', `http://evil.example/${'\u00e9'.repeat(200)}`),
      /may not connect to site shop/,
    );
    expect(origin).toMatch(/^HTTP\/1\.1 101 /);
    expect((await fetch(`${hub.httpUrl}/healthz`)).status).toBe(200);
  });
});
