import { describe, expect, it } from 'vitest';
import { hubUrl } from './hub-url.ts';

describe("the hub's WebSocket URL from data-hub", () => {
  it.each([
    ['/kefu', 'https://shop.example/p/1', 'wss://shop.example/kefu'],
    ['/kefu', 'http://127.0.0.1:8080/p', 'ws://127.0.0.1:8080/kefu'],
    ['HTTPS://chat.shop.example/kefu', 'http://shop.example/', 'wss://chat.shop.example/kefu'],
    ['ws://chat.shop.example/kefu', 'https://shop.example/', 'ws://chat.shop.example/kefu'],
    ['wss://chat.shop.example/kefu?x=1', 'https://shop.example/', 'wss://chat.shop.example/kefu?x=1'],
  ])('%s on %s is %s', (hub, base, expected) => {
    expect(hubUrl(hub, base)).toBe(expected);
  });
});
