import type { ShopperIdentity } from '../seams/shopper.ts';
import type { Store } from '../store/store.ts';
import { readIdentityToken } from './identity.ts';
import { JWT_CLOCK_TOLERANCE_S, looksLikeJwt, readJwtIdentity } from './jwt-identity.ts';

/** `replayed`: the shopper of a token that is genuine but already used (see ShopperSession.identify). */
export type IdentityVerdict =
  | { ok: true; identity: ShopperIdentity }
  | { ok: false; reason: string; replayed?: ShopperIdentity };

/**
 * The hub's built-in check of a merchant identity token, in either format (told apart by shape:
 * a JWT has three parts): signature, audience (this site), expiry, then single use of its
 * `jti`/`nonce`, remembered per site until the token expires.
 * @example
 * const verdict = await checkIdentityToken(token, { key: 'shop', identitySecret }, store, clock.now());
 */
export async function checkIdentityToken(
  token: string,
  site: { key: string; identitySecret: string },
  store: Pick<Store, 'useNonce'>,
  now: number,
): Promise<IdentityVerdict> {
  const checked = looksLikeJwt(token)
    ? await readJwtIdentity(token, site.identitySecret, site.key, now)
    : readIdentityToken(token, site.identitySecret, site.key, now);
  if (!checked.ok) return checked;
  const { exp, nonce, ...identity } = checked.claims;
  // Remembered while a replay could still pass the expiry check (a JWT's tolerance included).
  const forgetAt = (exp + JWT_CLOCK_TOLERANCE_S) * 1000;
  if (!(await store.useNonce(`${site.key}:${nonce}`, forgetAt, now)))
    return { ok: false, reason: 'identity token was already used (replayed)', replayed: identity };
  return { ok: true, identity };
}
