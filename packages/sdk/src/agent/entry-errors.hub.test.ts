import { describe, expect, it } from 'vitest';
import * as shopperEntry from '../client/index.ts';
import { agent, startHub } from '../testing/hub-fixture.ts';
import * as agentEntry from './index.ts';

// The hub and the client are closed after each test by test/close-started.ts.

describe('the error type, from the client entry points', () => {
  // Before 2026-12-06 neither entry exported it: a console in a browser bundle had to import
  // `@kefu/protocol` (not among its own dependencies) or the hub's entry to switch on the code.
  it("is what an agent's action rejects with, to switch on its code", async () => {
    const { url } = await startHub();
    const a = agent(url);
    await a.connect();
    const error = await a.accept('c_nobody').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(agentEntry.KefuError);
    expect(agentEntry.isKefuError(error) && error.code).toBe('not_found');
    const code: agentEntry.ErrorCode = 'not_found';
    expect(agentEntry.ERROR_CODE_LIST).toContain(code);
  });

  it('is the one the shopper client throws', () => {
    const client = shopperEntry.createShopperClient({
      url: 'ws://127.0.0.1:1',
      siteKey: 'my-shop',
      WebSocket: class {} as unknown as shopperEntry.WebSocketConstructor,
      storage: shopperEntry.memoryStorage(),
    });
    const error = (() => {
      try {
        client.send('   ');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(shopperEntry.KefuError);
    expect(shopperEntry.isKefuError(error) && error.code).toBe('invalid_frame');
    const code: shopperEntry.ErrorCode = 'invalid_frame';
    expect(shopperEntry.ERROR_CODE_LIST).toContain(code);
  });
});

describe('the payload types, from the client entry points', () => {
  // Before 2026-12-06 a UI typed its handlers through `@kefu/protocol` or the hub's entry. (tsc checks this.)
  it('type a custom UI and a console from the entry alone', () => {
    const label = (m: shopperEntry.Message): string =>
      m.content.kind === 'text' ? m.content.text : m.content.kind;
    const waiting = (items: agentEntry.InboxItem[]): number =>
      items.filter((i) => i.state.status === 'queued').length;
    const picked: shopperEntry.QuickReply = { label: 'Returns', payload: 'faq:return' };
    expect(picked.payload).toBe('faq:return');
    expect([label, waiting].every((f) => typeof f === 'function')).toBe(true);
  });
});
