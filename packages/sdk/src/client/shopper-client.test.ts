import { FATAL_CLOSE_CODES, KefuError } from '@kefu/protocol';
import { describe, expect, it, vi } from 'vitest';
import { ack, error, message, scriptedShopperHub, waitFor, welcome } from '../testing/scripted-shopper.ts';
import { type KeyValueStorage, memoryStorage } from '../transport/storage.ts';

const { barrier, client, connection, connections, nthFrame, sendFrames, welcomed } = scriptedShopperHub();

// ── tests ───────────────────────────────────────────────────────────────────

describe('shopper client against a scripted hub', () => {
  it('sends hello first, with the site key and device id and no session or resume on a first visit', async () => {
    const storage = memoryStorage();
    const { c } = client({
      storage,
      locale: 'zh-CN',
      page: { url: 'https://shop.test/p/1', title: 'Jacket' },
    });
    c.connect();
    const conn = await connection(1);
    const hello = await nthFrame(conn, 'hello');
    expect(conn.frames[0]).toBe(hello);
    expect(new URL(conn.url).searchParams.get('site')).toBe('shop');
    expect(hello).toEqual({
      v: 1,
      type: 'hello',
      role: 'shopper',
      siteKey: 'shop',
      deviceId: expect.stringMatching(/^[0-9a-v]{26}$/),
      locale: 'zh-CN',
      page: { url: 'https://shop.test/p/1', title: 'Jacket' },
      features: ['image'],
    });
    // The device id is the anonymous shopper's identity: it must survive a reload.
    expect(JSON.parse(storage.getItem('kefu:shop:state')!).deviceId).toBe(hello.deviceId);
  });

  it('queues sends until welcome and flushes the outbox exactly once after it', async () => {
    const { c } = client();
    const first = c.send('typed before connecting');
    c.connect();
    const conn = await connection(1);
    await nthFrame(conn, 'hello');
    const second = c.send('typed while connecting');
    await barrier(c, conn);
    expect(sendFrames(conn)).toEqual([]);
    expect(c.outbox.map((e) => [e.clientMsgId, e.status])).toEqual([
      [first, 'pending'],
      [second, 'pending'],
    ]);

    conn.send(welcome());
    await nthFrame(conn, 'send');
    conn.send(ack(first, 1));
    await waitFor(() => expect(sendFrames(conn)).toHaveLength(2));
    await barrier(c, conn);
    expect(sendFrames(conn)).toEqual([
      { v: 1, type: 'send', clientMsgId: first, content: { kind: 'text', text: 'typed before connecting' } },
      { v: 1, type: 'send', clientMsgId: second, content: { kind: 'text', text: 'typed while connecting' } },
    ]);
  });

  it('sends at once when welcomed, and settles the entry on its ack or on its own message', async () => {
    const storage = memoryStorage();
    const { c } = client({ storage });
    const conn = await welcomed(c);
    const a = c.send('  trimmed  ');
    const b = c.send('second');
    await nthFrame(conn, 'send');
    expect(sendFrames(conn)[0]!.content).toEqual({ kind: 'text', text: 'trimmed' });
    conn.send(ack(a, 1));
    await waitFor(() => expect(sendFrames(conn)).toHaveLength(2));
    conn.send(message(2, { clientMsgId: b, text: 'second' }));
    await waitFor(() => expect(c.outbox).toEqual([]));
    expect(JSON.parse(storage.getItem('kefu:shop:outbox')!)).toEqual([]);
  });

  it('sends under a clientMsgId the caller chose, once in the outbox however often it is sent', async () => {
    const { c } = client();
    const conn = await welcomed(c);
    const image = {
      kind: 'image' as const,
      id: 'img_1',
      mediaType: 'image/jpeg' as const,
      width: 10,
      height: 10,
      size: 100,
      url: '/images/c_1/img_1/full?t=a',
      thumbnailUrl: '/images/c_1/img_1/thumb?t=b',
    };
    expect(c.send(image, 'photo-1')).toBe('photo-1');
    // A second upload of the same photo (after a reload) is sent under the same id.
    expect(c.send({ ...image, id: 'img_2' }, 'photo-1')).toBe('photo-1');
    expect(c.outbox.map((e) => [e.clientMsgId, (e.content as { id: string }).id])).toEqual([
      ['photo-1', 'img_2'],
    ]);
    await waitFor(() => expect(sendFrames(conn)).toHaveLength(2));
    expect(sendFrames(conn).map((f) => f.clientMsgId)).toEqual(['photo-1', 'photo-1']);
    conn.send(ack('photo-1', 1));
    await waitFor(() => expect(c.outbox).toEqual([]));
  });

  it('keeps an unsent outbox across a reload and sends it with the same clientMsgId', async () => {
    const storage = memoryStorage();
    const before = client({ storage });
    const id = before.c.send('我要退货');
    const deviceId = JSON.parse(storage.getItem('kefu:shop:state')!).deviceId;
    before.c.close();

    const after = client({ storage });
    expect(after.c.outbox.map((e) => e.clientMsgId)).toEqual([id]);
    after.c.connect();
    const conn = await connection(1);
    expect((await nthFrame(conn, 'hello')).deviceId).toBe(deviceId);
    conn.send(welcome());
    const sent = await nthFrame(conn, 'send');
    expect(sent).toMatchObject({ clientMsgId: id, content: { kind: 'text', text: '我要退货' } });
    conn.send(ack(id, 1));
    await waitFor(() => expect(after.c.outbox).toEqual([]));
    await barrier(after.c, conn);
    expect(sendFrames(conn)).toHaveLength(1);
  });

  it('re-sends a message that was sent but not acknowledged before a reload, as the same session', async () => {
    const storage = memoryStorage();
    const before = client({ storage });
    const conn1 = await welcomed(before.c, 1, welcome({ session: 'session-A' }));
    const id = before.c.send('did this arrive?');
    await nthFrame(conn1, 'send');
    before.c.close();

    const after = client({ storage });
    after.c.connect();
    const conn2 = await connection(2);
    expect(await nthFrame(conn2, 'hello')).toMatchObject({ session: 'session-A' });
    conn2.send(welcome({ session: 'session-A' }));
    // The hub de-duplicates by clientMsgId, so re-sending the same id cannot store it twice.
    expect(await nthFrame(conn2, 'send')).toMatchObject({ clientMsgId: id });
  });

  it('marks an entry failed on a non-retryable error, keeps it out of later flushes, and re-sends it on retry()', async () => {
    const { c, clock, sockets } = client();
    const errors: unknown[] = [];
    c.on('error', (e) => errors.push(e));
    const conn = await welcomed(c);
    const id = c.send('refused');
    await nthFrame(conn, 'send');
    conn.send(error('conflict', false, id));
    await waitFor(() => expect(c.outbox[0]?.status).toBe('failed'));
    expect(c.outbox[0]!.error).toEqual({ code: 'conflict', message: 'hub says conflict' });
    expect(errors).toEqual([
      { code: 'conflict', message: 'hub says conflict', retryable: false, clientMsgId: id },
    ]);

    // A reconnect's flush must not send a message the hub refused for good.
    conn.close(1006);
    await waitFor(() => expect(c.status).toBe('reconnecting'));
    clock.advance(1000);
    expect(sockets.made).toBe(2);
    const conn2 = await welcomed(c, 2);
    await barrier(c, conn2);
    expect(sendFrames(conn2)).toEqual([]);

    c.retry(id);
    expect(c.outbox[0]).toMatchObject({ clientMsgId: id, status: 'pending' });
    expect(c.outbox[0]!.error).toBeUndefined();
    expect(await nthFrame(conn2, 'send')).toMatchObject({ clientMsgId: id });
  });

  it('re-sends after a retryable error (rate_limited) a second later, not before', async () => {
    const { c, clock } = client();
    const conn = await welcomed(c);
    const id = c.send('too fast');
    await nthFrame(conn, 'send');
    conn.send(error('rate_limited', true, id));
    await waitFor(() => expect(clock.pending).toBeGreaterThanOrEqual(2));
    expect(c.outbox[0]!.status).toBe('pending');
    clock.advance(999);
    await barrier(c, conn);
    expect(sendFrames(conn)).toHaveLength(1);
    clock.advance(1);
    expect(await nthFrame(conn, 'send', 2)).toMatchObject({ clientMsgId: id });
  });

  // (shopper-client.ts:186, `clock.setTimeout(flushOutbox, 1000)`), so N messages refused with
  // rate_limited were re-sent N×N times a second later — more frames into a hub that is already
  // rate-limiting, growing each round. One pending retry timer per message fixes it.
  it('re-sends a rate-limited message once per retry round', async () => {
    const { c, clock } = client();
    const conn = await welcomed(c);
    const id = c.send('one');
    await nthFrame(conn, 'send');
    conn.send(error('rate_limited', true, id));
    conn.send(error('rate_limited', true, id));
    await barrier(c, conn);
    await waitFor(() => expect(clock.pending).toBeGreaterThanOrEqual(2));
    clock.advance(1000);
    await barrier(c, conn);
    expect(sendFrames(conn).map((f) => f.clientMsgId)).toEqual([id, id]);
  });

  // A shopper typing fast: the hub refused "2" for now (rate_limited) and, a moment later with
  // a refilled bucket, stored "3" that was already on the wire. The agent read 1, 3, 2.
  it('keeps the typed order when the hub refuses a message for now (one message on the wire at a time)', async () => {
    const { c, clock } = client();
    const conn = await welcomed(c);
    const [one, two, three] = [c.send('1'), c.send('2'), c.send('3')];
    await nthFrame(conn, 'send');
    conn.send(ack(one!, 1));
    await nthFrame(conn, 'send', 2);
    conn.send(error('rate_limited', true, two));
    await barrier(c, conn);
    // "3" waits behind "2" instead of overtaking it.
    expect(sendFrames(conn).map((f) => f.clientMsgId)).toEqual([one, two]);
    clock.advance(1000);
    await nthFrame(conn, 'send', 3);
    conn.send(ack(two!, 2));
    await nthFrame(conn, 'send', 4);
    conn.send(ack(three!, 3));
    await waitFor(() => expect(c.outbox).toEqual([]));
    expect(sendFrames(conn).map((f) => f.clientMsgId)).toEqual([one, two, two, three]);
  });

  it('sends the next message when one is refused for good', async () => {
    const { c } = client();
    const conn = await welcomed(c);
    const [bad, good] = [c.send('refused'), c.send('next')];
    await nthFrame(conn, 'send');
    conn.send(error('conflict', false, bad));
    expect(await nthFrame(conn, 'send', 2)).toMatchObject({ clientMsgId: good });
  });

  it.each(FATAL_CLOSE_CODES)('ends in status failed with no reconnect after close code %i', async (code) => {
    const { c, clock, sockets } = client();
    const statuses: unknown[] = [];
    c.on('connection', (s) => statuses.push(s));
    const conn = await welcomed(c);
    conn.close(code, 'refused');
    await waitFor(() => expect(c.status).toBe('failed'));
    expect(statuses.at(-1)).toEqual({ status: 'failed', code, reason: 'refused' });
    clock.advance(10 * 60_000);
    expect(sockets.made).toBe(1);
    expect(connections).toHaveLength(1);
  });

  it('reconnects with backoff after a drop and resumes from the last seq it holds', async () => {
    const { c, clock, sockets } = client();
    const conn = await welcomed(c, 1, welcome({ session: 'session-1' }));
    conn.send(message(1));
    conn.send(message(2));
    await waitFor(() => expect(c.lastSeq).toBe(2));
    const pending = c.send('typed while the network was down');
    conn.close(1006);
    await waitFor(() => expect(c.status).toBe('reconnecting'));

    // First backoff step: between 500 and 1000 ms with initialMs 1000.
    clock.advance(499);
    expect(sockets.made).toBe(1);
    clock.advance(501);
    expect(sockets.made).toBe(2);
    const conn2 = await connection(2);
    const hello = await nthFrame(conn2, 'hello');
    expect(hello).toMatchObject({ session: 'session-1', resume: { conversationId: 'c_1', lastSeq: 2 } });
    expect(hello.identity).toBeUndefined();

    conn2.send(welcome({ session: 'session-1' }));
    expect(await nthFrame(conn2, 'send')).toMatchObject({ clientMsgId: pending });
    await barrier(c, conn2);
    expect(sendFrames(conn2)).toHaveLength(1);
    expect(c.messages.map((m) => m.seq)).toEqual([1, 2]);
  });

  it('holds messages that arrive out of order or twice once each, in seq order', async () => {
    const { c } = client();
    const events: number[] = [];
    c.on('message', (m) => events.push(m.seq));
    const conn = await welcomed(c);
    for (const seq of [1, 3, 2, 3, 1, 4]) conn.send(message(seq));
    await waitFor(() => expect(c.lastSeq).toBe(4));
    expect(c.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(events.sort()).toEqual([1, 2, 3, 4]);
  });

  it('asks for older messages again after the hub refused a history request', async () => {
    const { c } = client();
    const conn = await welcomed(c);
    conn.send(message(5));
    await waitFor(() => expect(c.lastSeq).toBe(5));
    expect(c.loadOlder()).toBe(true);
    const asked = await nthFrame(conn, 'history');
    conn.send({
      v: 1,
      type: 'error',
      re: asked.id,
      code: 'rate_limited',
      message: 'slow down',
      retryable: true,
    });
    await waitFor(() => expect(c.loadOlder()).toBe(true));
    expect((await nthFrame(conn, 'history', 2)).before).toBe(5);
  });

  it('resumes from the last seq without a gap, so a missing message is replayed', async () => {
    const { c, clock } = client();
    const conn = await welcomed(c);
    conn.send(message(1));
    conn.send(message(3));
    await waitFor(() => expect(c.messages).toHaveLength(2));
    expect(c.lastSeq).toBe(1);
    conn.close(1006);
    await waitFor(() => expect(c.status).toBe('reconnecting'));
    clock.advance(1000);
    const conn2 = await connection(2);
    expect(await nthFrame(conn2, 'hello')).toMatchObject({ resume: { conversationId: 'c_1', lastSeq: 1 } });
    conn2.send(welcome());
    conn2.send(message(2));
    conn2.send(message(3));
    await waitFor(() => expect(c.lastSeq).toBe(3));
    expect(c.messages.map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it('uses the identity token once, then the session token the hub gave back', async () => {
    const { c, clock } = client({ identity: 'merchant-signed-identity' });
    c.connect();
    const conn = await connection(1);
    const hello = await nthFrame(conn, 'hello');
    expect(hello).toMatchObject({ identity: 'merchant-signed-identity' });
    expect(hello.session).toBeUndefined();
    conn.send(welcome({ session: 'session-for-u42', identified: true }));
    await waitFor(() => expect(c.status).toBe('open'));

    conn.close(1001, 'hub restarts');
    await waitFor(() => expect(c.status).toBe('reconnecting'));
    clock.advance(1000);
    const conn2 = await connection(2);
    const again = await nthFrame(conn2, 'hello');
    expect(again).toMatchObject({ session: 'session-for-u42' });
    expect(again.identity).toBeUndefined();
  });

  it.each([
    ['empty text', ''],
    ['only spaces', '   \n '],
    ['text over 4,000 characters', 'x'.repeat(4001)],
  ])('send() throws KefuError(invalid_frame) for %s and queues nothing', (_name, text) => {
    const { c } = client();
    let thrown: unknown;
    try {
      c.send(text);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(KefuError);
    expect((thrown as KefuError).code).toBe('invalid_frame');
    expect(c.outbox).toEqual([]);
  });

  it('send() takes text of exactly 4,000 characters', () => {
    const { c } = client();
    c.send('x'.repeat(4000));
    expect(c.outbox).toHaveLength(1);
  });

  // send() checks `content.text.length`, UTF-16 units (shopper-client.ts:269, in send()), so text with emoji
  // or CJK Extension B characters is refused by the client although the hub would take it.
  it('send() takes 4,000 characters that are outside the BMP (emoji)', () => {
    const { c } = client();
    c.send('😀'.repeat(4000));
    expect(c.outbox).toHaveLength(1);
  });
});

describe('what one shopper leaves to the next on a shared browser', () => {
  const as = (id: string, o: { conversationId?: string; identified?: boolean } = {}) => ({
    ...welcome({ session: `session-of-${id}`, ...o }),
    shopper: { id, identified: o.identified ?? true },
  });
  const stored = (storage: KeyValueStorage, name: string) =>
    JSON.parse(storage.getItem(`kefu:shop:${name}`) ?? 'null') as Record<string, unknown> | null;

  it('sends page.url without its query and fragment, in hello and in context frames', async () => {
    const { c } = client({
      page: { url: 'https://shop.test/account/reset?reset=s3cret#token=t0k3n', title: 'Reset' },
    });
    const conn = await welcomed(c);
    expect((await nthFrame(conn, 'hello')).page).toEqual({
      url: 'https://shop.test/account/reset',
      title: 'Reset',
    });
    c.setContext({
      url: 'https://shop.test/p/1?id=sku-1&email=a%40b.c#top',
      product: { id: 'sku-1', title: 'Coat' },
    });
    expect((await nthFrame(conn, 'context')).page).toEqual({
      url: 'https://shop.test/p/1',
      product: { id: 'sku-1', title: 'Coat' },
    });
  });

  it('logout() closes the connection and forgets session, conversation, outbox and device id', async () => {
    const storage = memoryStorage();
    const { c } = client({ storage, identity: 'token-of-alice' });
    const resets: unknown[] = [];
    c.on('reset', (r) => resets.push(r));
    const conn = await welcomed(c, 1, as('u:alice'));
    const deviceId = (await nthFrame(conn, 'hello')).deviceId;
    conn.send(message(1));
    await waitFor(() => expect(c.lastSeq).toBe(1));
    conn.close(1001, 'hub restarts');
    await waitFor(() => expect(c.status).toBe('reconnecting'));
    c.send('unsent when alice left');

    c.logout();
    expect(c.status).toBe('closed');
    expect(resets).toHaveLength(1);
    expect([c.messages, c.outbox, c.conversationId, c.lastSeq, c.state]).toEqual([
      [],
      [],
      undefined,
      0,
      undefined,
    ]);
    expect(stored(storage, 'outbox')).toEqual([]);
    const state = stored(storage, 'state');
    expect(state).toEqual({ deviceId: expect.any(String) });
    expect(state?.deviceId).not.toBe(deviceId);

    // The next person on this browser, in this page or after a reload: a new anonymous shopper.
    c.connect();
    const next = await connection(2);
    const hello = await nthFrame(next, 'hello');
    expect(hello.deviceId).toBe(state?.deviceId);
    expect([hello.session, hello.identity, hello.resume]).toEqual([undefined, undefined, undefined]);
    const reloaded = client({ storage }).c;
    reloaded.connect();
    const helloAfterReload = await nthFrame(await connection(3), 'hello');
    expect(helloAfterReload.deviceId).toBe(state?.deviceId);
    expect(helloAfterReload.session).toBeUndefined();
  });

  it("a welcome for another identified shopper drops the previous one's outbox, unread and device id", async () => {
    const storage = memoryStorage();
    const { c } = client({ storage, identity: 'token-of-alice' });
    const alice = await welcomed(c, 1, as('u:alice'));
    const aliceDevice = (await nthFrame(alice, 'hello')).deviceId;
    alice.close(1001, 'hub restarts');
    await waitFor(() => expect(c.status).toBe('reconnecting'));
    c.send('alice typed this offline');
    const resets: unknown[] = [];
    c.on('reset', (r) => resets.push(r));

    c.identify('token-of-bob');
    const bob = await connection(2);
    expect(await nthFrame(bob, 'hello')).toMatchObject({ identity: 'token-of-bob', deviceId: aliceDevice });
    bob.send(as('u:bob', { conversationId: 'c_bob' }));
    await waitFor(() => expect(c.status).toBe('open'));
    await barrier(c, bob);
    expect(sendFrames(bob)).toEqual([]);
    expect(c.outbox).toEqual([]);
    expect(resets).toHaveLength(1);
    expect(stored(storage, 'state')).toEqual({
      deviceId: expect.not.stringMatching(aliceDevice as string),
      user: 'u:bob',
      session: 'session-of-u:bob',
      conversationId: 'c_bob',
    });
  });

  it('sends its session beside an identity token, for the hub to keep when the page hands over a spent one', async () => {
    // A page from cache gives the widget the token it already used: the hub refuses it as a
    // replay, but keeps the session that token gave (ShopperSession.identify).
    const storage = memoryStorage();
    const { c } = client({ storage, identity: 'token-of-alice' });
    const first = await welcomed(c, 1, as('u:alice'));
    expect(await nthFrame(first, 'hello')).not.toHaveProperty('session');
    const reloaded = client({ storage, identity: 'token-of-alice' }).c;
    reloaded.connect();
    const hello = await nthFrame(await connection(2), 'hello');
    expect([hello.identity, hello.session]).toEqual(['token-of-alice', 'session-of-u:alice']);
  });

  it('keeps everything when the same shopper identifies again, or an anonymous one signs in', async () => {
    const storage = memoryStorage();
    const { c } = client({ storage });
    const anonymous = await welcomed(c, 1, as('d:device', { identified: false }));
    const device = (await nthFrame(anonymous, 'hello')).deviceId;
    anonymous.close(1001, 'hub restarts');
    await waitFor(() => expect(c.status).toBe('reconnecting'));
    const typed = c.send('typed before signing in');
    const resets: unknown[] = [];
    c.on('reset', (r) => resets.push(r));
    c.identify('token-of-alice');
    const alice = await connection(2);
    alice.send(as('u:alice'));
    await waitFor(() => expect(sendFrames(alice).map((f) => f.clientMsgId)).toEqual([typed]));
    c.identify('another-token-of-alice');
    (await connection(3)).send(as('u:alice'));
    await waitFor(() =>
      expect(stored(storage, 'state')).toMatchObject({ deviceId: device, user: 'u:alice' }),
    );
    expect(resets).toEqual([]);
  });

  it('follows a logout in another tab: closes, and never writes back the session it held', async () => {
    const listeners = new Map<string, (event: { key: string | null }) => void>();
    vi.stubGlobal('addEventListener', (type: string, fn: (event: { key: string | null }) => void) =>
      listeners.set(type, fn),
    );
    vi.stubGlobal('removeEventListener', (type: string) => listeners.delete(type));
    try {
      const storage = memoryStorage();
      const { c } = client({ storage, identity: 'token-of-alice' });
      await welcomed(c, 1, as('u:alice'));
      const onStorage = listeners.get('storage');
      const resets: unknown[] = [];
      c.on('reset', (r) => resets.push(r));
      // The other tab's logout, as this tab sees it: the shared storage changed under it.
      const other = client({ storage }).c;
      other.logout();
      const forgotten = stored(storage, 'state');
      onStorage?.({ key: 'kefu:shop:state' });
      expect(c.status).toBe('closed');
      expect(resets).toHaveLength(1);
      expect(c.messages).toEqual([]);
      c.connect();
      const hello = await nthFrame(await connection(2), 'hello');
      expect(hello).toMatchObject({ deviceId: forgotten?.deviceId });
      expect(hello.session).toBeUndefined();
      expect(stored(storage, 'state')).toEqual(forgotten);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
