import { SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryBus } from '../bus/memory-bus.ts';
import { shopperId } from '../shopper-id.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import { rawSocket, shopper, startHub, until } from '../testing/hub-fixture.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import type { Hub } from './create-hub.ts';
import { signIdentity } from './identity.ts';

// Identity tokens and shopper sessions over real sockets: JWTs, audiences, a stalled verifier,
// session lifetimes, and sessions ended on the hub (endSessions, erasure), on one node and two.

const SECRET = 'identity-secret-for-tests';
const hubs: Hub[] = [];
afterEach(async () => {
  await Promise.all(hubs.splice(0).map((h) => h.close()));
});

async function start(...args: Parameters<typeof startHub>) {
  const started = await startHub(...args);
  hubs.push(started.hub);
  return started;
}

const hello = (extra: object = {}) => ({
  v: 1,
  type: 'hello',
  role: 'shopper',
  siteKey: 'shop',
  deviceId: 'device-shared-pc',
  ...extra,
});

const jwt = (claims: Record<string, unknown>, now = Date.now()) =>
  new SignJWT({ aud: 'shop', exp: Math.floor(now / 1000) + 300, jti: `jti-${Math.random()}`, ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(SECRET));

/** Says hello on a new socket and returns it with the hub's welcome. */
async function welcomed(url: string, extra: object = {}) {
  const sock = await rawSocket(`${url}/?site=shop`);
  sock.send(hello(extra));
  const welcome = (await sock.next('welcome')) as {
    session: string;
    shopper: { id: string; identified: boolean; name?: string };
    conversation: { id: string };
  };
  return { sock, welcome };
}

const sessionClaims = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8')) as Record<string, unknown>;

describe('identity tokens over a socket', () => {
  it('signs in a shopper with an HS256 JWT, once', async () => {
    const { url } = await start();
    const token = await jwt({ sub: '42', name: 'Li Lei', email: 'li@example.com' });
    const { welcome } = await welcomed(url, { identity: token });
    expect(welcome.shopper).toEqual({ id: 'u:42', identified: true, name: 'Li Lei' });
    const replay = await rawSocket(`${url}/?site=shop`);
    replay.send(hello({ identity: token }));
    expect((await replay.waitClosed()).code).toBe(4401);
    expect(replay.frames[0]).toMatchObject({
      code: 'unauthorized',
      message: expect.stringMatching(/replayed/),
    });
  });

  it('keeps the session of a spent token handed over again (a page from cache), for that shopper only', async () => {
    const { url } = await start();
    const token = await jwt({ sub: '42', name: 'Li Lei' });
    const { welcome } = await welcomed(url, { identity: token });
    const other = await welcomed(url, { identity: await jwt({ sub: '77' }), deviceId: 'device-other' });
    // The spent token beside its own session: the shopper goes on as themselves.
    const again = await welcomed(url, { identity: token, session: welcome.session });
    expect(again.welcome.shopper).toMatchObject({ id: 'u:42', identified: true });
    expect(again.welcome.conversation.id).toBe(welcome.conversation.id);
    // Beside another shopper's session, or alone, it is still a replay.
    for (const extra of [{ session: other.welcome.session }, {}]) {
      const replay = await rawSocket(`${url}/?site=shop`);
      replay.send(hello({ identity: token, ...extra }));
      expect((await replay.waitClosed()).code).toBe(4401);
      expect(replay.frames[0]).toMatchObject({
        code: 'unauthorized',
        message: expect.stringMatching(/replayed/),
      });
    }
  });

  it('refuses a token signed for another site that shares the secret, in both formats', async () => {
    const { url } = await start({
      sites: [
        { key: 'shop', origins: ['https://shop.test'], identitySecret: SECRET },
        { key: 'outlet', origins: ['https://shop.test'], identitySecret: SECRET },
      ],
    });
    for (const token of [
      signIdentity({ id: '42' }, SECRET, { audience: 'outlet' }),
      await jwt({ sub: '42', aud: 'outlet' }),
    ]) {
      const sock = await rawSocket(`${url}/?site=shop`);
      sock.send(hello({ identity: token }));
      expect((await sock.waitClosed()).code).toBe(4401);
      expect(sock.frames[0]).toMatchObject({ code: 'unauthorized', message: expect.stringMatching(/aud/) });
    }
  });

  it('lets the shopper chat as their device when the verifyIdentity plug-in never answers (the shop’s outage, not a refusal)', async () => {
    const { url } = await start({ pluginTimeoutMs: 100, verifyIdentity: () => new Promise(() => {}) });
    const { welcome } = await welcomed(url, { identity: 'anything' });
    expect(welcome.shopper).toEqual({ id: shopperId('d', 'device-shared-pc'), identified: false });
  });

  it('does the same for a verifier that throws or answers an identity without a string id (a number id crashed every hello; an empty one made all such shoppers one)', async () => {
    const answers: Array<() => Promise<unknown>> = [
      async () => {
        throw new Error('SSO 502');
      },
      ...[{ id: 42 }, '42', { id: '' }, { name: 'Li' }].map((identity) => async () => identity),
    ];
    for (const answer of answers) {
      const { url } = await start({ verifyIdentity: answer as never });
      const { welcome } = await welcomed(url, { identity: 'anything' });
      expect(welcome.shopper).toEqual({ id: shopperId('d', 'device-shared-pc'), identified: false });
    }
  });

  it('still refuses a token the verifier refuses (null)', async () => {
    const { url } = await start({ verifyIdentity: async () => null });
    const sock = await rawSocket(`${url}/?site=shop`);
    sock.send(hello({ identity: 'forged' }));
    expect((await sock.waitClosed()).code).toBe(4401);
    expect(sock.frames[0]).toMatchObject({ code: 'unauthorized', message: 'identity token was refused' });
  });
});

describe('an identity token refused for a limit, then retried', () => {
  // The token is spent only once every refusable check passed: the client retries the same hello
  // after a retryable refusal, and a token spent by that refusal left the shopper "cannot connect".
  /** A shopper client signing in with `token`, and the close codes of its refused hellos. */
  function signingIn(url: string, token: string) {
    const client = shopper(url, { identity: token });
    const refused: (number | undefined)[] = [];
    let welcome: { shopperId: string; identified: boolean } | undefined;
    client.on('connection', (e) => {
      if (e.status !== 'open' && e.status !== 'connecting' && e.code !== undefined) refused.push(e.code);
    });
    client.on('welcome', (w) => {
      welcome = { shopperId: w.shopperId, identified: w.identified };
    });
    client.connect();
    return { client, refused, welcome: () => welcome };
  }

  /** Waits for the refused sign-in's retry to be welcomed as shopper 42. */
  async function signedInOnRetry(li: ReturnType<typeof signingIn>) {
    await until(
      () => li.welcome() !== undefined,
      () => `a welcome after ${li.refused.join(',')}`,
    );
    expect(li.welcome()).toEqual({ shopperId: 'u:42', identified: true });
  }

  it('signs in on the retry after the address ran out of new conversations, and only once', async () => {
    const clock = new ManualClock(Date.now());
    const { url } = await start({ clock, limits: { newConversationsPerAddressPerMinute: 1 } });
    // Another shopper behind the same office address took the minute's one new conversation.
    await welcomed(url, { deviceId: 'device-colleague' });
    const token = await jwt({ sub: '42', name: 'Li Lei' }, clock.now());
    const li = signingIn(url, token);
    await until(() => li.refused.length >= 1, 'the sign-in refused for the address limit');
    expect(li.refused[0]).toBe(4429);
    clock.advance(60_000);
    await signedInOnRetry(li);
    expect(li.refused.every((code) => code === 4429)).toBe(true);
    // The sign-in spent the token: a replay of it is still refused.
    const replay = await rawSocket(`${url}/?site=shop`);
    replay.send(hello({ identity: token, deviceId: 'device-thief' }));
    expect((await replay.waitClosed()).code).toBe(4401);
    expect(replay.frames[0]).toMatchObject({
      code: 'unauthorized',
      message: expect.stringMatching(/replayed/),
    });
  });

  it('signs in on the retry after the shopper held the most connections', async () => {
    const { url } = await start({ limits: { maxConnectionsPerShopper: 1 } });
    const first = await welcomed(url, { identity: await jwt({ sub: '42' }) });
    const token = await jwt({ sub: '42' });
    const li = signingIn(url, token);
    await until(() => li.refused.length >= 1, 'the sign-in refused for too many connections');
    expect(li.refused[0]).toBe(4429);
    first.sock.ws.close();
    await signedInOnRetry(li);
  });

  it('signs in on the retry after the welcomes of the conversation ran out of history budget', async () => {
    const clock = new ManualClock(Date.now());
    const { url } = await start({ clock, limits: { historyBytesPerSecond: 10, historyBytesBurst: 10 } });
    // The first welcome (the greeting replayed) leaves the conversation's history budget in debt.
    await welcomed(url, { identity: await jwt({ sub: '42' }, clock.now()), deviceId: 'device-li' });
    const li = signingIn(url, await jwt({ sub: '42' }, clock.now()));
    await until(() => li.refused.length >= 1, 'the sign-in refused for the history budget');
    expect(li.refused[0]).toBe(4429);
    clock.advance(60_000);
    await signedInOnRetry(li);
  });

  it('writes nothing for a replayed token: not its stale profile, nor its page on the conversation', async () => {
    const store = createMemoryStore();
    const { url } = await start({ store });
    const old = await jwt({ sub: '42', name: 'Li Lei' });
    await welcomed(url, { identity: old, deviceId: 'device-li' });
    // Li changed their name since: a later page signed in with a fresh token.
    const { welcome } = await welcomed(url, {
      identity: await jwt({ sub: '42', name: 'Li Wang' }),
      deviceId: 'device-li',
    });
    const replay = await rawSocket(`${url}/?site=shop`);
    replay.send(
      hello({ identity: old, deviceId: 'device-thief', locale: 'de', page: { url: 'https://evil.test/' } }),
    );
    expect((await replay.waitClosed()).code).toBe(4401);
    expect(await store.getShopper('shop', 'u:42')).toMatchObject({ name: 'Li Wang' });
    expect((await store.getShopper('shop', 'u:42'))?.locale).toBeUndefined();
    expect((await store.getConversation(welcome.conversation.id))?.page).toBeUndefined();
  });

  it('lets one of two hellos racing with one token sign in, on one node or two sharing the store', async () => {
    const store = createMemoryStore();
    const bus = createMemoryBus();
    const a = await start({ store, bus, secret: 'hub-secret-0123456789' });
    const b = await start({ store, bus, secret: 'hub-secret-0123456789' });
    for (const urls of [
      [a.url, a.url],
      [a.url, b.url],
    ]) {
      const token = await jwt({ sub: '42' });
      const socks = await Promise.all(urls.map((url) => rawSocket(`${url}/?site=shop`)));
      for (const [i, sock] of socks.entries()) sock.send(hello({ identity: token, deviceId: `device-${i}` }));
      const outcome = (sock: (typeof socks)[number]) =>
        sock.frames.some((f) => f.type === 'welcome') ? 'welcome' : sock.closed?.code;
      await until(() => socks.every((sock) => outcome(sock) !== undefined), 'both hellos answered');
      expect(socks.map(outcome).sort()).toEqual([4401, 'welcome']);
    }
  });
});

describe('session tokens', () => {
  it('carry no name or e-mail, and a resumed session reads the profile from the store', async () => {
    const { url } = await start();
    const first = await welcomed(url, {
      identity: await jwt({ sub: '42', name: 'Li Lei', email: 'li@example.com' }),
    });
    expect(Object.keys(sessionClaims(first.welcome.session)).sort()).toEqual([
      'exp',
      'iat',
      'identified',
      'sid',
      'site',
    ]);
    first.sock.ws.close();
    const again = await welcomed(url, { session: first.welcome.session });
    expect(again.welcome.shopper).toEqual({ id: 'u:42', identified: true, name: 'Li Lei' });
    expect(again.welcome.conversation.id).toBe(first.welcome.conversation.id);
  });

  it('tell plug-ins the merchant’s own user id, even one too long for the hub id, and again after a resume', async () => {
    const seen: Array<{ id: string; identified: boolean; userId?: string }> = [];
    const { url } = await start({
      answer: async (_q, ctx) => {
        seen.push({ id: ctx.shopper.id, identified: ctx.shopper.identified, userId: ctx.shopper.userId });
        return { content: [{ kind: 'text', text: 'ok' }], confidence: 1 };
      },
    });
    const userId = `customer-${'7'.repeat(100)}`;
    const first = await welcomed(url, { identity: await jwt({ sub: userId }) });
    expect(first.welcome.shopper.id).toMatch(/^u#/);
    const send = (sock: typeof first.sock, n: number) =>
      sock.send({
        v: 1,
        type: 'send',
        clientMsgId: `m-${n}`,
        content: { kind: 'text', text: 'where is it' },
      });
    send(first.sock, 1);
    await first.sock.next('ack');
    first.sock.ws.close();
    const again = await welcomed(url, { session: first.welcome.session });
    send(again.sock, 2);
    await again.sock.next('ack');
    const device = await welcomed(url, { deviceId: 'device-anon' });
    send(device.sock, 3);
    await device.sock.next('ack');
    await expect.poll(() => seen.length).toBe(3);
    const hubId = first.welcome.shopper.id;
    expect(seen).toEqual([
      { id: hubId, identified: true, userId },
      { id: hubId, identified: true, userId },
      { id: shopperId('d', 'device-anon'), identified: false, userId: undefined },
    ]);
  });

  it('gives identified sessions identifiedSessionTtlMs and device sessions sessionTtlMs', async () => {
    const clock = new ManualClock(Date.UTC(2026, 11, 2, 12));
    const { url } = await start({ clock, identifiedSessionTtlMs: 3_600_000, sessionTtlMs: 86_400_000 });
    const signedIn = await welcomed(url, { identity: await jwt({ sub: '42', name: 'Li Lei' }, clock.now()) });
    const device = await welcomed(url, { deviceId: 'device-other' });
    const life = (token: string) => {
      const c = sessionClaims(token) as { iat: number; exp: number };
      return c.exp - c.iat;
    };
    expect(life(signedIn.welcome.session)).toBe(3_600_000);
    expect(life(device.welcome.session)).toBe(86_400_000);
    signedIn.sock.ws.close();
    device.sock.ws.close();
    await signedIn.sock.waitClosed();
    clock.advance(3_600_000);
    const late = await welcomed(url, { session: signedIn.welcome.session });
    expect(late.welcome.shopper).toEqual({ id: shopperId('d', 'device-shared-pc'), identified: false });
    const stillDevice = await welcomed(url, { deviceId: 'device-other', session: device.welcome.session });
    expect(stillDevice.welcome.shopper.id).toBe(shopperId('d', 'device-other'));
  });
});

describe('device ids', () => {
  it('shows a device only by a hash: an agent who reads the id cannot say hello as that device', async () => {
    const { url } = await start();
    const owner = await welcomed(url, { deviceId: 'device-secret-7f3a' });
    owner.sock.send({
      v: 1,
      type: 'send',
      clientMsgId: 'm-1',
      content: { kind: 'text', text: 'where is my parcel' },
    });
    await owner.sock.next('ack');
    // What agents and API clients see of this shopper.
    const shown = owner.welcome.shopper.id;
    expect(shown).not.toContain('device-secret-7f3a');
    for (const guess of [shown, shown.slice(2)]) {
      const intruder = await welcomed(url, { deviceId: guess });
      expect(intruder.welcome.conversation.id).not.toBe(owner.welcome.conversation.id);
      intruder.sock.ws.close();
    }
    owner.sock.ws.close();
    await owner.sock.waitClosed();
    // The device itself comes back to its conversation.
    const back = await welcomed(url, { deviceId: 'device-secret-7f3a' });
    expect(back.welcome.conversation.id).toBe(owner.welcome.conversation.id);
    expect(back.welcome.shopper.id).toBe(shown);
  });
});

describe('ending sessions on the hub', () => {
  it('endSessions closes the shopper’s sockets and their old token then gives an anonymous device', async () => {
    const { hub, url } = await start();
    const first = await welcomed(url, {
      identity: await jwt({ sub: '42', name: 'Li Lei', email: 'li@example.com' }),
    });
    await hub.admin.endSessions({ siteKey: 'shop', userId: '42' });
    expect((await first.sock.waitClosed()).code).toBe(4401);
    const next = await welcomed(url, {
      session: first.welcome.session,
      resume: { conversationId: first.welcome.conversation.id, lastSeq: 0 },
    });
    expect(next.welcome.shopper).toEqual({ id: shopperId('d', 'device-shared-pc'), identified: false });
    expect(next.welcome.conversation.id).not.toBe(first.welcome.conversation.id);
    expect(next.sock.frames.find((f) => f.type === 'error')).toMatchObject({ code: 'forbidden' });
    // Signing in again afterwards works as before.
    const back = await welcomed(url, { identity: await jwt({ sub: '42' }) });
    expect(back.welcome.shopper.id).toBe('u:42');
  });

  it('erasure ends the sessions: the old token does not bring back the name or the e-mail', async () => {
    const store = createMemoryStore();
    const { hub, url } = await start({ store });
    const first = await welcomed(url, {
      identity: await jwt({ sub: '42', name: 'Li Lei', email: 'li@example.com' }),
    });
    await hub.admin.eraseShopper({ siteKey: 'shop', userId: '42' });
    expect((await first.sock.waitClosed()).code).toBe(4403);
    const next = await welcomed(url, { session: first.welcome.session });
    expect(next.welcome.shopper).toEqual({ id: shopperId('d', 'device-shared-pc'), identified: false });
    expect(await store.getShopper('shop', 'u:42')).toBeNull();
    expect(JSON.stringify(await store.getShopper('shop', shopperId('d', 'device-shared-pc')))).not.toMatch(
      /Li Lei|li@example/,
    );
  });

  it('closes the shopper’s sockets on another node sharing the bus and the store', async () => {
    const store = createMemoryStore();
    const bus = createMemoryBus();
    const a = await start({ store, bus, secret: 'hub-secret-0123456789' });
    const b = await start({ store, bus, secret: 'hub-secret-0123456789' });
    const onB = await welcomed(b.url, { identity: await jwt({ sub: '42', name: 'Li Lei' }) });
    await a.hub.admin.endSessions({ siteKey: 'shop', userId: '42' });
    expect((await onB.sock.waitClosed()).code).toBe(4401);
    const next = await welcomed(b.url, { session: onB.welcome.session });
    expect(next.welcome.shopper.identified).toBe(false);
  });
});
