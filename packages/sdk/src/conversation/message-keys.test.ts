import { describe, expect, it } from 'vitest';
import { agentMessageKey, apiMessageKey, botMessageKey, requireShopperKey } from './message-keys.ts';

describe('message keys', () => {
  it("refuses a shopper's clientMsgId in the bot's name space: it would pass for the bot's answer", () => {
    // Stored first, a shopper's `b:2:0` made the bot's answer to message 2 a "duplicate" of it.
    expect(() => requireShopperKey(botMessageKey(2, 0))).toThrow(/b: start/);
    expect(() => requireShopperKey(agentMessageKey('mei', 'm1'))).toThrow();
    expect(() => requireShopperKey(apiMessageKey('order-7'))).toThrow();
    expect(() => requireShopperKey('V1StGXR8_Z5jdHi6B-myT')).not.toThrow();
  });

  it("keys the bot's parts by the question's seq and the part", () => {
    expect([botMessageKey(7, 0), botMessageKey(7, 1), botMessageKey(7, 'down')]).toEqual([
      'b:7:0',
      'b:7:1',
      'b:7:down',
    ]);
  });
});
