import type { Message } from '@kefu/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { Hub } from '../hub/create-hub.ts';
import { signIdentity } from '../hub/identity.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import type { Store } from '../store/store.ts';
import { agent, handedToAgent, shopper, startHub, until } from '../testing/hub-fixture.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import { webhookReceiver } from '../testing/webhook-receiver.ts';
import { memoryStorage } from '../transport/storage.ts';
import { NOTIFY_PAYLOADS } from './notify.ts';

const SECRET = 'identity-secret-for-tests';
const LI = { siteKey: 'shop', userId: '42' } as const;
const asLi = () => signIdentity({ id: '42' }, SECRET, { audience: 'shop' });

const textOf = (m: Message) =>
  m.content.kind === 'text' || m.content.kind === 'quick_replies' || m.content.kind === 'system'
    ? (m.content.text ?? '')
    : '';
const notices = (messages: Message[], text: string) => messages.filter((m) => textOf(m) === text);

let hub: Hub | undefined;
afterEach(async () => {
  await hub?.close();
  hub = undefined;
});

describe('hub.notify over real sockets', () => {
  it('shows a notification at once to a shopper who has the widget open, with a stop button', async () => {
    const started = await startHub();
    hub = started.hub;
    const s = shopper(started.url, { identity: asLi(), locale: 'en' });
    s.connect();
    await until(() => s.messages.length === 1, 'greeting');

    const sent = await hub.notify(
      LI,
      { kind: 'text', text: 'Your parcel left the warehouse' },
      { orderId: 'SO-1' },
    );
    expect(sent).toMatchObject({ ok: true, duplicate: false, conversationId: s.conversationId });

    await until(() => notices(s.messages, 'Your parcel left the warehouse').length === 1, 'the notice');
    const notice = notices(s.messages, 'Your parcel left the warehouse')[0]!;
    expect(notice.author.kind).toBe('bot');
    expect(notice.content).toMatchObject({
      kind: 'quick_replies',
      replies: [{ label: 'Stop these updates', payload: NOTIFY_PAYLOADS.stop }],
    });
    // It does not hand the conversation to people.
    expect(s.state?.status).toBe('bot');
  });

  it('keeps it for a shopper who is away and shows it when they come back (resume from their last seq)', async () => {
    const started = await startHub();
    hub = started.hub;
    const storage = memoryStorage();
    const before = shopper(started.url, { identity: asLi(), storage, locale: 'zh-CN' });
    before.connect();
    await until(() => before.messages.length === 1, 'greeting');
    before.close();

    await hub.notify(LI, { kind: 'text', text: '您的订单已发货' });

    const after = shopper(started.url, { storage });
    after.connect();
    await until(() => notices(after.messages, '您的订单已发货').length === 1, 'the notice on return');
    expect(after.conversationId).toBe(before.conversationId);
    expect(after.messages.map((m) => m.seq)).toEqual([1, 2]);
    expect(after.messages[1]!.content).toMatchObject({ replies: [{ label: '不再接收通知' }] });
  });

  it('starts a conversation that waits with the bot for a shopper who never chatted: no agent sees it', async () => {
    const started = await startHub();
    hub = started.hub;
    const a = agent(started.url);
    await a.connect();
    const sent = await hub.notify(LI, { kind: 'text', text: 'Welcome to our shop' });
    expect(sent.ok).toBe(true);

    const s = shopper(started.url, { identity: asLi() });
    s.connect();
    await until(() => s.messages.length > 0, 'first messages');
    // The notice is the conversation's first line: no greeting was added on top.
    expect(s.messages.map(textOf)).toEqual(['Welcome to our shop']);
    expect(s.state?.status).toBe('bot');
    expect(a.inbox).toEqual([]);
  });

  it('announces the conversation a notification opens with a conversation.created webhook, like a shopper-opened one', async () => {
    const receiver = await webhookReceiver('whsec_notify_test_secret_01');
    try {
      const started = await startHub({
        webhooks: {
          allowPrivateNetworks: true,
          subscriptions: [
            {
              url: receiver.url,
              events: ['conversation.created', 'message.created'],
              secret: 'whsec_notify_test_secret_01',
            },
          ],
        },
      });
      hub = started.hub;
      const sent = await hub.notify(LI, { kind: 'text', text: 'Your parcel left the warehouse' });
      expect(sent.ok).toBe(true);
      const conversationId = sent.ok ? sent.conversationId : '';
      const of = (type: string) =>
        receiver.received.filter(
          (x) => x.type === type && JSON.parse(x.body).data.conversationId === conversationId,
        );
      await until(() => of('message.created').length === 1, 'the notice as message.created');
      await until(() => of('conversation.created').length === 1, 'its conversation as conversation.created');
      expect(JSON.parse(of('conversation.created')[0]!.body).data).toEqual({
        conversationId,
        siteKey: 'shop',
        shopperId: 'u:42',
      });
    } finally {
      await receiver.close();
    }
  });

  it("speaks the site's language (sites[].locale) to a shopper who never chatted: the stop button and the order template", async () => {
    const store = createMemoryStore();
    const started = await startHub({
      store,
      sites: [{ key: 'shop', origins: ['*'], identitySecret: SECRET, locale: 'zh-CN' }],
    });
    hub = started.hub;
    await hub.notify(LI, { kind: 'text', text: '新茶上市' });
    await hub.orderEvent({
      id: 'ev-1',
      orderId: 'SO-1',
      shopper: LI,
      status: 'shipped',
      at: Date.now(),
      detail: { carrier: '顺丰', trackingNo: 'SF1' },
    });
    const c = await store.findLatestConversation('shop', 'u:42');
    const lines = await store.listMessages(c!.id, { afterSeq: 0, limit: 10 });
    expect(lines.map((m) => m.content)).toEqual([
      expect.objectContaining({
        text: '新茶上市',
        replies: [expect.objectContaining({ label: '不再接收通知' })],
      }),
      expect.objectContaining({ text: '您的订单 SO-1 已发货，顺丰 运单号 SF1。' }),
    ]);
  });

  it('refuses a site locale that is not a language tag, naming the option', async () => {
    await expect(
      startHub({ sites: [{ key: 'shop', origins: ['*'], locale: 'Chinese please' }] }),
    ).rejects.toThrow('sites[0].locale must be a language tag');
  });

  it('sends one message for a dedupeKey given twice, even at once', async () => {
    const store = createMemoryStore();
    const started = await startHub({ store });
    hub = started.hub;
    const content = { kind: 'text', text: 'Shipped' } as const;
    const [one, two] = await Promise.all([
      hub.notify(LI, content, { dedupeKey: 'SO-1:shipped' }),
      hub.notify(LI, content, { dedupeKey: 'SO-1:shipped' }),
    ]);
    const again = await hub.notify(LI, content, { dedupeKey: 'SO-1:shipped' });
    expect([one, two, again].filter((r) => r.ok && !r.duplicate)).toHaveLength(1);
    expect([one, two, again].every((r) => r.ok)).toBe(true);
    const c = (await store.findLatestConversation('shop', 'u:42'))!;
    const messages = await store.listMessages(c.id, { afterSeq: 0, limit: 10 });
    expect(notices(messages, 'Shipped')).toHaveLength(1);
  });

  it('refuses past the per-shopper rate with rate_limited, and sends again once the window moved on', async () => {
    const clock = new ManualClock(Date.UTC(2026, 11, 1, 8));
    const started = await startHub({ clock, notifications: { maxPerShopper: 2 } });
    hub = started.hub;
    const say = (text: string) => hub!.notify(LI, { kind: 'text', text });
    expect((await say('one')).ok).toBe(true);
    expect((await say('two')).ok).toBe(true);
    const third = await say('three');
    expect(third.ok).toBe(false);
    if (third.ok) return;
    expect(third.error.code).toBe('rate_limited');
    expect(third.error.reason).toBe('rate_limited');
    expect(third.error.retryable).toBe(true);
    expect(third.error.retryAt).toBe(Date.UTC(2026, 11, 1, 9));
    // Another shopper has a budget of their own.
    expect((await hub.notify({ siteKey: 'shop', userId: '43' }, { kind: 'text', text: 'one' })).ok).toBe(
      true,
    );
    clock.advance(3_600_000);
    expect((await say('four')).ok).toBe(true);
  });

  it('stops for a shopper who taps "stop these updates", without a bot turn on the tap', async () => {
    const started = await startHub();
    hub = started.hub;
    const s = shopper(started.url, { identity: asLi(), locale: 'en' });
    s.connect();
    await until(() => s.messages.length === 1, 'greeting');
    await hub.notify(LI, { kind: 'text', text: 'Sale starts tomorrow' });
    await until(() => notices(s.messages, 'Sale starts tomorrow').length === 1, 'the notice');

    s.send({ kind: 'text', text: 'Stop these updates', payload: NOTIFY_PAYLOADS.stop });
    await until(
      () => s.messages.some((m) => m.content.kind === 'system' && m.content.event === 'notice'),
      'the confirmation',
    );
    const refused = await hub.notify(LI, { kind: 'text', text: 'Another sale' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden', reason: 'opted_out' } });
    // The tap, then the hub's confirmation: the bot said nothing about "Stop these updates".
    expect(s.messages.slice(-2).map((m) => m.author.kind)).toEqual(['shopper', 'system']);
    expect(s.state?.status).toBe('bot');
  });

  it('opts out and back in through the API, and keeps the choice in the store (a restart keeps it)', async () => {
    const store = createMemoryStore();
    const first = await startHub({ store });
    hub = first.hub;
    await hub.setNotificationOptOut(LI, true);
    await hub.close();

    const second = await startHub({ store });
    hub = second.hub;
    const refused = await hub.notify(LI, { kind: 'text', text: 'hello' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await hub.setNotificationOptOut(LI, false);
    expect((await hub.notify(LI, { kind: 'text', text: 'hello' })).ok).toBe(true);
  });

  it('lets a reply take the ordinary way: the shopper asks for a person and waits in the queue', async () => {
    const started = await startHub();
    hub = started.hub;
    await hub.notify(LI, { kind: 'text', text: '您的包裹延误了' }, { orderId: 'SO-9' });
    const s = shopper(started.url, { identity: asLi(), locale: 'zh-CN' });
    s.connect();
    await until(() => s.messages.length === 1, 'the notice');
    s.send('我要转人工');
    await until(() => s.state?.status === 'queued', 'queued');
    const a = agent(started.url);
    await a.connect();
    const c = await a.accept(s.conversationId!);
    // The agent sees the notice above the shopper's question, and the order it was about.
    expect(c.messages.map(textOf).slice(0, 2)).toEqual(['您的包裹延误了', '我要转人工']);
    expect(c.page?.orderId).toBe('SO-9');
  });

  it("keeps the order an agent is working on: a notice about another order does not take the conversation's context", async () => {
    const started = await startHub({
      lookupOrder: async (id) => ({ id, status: 'in_transit', events: [{ status: 'paid', at: 1 }] }),
    });
    hub = started.hub;
    const page = { url: 'https://shop.test/orders/SO-7', orderId: 'SO-7' };
    const { s, a, conversation } = await handedToAgent(started.url, { identity: asLi(), page });
    expect(conversation.order).toMatchObject({ id: 'SO-7' });

    const sent = await hub.notify(LI, { kind: 'text', text: 'SO-9 has shipped' }, { orderId: 'SO-9' });
    expect(sent).toMatchObject({ ok: true, conversationId: conversation.id });
    await until(() => notices(s.messages, 'SO-9 has shipped').length === 1, 'the shopper sees the notice');
    await until(
      () => (a.conversation(conversation.id)?.messages ?? []).some((m) => textOf(m) === 'SO-9 has shipped'),
      'the agent sees the notice',
    );
    // Reopened (a reload, a reconnect), the agent's panel still shows the order they talk about.
    const again = await a.join(conversation.id);
    expect(again.page).toEqual(page);
    expect(again.order).toMatchObject({ id: 'SO-7' });
  });

  it("does not undo the shopper's own page update that races the notice's order (compare-and-set)", async () => {
    const inner = createMemoryStore();
    let race: (() => Promise<void>) | undefined;
    // The shopper's page change lands between the notifier's read and its write.
    const store = new Proxy(inner, {
      get(target, key, receiver) {
        if (key === 'updateConversation')
          return async (...args: Parameters<Store['updateConversation']>) => {
            const run = race;
            if (args[1].page?.orderId === 'SO-9' && run) {
              race = undefined;
              await run();
            }
            return target.updateConversation(...args);
          };
        const value = Reflect.get(target, key, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const started = await startHub({ store });
    hub = started.hub;
    const s = shopper(started.url, {
      identity: asLi(),
      page: { url: 'https://shop.test/cart', title: 'Cart' },
    });
    s.connect();
    await until(() => s.messages.length === 1, 'greeting');
    const shirt = { url: 'https://shop.test/p/shirt', title: 'Blue shirt' };
    race = async () => {
      s.setContext(shirt);
      let url: string | undefined;
      await until(() => {
        void inner.getConversation(s.conversationId!).then((c) => {
          url = c?.page?.url;
        });
        return url === shirt.url;
      }, 'the page update');
    };

    expect((await hub.notify(LI, { kind: 'text', text: 'SO-9 has shipped' }, { orderId: 'SO-9' })).ok).toBe(
      true,
    );
    expect(race).toBeUndefined();
    // The shopper's latest page stays, with the notice's order on it (the bot has the conversation).
    expect((await inner.getConversation(s.conversationId!))?.page).toEqual({ ...shirt, orderId: 'SO-9' });
  });

  it('refuses a userId on a site that signs nobody in (no identitySecret) with a typed error naming it, and stores nothing', async () => {
    const store = createMemoryStore();
    const started = await startHub({ store, sites: [{ key: 'shop', origins: ['https://shop.test'] }] });
    hub = started.hub;
    const refused = await hub.notify(LI, { kind: 'text', text: 'Your parcel left' }, { orderId: 'SO-1' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', reason: 'no_identity' } });
    expect(refused.ok ? '' : refused.error.message).toMatch(/site shop has no identitySecret.*user 42/);
    expect(await store.findLatestConversation('shop', 'u:42')).toBeNull();
    // An anonymous shopper of that site is still reachable by their hub id.
    expect(
      await hub.notify({ siteKey: 'shop', shopperId: 'd#anon' }, { kind: 'text', text: 'hi' }),
    ).toMatchObject({
      ok: true,
    });
  });

  it('sends to a userId on a site without identitySecret when a verifyIdentity plug-in signs shoppers in', async () => {
    const started = await startHub({
      sites: [{ key: 'shop', origins: ['https://shop.test'] }],
      verifyIdentity: async (token) => (token === 'sso-42' ? { id: '42' } : null),
    });
    hub = started.hub;
    expect((await hub.notify(LI, { kind: 'text', text: 'Your parcel left' })).ok).toBe(true);
    const s = shopper(started.url, { identity: 'sso-42', locale: 'en' });
    s.connect();
    await until(() => notices(s.messages, 'Your parcel left').length === 1, 'the notice, once signed in');
  });

  it('refuses bad input with typed errors: an unknown site, oversized text, a bad dedupeKey', async () => {
    const started = await startHub();
    hub = started.hub;
    const unknown = await hub.notify({ siteKey: 'nope', userId: '1' }, { kind: 'text', text: 'x' });
    // Named as the data requests name it, with the hub's sites: a mistyped key is seen at once.
    expect(unknown).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: 'no site "nope" on this hub (its sites: "shop")' },
    });
    const long = await hub.notify(LI, { kind: 'text', text: 'x'.repeat(5000) });
    expect(long).toMatchObject({ ok: false, error: { code: 'invalid_frame', reason: 'invalid' } });
    const key = await hub.notify(LI, { kind: 'text', text: 'x' }, { dedupeKey: '' });
    expect(key).toMatchObject({ ok: false, error: { code: 'invalid_frame' } });
  });
});
