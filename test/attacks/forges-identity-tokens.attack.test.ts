import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signIdentity } from '../../packages/sdk/src/hub/identity.ts';
import { rawSocket, until } from '../../packages/sdk/src/testing/hub-fixture.ts';
import { IDENTITY_SECRET, SHOP_ORIGIN, startHubProcess } from './hub-process.ts';

// Finding 14 and the standard identity tokens: a shopper (or another site of the same merchant)
// tries to sign in as someone with a token that was not made for this site, not signed at all,
// or already used. The merchant's real HS256 JWT must work, once.

const hello = (identity: string) => ({
  v: 1,
  type: 'hello',
  role: 'shopper',
  siteKey: 'shop',
  deviceId: 'attacker-device-1',
  identity,
});
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const claims = (extra: object = {}) => ({
  sub: '42',
  aud: 'shop',
  exp: Math.floor(Date.now() / 1000) + 300,
  jti: `jti-${Math.random().toString(36).slice(2)}`,
  name: 'Li Lei',
  ...extra,
});
/** A JWT signed by hand, as any language's library makes it (jose is the hub's dependency, not the suite's). */
const jwt = async (payload: object, alg = 'HS256', secret = IDENTITY_SECRET) => {
  const signed = `${b64({ alg, typ: 'JWT' })}.${b64(payload)}`;
  const hash = { HS256: 'sha256', HS512: 'sha512' }[alg] ?? 'sha256';
  return `${signed}.${createHmac(hash, secret).update(signed).digest('base64url')}`;
};

/** Says hello with `identity`; returns the hub's answer (welcome or error) and, after an error, how the socket closed. */
async function tryIdentity(wsUrl: string, identity: string) {
  const sock = await rawSocket(`${wsUrl}/?site=shop`, SHOP_ORIGIN);
  sock.send(hello(identity));
  const answer = () => sock.frames.find((f) => f.type === 'welcome' || f.type === 'error');
  await until(() => answer() !== undefined, 'a welcome or an error');
  const frame = answer()!;
  if (frame.type === 'welcome') sock.ws.close();
  return { frame, closed: frame.type === 'error' ? await sock.waitClosed() : undefined };
}

describe('an attacker forges identity tokens', () => {
  it('cannot sign in on one site with a token made for another site that shares the secret', async () => {
    const hub = await startHubProcess({
      options: {
        sites: [
          { key: 'shop', origins: ['http://localhost:*'], identitySecret: IDENTITY_SECRET },
          { key: 'outlet', origins: ['http://localhost:*'], identitySecret: IDENTITY_SECRET },
        ],
      },
    });
    const kefu = signIdentity({ id: '42', name: 'Li Lei' }, IDENTITY_SECRET, { audience: 'outlet' });
    const standard = await jwt(claims({ aud: 'outlet' }));
    for (const token of [kefu, standard]) {
      const { frame, closed } = await tryIdentity(hub.wsUrl, token);
      expect(frame).toMatchObject({ type: 'error', code: 'unauthorized' });
      expect(closed?.code).toBe(4401);
    }
    // The same tokens made for this site are accepted: the refusal is the audience, nothing else.
    const ok = await tryIdentity(hub.wsUrl, await jwt(claims()));
    expect(ok.frame).toMatchObject({
      type: 'welcome',
      shopper: { id: 'u:42', identified: true, name: 'Li Lei' },
    });
  });

  it('cannot sign in with an unsigned (alg none) JWT, nor one signed with another algorithm or secret', async () => {
    const hub = await startHubProcess();
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`;
    const forged = [
      none,
      `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.c2ln`,
      await jwt(claims(), 'HS512'),
      await jwt(claims(), 'HS256', 'not-the-identity-secret-0123456789'),
    ];
    for (const token of forged) {
      const { frame, closed } = await tryIdentity(hub.wsUrl, token);
      expect(frame).toMatchObject({ type: 'error', code: 'unauthorized' });
      expect(closed?.code).toBe(4401);
    }
  });

  it('cannot replay a JWT: its jti is single use', async () => {
    const hub = await startHubProcess();
    const token = await jwt(claims());
    const first = await tryIdentity(hub.wsUrl, token);
    expect(first.frame).toMatchObject({ type: 'welcome', shopper: { id: 'u:42', identified: true } });
    const replay = await tryIdentity(hub.wsUrl, token);
    expect(replay.frame).toMatchObject({
      type: 'error',
      code: 'unauthorized',
      message: expect.stringMatching(/replayed/),
    });
    expect(replay.closed?.code).toBe(4401);
  });

  it('cannot hold a socket in sign-in by making the merchant’s identity check stall, nor sign in by it', async () => {
    const hub = await startHubProcess({
      plugins: { verifyIdentity: 'stall' },
      options: { pluginTimeoutMs: 200 },
    });
    // After the plug-in's timeout the hello is answered: as the anonymous device, never as anyone.
    const { frame } = await tryIdentity(hub.wsUrl, 'any-token');
    expect(frame).toMatchObject({ type: 'welcome', shopper: { identified: false } });
    expect((frame as { shopper: { id: string } }).shopper.id).toMatch(/^d#/);
  });
});
