import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { Hub } from '../hub/create-hub.ts';
import { ORIGIN, shopper, startHub, until } from '../testing/hub-fixture.ts';
import type { WebSocketConstructor } from '../transport/socket.ts';
import { type KeyValueStorage, memoryStorage } from '../transport/storage.ts';

// Two tabs of one shopper share localStorage (device, session, outbox) and hear each other's
// writes as `storage` events, which a browser delivers later, as a task of the other tab.

type StorageListener = (event: { key: string | null }) => void;

/** One browser's localStorage seen from several tabs: a tab's write is an event in every other tab, once let through. */
function sharedStorage() {
  const shared = memoryStorage();
  const tabs: { listener?: StorageListener; held: string[]; hold: boolean }[] = [];
  const tab = () => {
    const me: (typeof tabs)[number] = { held: [], hold: false };
    tabs.push(me);
    const storage: KeyValueStorage = {
      getItem: (key) => shared.getItem(key),
      setItem: (key, value) => {
        shared.setItem(key, value);
        for (const other of tabs) if (other !== me) other.held.push(key);
        setTimeout(deliver);
      },
      removeItem: (key) => shared.removeItem(key),
    };
    return { me, storage };
  };
  const deliver = () => {
    for (const t of tabs) if (!t.hold) for (const key of t.held.splice(0)) t.listener?.({ key });
  };
  return { tab, deliver };
}

/** A tab's sockets, which go nowhere while its network is down. */
function tabNetwork() {
  const net = { down: false };
  const sockets: WebSocket[] = [];
  const Ctor: WebSocketConstructor = class extends WebSocket {
    constructor(url: string) {
      super(net.down ? 'ws://127.0.0.1:9' : url, { origin: ORIGIN });
      sockets.push(this);
    }
  };
  const cut = () => {
    for (const s of sockets) s.terminate();
  };
  return { net, WebSocket: Ctor, cut };
}

let hub: Hub | undefined;
afterEach(async () => {
  vi.unstubAllGlobals();
  await hub?.close();
  hub = undefined;
});

describe('two tabs of one shopper', () => {
  it('sends what was typed in a reconnecting tab while the other tab had its own message stored', async () => {
    const started = await startHub();
    hub = started.hub;
    // Each client registers its `storage` listener as it is created: the last one registered is its tab's.
    let registered: StorageListener | undefined;
    vi.stubGlobal('addEventListener', (type: string, fn: StorageListener) => {
      if (type === 'storage') registered = fn;
    });
    vi.stubGlobal('removeEventListener', () => {});
    const browser = sharedStorage();

    const tabA = browser.tab();
    const a = shopper(started.url, { storage: tabA.storage });
    tabA.me.listener = registered;
    a.connect();
    await until(() => a.status === 'open', 'tab A welcome');

    const tabB = browser.tab();
    const netB = tabNetwork();
    const b = shopper(started.url, { storage: tabB.storage, WebSocket: netB.WebSocket });
    tabB.me.listener = registered;
    b.connect();
    await until(() => b.status === 'open' && b.conversationId === a.conversationId, 'tab B in the same chat');

    // Tab B loses its network; the shopper goes on in tab A, then types in tab B.
    netB.net.down = true;
    netB.cut();
    await until(
      () => b.status === 'reconnecting',
      () => `tab B ${b.status}`,
    );
    // Tab A hears of B's writes only once its own message is stored (events arrive when they do).
    tabA.me.hold = true;
    a.send('from tab A');
    b.send('from tab B');
    await until(() => a.messages.some((m) => m.author.kind === 'shopper'), 'tab A’s message stored');
    tabA.me.hold = false;
    browser.deliver();

    netB.net.down = false;
    b.reconnect();
    const mine = (c: typeof a) =>
      c.messages
        .filter((m) => m.author.kind === 'shopper')
        .map((m) => (m.content.kind === 'text' ? m.content.text : ''));
    await until(
      () => mine(a).length === 2 && mine(b).length === 2,
      () =>
        `A holds ${JSON.stringify(mine(a))}, B holds ${JSON.stringify(mine(b))}, B outbox ${b.outbox.length}`,
    );
    expect(mine(a)).toEqual(['from tab A', 'from tab B']);
    expect(mine(b)).toEqual(['from tab A', 'from tab B']);
  });
});
