import { describe, expect, it } from 'vitest';
import { until } from '../../packages/sdk/src/testing/hub-fixture.ts';
import { startHubProcess } from './hub-process.ts';
import { shopperOnSockets } from './shopper-sockets.ts';

// Finding (2026-12-07, fourth outside pass): `history` was paid by the bytes of the page sent, so a
// request for an empty page (`before: 1`) cost ~100 bytes of the 256 KiB a second and was answered
// at the frame rate, each a store query (two for an empty page). Against `pnpm demo` (PGlite, in
// the hub's process) 40 sockets of one address asking for empty pages at their frame rate held
// another shopper's ping 6.7 s at the median. Each page now costs at least half a second of the
// budget, whatever it holds: 24 at once, then two a second per conversation.

const SOCKETS = 5;
/** The frame burst (30), less the ping after each socket's requests. */
const REQUESTS_PER_SOCKET = 29;
/** `historyBytesBurst` over the least a page costs (half of `historyBytesPerSecond`), and two a second after. */
const BURST_PAGES = (3 * 1024 * 1024) / (128 * 1024);
const PAGES_PER_SECOND = 2;

describe('a shopper asks for empty history pages from every socket at the frame rate', () => {
  it('gets the burst and two a second, the rest refused as rate_limited on sockets that stay open', async () => {
    const hub = await startHubProcess();
    const { sockets } = await shopperOnSockets(hub.wsUrl, 'history-flood-1', SOCKETS);
    const started = Date.now();
    for (const s of sockets)
      for (let i = 0; i < REQUESTS_PER_SOCKET; i++) s.send({ v: 1, type: 'history', id: `h${i}`, before: 1 });
    for (const [i, s] of sockets.entries()) {
      s.send({ v: 1, type: 'ping', id: `p${i}` });
      await until(() => s.frames.some((f) => f.re === `p${i}`), 'the pong after the requests');
    }
    const elapsed = (Date.now() - started) / 1000;
    const frames = sockets.flatMap((s) => s.frames).filter((f) => String(f.re).startsWith('h'));
    const pages = frames.filter((f) => f.type === 'history.page').length;
    const refused = frames.filter((f) => f.type === 'error' && f.code === 'rate_limited').length;
    // Every one was answered before: 145 store queries (290 for empty pages) in well under a second.
    expect(pages).toBeLessThanOrEqual(BURST_PAGES + Math.ceil(elapsed * PAGES_PER_SECOND) + 1);
    expect(pages + refused).toBe(SOCKETS * REQUESTS_PER_SOCKET);
    for (const s of sockets) {
      expect(s.closed).toBeUndefined();
      s.ws.close();
    }
  });
});
