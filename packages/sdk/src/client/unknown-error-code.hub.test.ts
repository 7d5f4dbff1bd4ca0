import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/memory-store.ts';
import type { Store } from '../store/store.ts';
import { ORIGIN, startHub, until } from '../testing/hub-fixture.ts';
import { newerHubWs } from '../testing/newer-hub-ws.ts';
import { track } from '../testing/started.ts';
import { memoryStorage } from '../transport/storage.ts';
import { createShopperClient as createLightClient } from './light-client.ts';
import type { ShopperClient } from './shopper-client.ts';
import type { ShopperClientEvents, ShopperClientOptions } from './shopper-client-types.ts';
import { createShopperClient as createZodClient } from './zod-client.ts';

// The hub and the clients are closed after each test by test/close-started.ts.

const STORE_DOWN = 'the hub could not handle this frame';

/** A memory store whose writes of the shopper's messages fail while `down` (a database outage). */
function troubledStore() {
  const store = createMemoryStore();
  const append = store.appendMessage.bind(store);
  const trouble = { down: false };
  const troubled: Store = Object.assign(store, {
    async appendMessage(...args: Parameters<Store['appendMessage']>) {
      if (trouble.down && args[0].author.kind === 'shopper')
        throw new Error('connection to the database lost');
      return append(...args);
    },
  });
  return { store: troubled, trouble };
}

const CLIENTS = {
  zod: createZodClient,
  light: createLightClient,
} satisfies Record<string, (options: ShopperClientOptions) => ShopperClient>;

/** A shopper on a hub that answers a store fault with a code this build does not know. */
async function onNewerHub(client: keyof typeof CLIENTS, retryable: boolean) {
  const { store, trouble } = troubledStore();
  const { url } = await startHub({ store });
  const s = track(
    CLIENTS[client]({
      url,
      siteKey: 'shop',
      WebSocket: newerHubWs('store_unavailable', retryable, ORIGIN),
      storage: memoryStorage(),
      backoff: { initialMs: 20, maxMs: 200 },
    }),
  );
  const errors: ShopperClientEvents['error'][] = [];
  s.on('error', (e) => errors.push(e));
  s.connect();
  await until(() => s.status === 'open', 'welcome');
  return { s, trouble, errors };
}

const shopperTexts = (s: ShopperClient) =>
  s.messages
    .filter((m) => m.author.kind === 'shopper')
    .map((m) => (m.content.kind === 'text' ? m.content.text : ''));

for (const client of Object.keys(CLIENTS) as (keyof typeof CLIENTS)[])
  describe(`the ${client} shopper client on an error code it does not know`, () => {
    it('retries a message refused with a retryable one, and delivers it', async () => {
      const { s, trouble, errors } = await onNewerHub(client, true);
      trouble.down = true;
      const id = s.send('有 L 码吗？');
      await until(() => errors.length > 0, 'the refusal');
      expect(errors[0]).toMatchObject({ code: 'internal', retryable: true, clientMsgId: id });
      expect(errors[0]!.message).toContain(STORE_DOWN);
      expect(s.outbox).toMatchObject([{ clientMsgId: id, status: 'pending' }]);
      trouble.down = false;
      await until(() => shopperTexts(s).includes('有 L 码吗？'), 'the message stored after the retry');
      expect(s.outbox).toEqual([]);
    });

    it("fails a message refused with one that is not retryable, with the hub's message", async () => {
      const { s, trouble, errors } = await onNewerHub(client, false);
      trouble.down = true;
      const id = s.send('有 L 码吗？');
      await until(() => s.outbox[0]?.status === 'failed', 'the message failed');
      expect(s.outbox[0]!.error).toMatchObject({ code: 'invalid_frame' });
      expect(s.outbox[0]!.error!.message).toContain(STORE_DOWN);
      expect(errors).toMatchObject([{ code: 'invalid_frame', retryable: false, clientMsgId: id }]);
    });
  });
