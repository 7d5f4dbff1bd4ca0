import { describe, expect, it } from 'vitest';
import { createHub } from '../hub/create-hub.ts';
import { silentLogger } from '../logger.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import { ORIGIN, shopper, startHub, until } from '../testing/hub-fixture.ts';
import { trackHub } from '../testing/started.ts';

// The hubs and the client are closed after each test by test/close-started.ts.

const text = (m: { content: { kind: string; text?: string } }) =>
  m.content.kind === 'text' ? m.content.text : '';

describe('a shopper client while its hub restarts', () => {
  it('sends what was typed during the outage once, in order, into the same conversation', async () => {
    const store = createMemoryStore();
    const first = await startHub({ store });
    const port = Number(new URL(first.url).port);
    const s = shopper(first.url);
    s.connect();
    await until(() => s.status === 'open', 'welcome');
    s.send('before');
    await until(() => s.outbox.length === 0, 'stored before');
    const conversationId = s.conversationId;

    await first.hub.close();
    await until(() => s.status === 'reconnecting', `status ${s.status}`);
    s.send('during 1');
    s.send('during 2');
    // The same address and store, as a restarted hub has.
    const again = trackHub(
      createHub({ sites: [{ key: 'shop', origins: [ORIGIN] }], store, logger: silentLogger }),
    );
    await again.listen({ port });
    await until(
      () => s.status === 'open' && s.outbox.length === 0,
      () => `status ${s.status}, outbox ${s.outbox.length}`,
    );

    expect(s.conversationId).toBe(conversationId);
    const mine = (await store.listMessages(conversationId!, { afterSeq: 0, limit: 100 }))
      .filter((m) => m.author.kind === 'shopper')
      .map(text);
    expect(mine).toEqual(['before', 'during 1', 'during 2']);
    const held = s.messages.filter((m) => m.author.kind === 'shopper').map(text);
    expect(held).toEqual(['before', 'during 1', 'during 2']);
  });
});
