import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { shopperId } from '../../packages/sdk/src/shopper-id.ts';
import { rawSocket, until } from '../../packages/sdk/src/testing/hub-fixture.ts';
import { type HubProcess, IDENTITY_SECRET, SHOP_ORIGIN, startHubProcess } from './hub-process.ts';

// Findings 5 and 6 (hub side): the next person at a shared computer, or anyone holding a copied
// session token, reuses the session of a shopper who logged out (the merchant ended the session
// on the hub), who was erased, or whose signed-in session has run out. They must get an anonymous
// shopper of their own: no name, no e-mail, no way into the old conversation.

const DEVICE = 'shared-computer-device-1';
const NAME = 'Li Lei';
const EMAIL = 'li.lei@example.com';
const PRIVATE = 'deliver to 8 Xingfu Road, Shanghai, phone 13800138000';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** The merchant's identity token for user 42: an HS256 JWT, signed by hand as any language would. */
function identityJwt(): string {
  const payload = {
    sub: '42',
    aud: 'shop',
    exp: Math.floor(Date.now() / 1000) + 300,
    jti: `jti-${Math.random().toString(36).slice(2)}`,
    name: NAME,
    email: EMAIL,
  };
  const signed = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`;
  return `${signed}.${createHmac('sha256', IDENTITY_SECRET).update(signed).digest('base64url')}`;
}

const hello = (extra: object) => ({
  v: 1,
  type: 'hello',
  role: 'shopper',
  siteKey: 'shop',
  deviceId: DEVICE,
  ...extra,
});

interface Welcome {
  session: string;
  shopper: { id: string; identified: boolean; name?: string };
  conversation: { id: string; lastSeq: number };
}

/** Li Lei signs in, writes their address, and leaves the session token in the browser. */
async function signedInShopper(hub: HubProcess) {
  const sock = await rawSocket(`${hub.wsUrl}/?site=shop`, SHOP_ORIGIN);
  sock.send(hello({ identity: identityJwt() }));
  const welcome = (await sock.next('welcome')) as unknown as Welcome;
  expect(welcome.shopper).toMatchObject({ id: 'u:42', identified: true, name: NAME });
  sock.send({ v: 1, type: 'send', clientMsgId: 'm1', content: { kind: 'text', text: PRIVATE } });
  await sock.next('ack');
  return { sock, welcome };
}

/** The next person opens the page: the widget sends the stored session and asks to resume. */
async function nextPersonWith(hub: HubProcess, old: Welcome) {
  const sock = await rawSocket(`${hub.wsUrl}/?site=shop`, SHOP_ORIGIN);
  sock.send(hello({ session: old.session, resume: { conversationId: old.conversation.id, lastSeq: 0 } }));
  const welcome = (await sock.next('welcome')) as unknown as Welcome;
  // Whatever the hub sends for the conversation it chose comes right after the welcome.
  await until(() => sock.frames.some((f) => f.type === 'message'), 'the conversation’s first message');
  sock.ws.close();
  return { welcome, seen: JSON.stringify(sock.frames) };
}

function expectAnonymousStranger(next: { welcome: Welcome; seen: string }, old: Welcome) {
  expect(next.welcome.shopper).toEqual({ id: shopperId('d', DEVICE), identified: false });
  expect(next.welcome.conversation.id).not.toBe(old.conversation.id);
  for (const secret of [NAME, EMAIL, PRIVATE, 'u:42']) expect(next.seen).not.toContain(secret);
}

describe('an attacker reuses an ended session', () => {
  it('gets an anonymous shopper of their own after the merchant ended the session (logout)', async () => {
    const hub = await startHubProcess();
    const { sock, welcome } = await signedInShopper(hub);
    await hub.admin('endSessions', { siteKey: 'shop', userId: '42' });
    expect((await sock.waitClosed()).code).toBe(4401);
    expectAnonymousStranger(await nextPersonWith(hub, welcome), welcome);
  });

  it.each(['memory', 'postgres'] as const)(
    'gets an anonymous shopper, and no profile comes back, after the shopper was erased (%s store)',
    async (store) => {
      const hub = await startHubProcess({ store });
      const { sock, welcome } = await signedInShopper(hub);
      await hub.admin('eraseShopper', { siteKey: 'shop', userId: '42' });
      await sock.waitClosed();
      expectAnonymousStranger(await nextPersonWith(hub, welcome), welcome);
      const data = (await hub.admin('exportShopper', { siteKey: 'shop', userId: '42' })) as {
        profile: unknown;
      };
      expect(data.profile).toBeNull();
      const device = JSON.stringify(
        await hub.admin('exportShopper', { siteKey: 'shop', shopperId: shopperId('d', DEVICE) }),
      );
      for (const secret of [NAME, EMAIL]) expect(device).not.toContain(secret);
    },
  );

  it('cannot resume a signed-in session past identifiedSessionTtlMs', async () => {
    const hub = await startHubProcess({ options: { identifiedSessionTtlMs: 500 } });
    const { sock, welcome } = await signedInShopper(hub);
    sock.ws.close();
    const { exp } = JSON.parse(Buffer.from(welcome.session.split('.')[0]!, 'base64url').toString('utf8')) as {
      exp: number;
    };
    // Follows the token's own expiry on this machine's clock (the hub process shares it).
    await until(() => Date.now() > exp + 5, 'the signed-in session to expire');
    expectAnonymousStranger(await nextPersonWith(hub, welcome), welcome);
  });
});
