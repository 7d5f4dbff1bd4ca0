import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ORIGIN, startHub, until } from '../testing/hub-fixture.ts';
import { track } from '../testing/started.ts';
import { memoryStorage } from '../transport/storage.ts';
import type { ShopperClientOptions } from './shopper-client-types.ts';
import { createShopperClient } from './zod-client.ts';

// A headless shopper in Node, as an integrator writes it: the WebSocket constructor as imported
// (no cast, no subclass that sets the Origin) and the `origin` option, against a real hub whose
// site lists only ORIGIN.
function headless(url: string, options: Partial<ShopperClientOptions>) {
  const client = track(
    createShopperClient({
      url,
      siteKey: 'shop',
      storage: memoryStorage(),
      backoff: { initialMs: 20, maxMs: 200 },
      ...options,
    }),
  );
  const seen = { welcomes: 0, closes: [] as Array<number | undefined> };
  const errors: string[] = [];
  const reasons: Array<string | undefined> = [];
  client.on('error', (e) => errors.push(e.message));
  client.on('welcome', () => seen.welcomes++);
  client.on('connection', (c) => {
    if (c.status === 'failed') {
      seen.closes.push(c.code);
      reasons.push(c.reason);
    }
  });
  client.connect();
  return { client, seen, errors, reasons };
}

describe('the shopper client’s origin option', () => {
  it('sends it as the Origin header through ws, so the hub admits the shopper', async () => {
    const { url } = await startHub();
    const { client, seen } = headless(url, { WebSocket, origin: ORIGIN });
    await until(() => seen.welcomes === 1, 'a welcome');
    client.send('hello from Node');
    await until(() => client.outbox.length === 0, 'the message acknowledged');
    expect(client.status).toBe('open');
  });

  it('sends it through Node’s own WebSocket too', async () => {
    // The sdk project runs with --experimental-websocket: the global is undici's, as in Node ≥ 22.
    expect(globalThis.WebSocket).toBeTypeOf('function');
    const { url } = await startHub();
    const { seen } = headless(url, { WebSocket: globalThis.WebSocket, origin: ORIGIN });
    await until(() => seen.welcomes === 1, 'a welcome');
  });

  it('is what a Node shopper lacks without it: the hub refuses the site for good (4403)', async () => {
    const { url } = await startHub();
    const { client, seen, errors, reasons } = headless(url, { WebSocket });
    await until(() => seen.closes.length === 1, 'the refusal');
    expect(seen).toEqual({ welcomes: 0, closes: [4403] });
    expect(client.status).toBe('failed');
    // The integrator is told what to do, in the error event and in the close reason.
    expect(errors).toEqual([
      "origin (none) may not connect to site shop; outside a browser, pass the shopper client's origin option",
    ]);
    expect(reasons[0]).toContain("pass the shopper client's origin option");
  });

  it('does not let a shopper claim an origin the site does not list', async () => {
    const { url } = await startHub();
    const { seen, errors } = headless(url, { WebSocket, origin: 'https://elsewhere.example' });
    await until(() => seen.closes.length === 1, 'the refusal');
    expect(seen).toEqual({ welcomes: 0, closes: [4403] });
    expect(errors).toEqual(['origin https://elsewhere.example may not connect to site shop']);
  });
});
