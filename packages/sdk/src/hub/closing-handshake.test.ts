import { describe, it } from 'vitest';
import { frozenClient, startHub, until } from '../testing/hub-fixture.ts';
import { CLOSE_GRACE_MS } from './connection.ts';

describe('the closing handshake', () => {
  it("cuts the socket of a peer that never answers the close, freeing its address's slot well before ws would (30 s)", async () => {
    const { hub, url } = await startHub({ limits: { helloTimeoutMs: 1_000 } });
    // Says nothing and answers nothing: closed for no hello, it never sends its closing frame.
    await frozenClient(`${url}/?site=shop`);
    await until(() => hub.stats().pending === 1, 'the silent connection open');
    // The hello timeout (1 s, swept every 250 ms) and the grace, with room for a busy machine; ws
    // alone would hold the socket, and the slot, 30 s after its close.
    await until(() => hub.stats().pending === 0, 'the silent socket cut', 1_250 + CLOSE_GRACE_MS + 15_000);
  });
});
