import { afterEach, describe, expect, it, vi } from 'vitest';
import { createShopperClient } from './zod-client.ts';

describe('createShopperClient on a runtime without a WebSocket (Node 20)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('says to install ws and pass it', () => {
    vi.stubGlobal('WebSocket', undefined);
    expect(() => createShopperClient({ url: 'ws://127.0.0.1:1', siteKey: 'my-shop' })).toThrow(
      "createShopperClient: no global WebSocket here (Node 20 has none): npm install ws, then pass { WebSocket } with import WebSocket from 'ws'",
    );
  });
});
