import { describe, expect, it } from 'vitest';
import { createAgentClient } from '../agent/agent-client.ts';
import { createShopperClient } from '../client/zod-client.ts';
import { wsWithOrigin } from '../testing/hub-fixture.ts';
import { memoryStorage } from './storage.ts';

const WebSocket = wsWithOrigin(null);
const shopper = (url: string) => () =>
  createShopperClient({ url, siteKey: 'my-shop', WebSocket, storage: memoryStorage() });
const agent = (url: string) => () =>
  createAgentClient({ url, token: 'agent-token-mei-4f9c2a7e1b', WebSocket });

describe('a hub url the WebSocket cannot open', () => {
  // Before 2026-12-06 the shopper client retried such a url for ever, saying only "reconnecting",
  // and the agent client's connect() never settled on one with another scheme.
  it.each(['http//127.0.0.1:8080', 'ftp://127.0.0.1:8080', '127.0.0.1:8080', ''])(
    'is refused when the client is made, naming the option: %j',
    (url) => {
      expect(shopper(url)).toThrow(/^createShopperClient: options\.url must be a ws:\/\/ or wss:\/\/ URL/);
      expect(agent(url)).toThrow(/^createAgentClient: options\.url must be a ws:\/\/ or wss:\/\/ URL/);
    },
  );

  it.each([
    'ws://127.0.0.1:8080',
    'wss://chat.shop.example/kefu',
    'http://127.0.0.1:8080',
    'https://chat.shop.example/kefu',
  ])('is taken when ws or a browser can open it: %j', (url) => {
    shopper(url)().close();
    agent(url)().disconnect();
  });
});
