import type { ShopperIdentity } from '../seams/shopper.ts';
import type { Store } from '../store/store.ts';
import { readIdentityToken } from './identity.ts';
import { JWT_CLOCK_TOLERANCE_S, looksLikeJwt, readJwtIdentity } from './jwt-identity.ts';

/** `replayed`: the shopper of a token that is genuine but already used (see ShopperSession.identify). */
export type IdentityVerdict =
  | { ok: true; identity: ShopperIdentity }
  | { ok: false; reason: string; replayed?: ShopperIdentity };

/** A genuine token not yet spent: `spend()` uses its nonce, true for the one caller that got it first. */
export type ReadIdentity =
  | { ok: true; identity: ShopperIdentity; spend: () => Promise<boolean> }
  | { ok: false; reason: string };

/** Says why a token whose `spend()` came second is refused (the same text as checkIdentityToken's). */
export const REPLAYED_REASON = 'identity token was already used (replayed)';

/**
 * The hub's built-in check of a merchant identity token, in either format (told apart by shape:
 * a JWT has three parts): signature, audience (this site), expiry, but not its single use yet.
 * The hello spends it (`spend`) only once every check that can refuse it has passed: a hello
 * refused for a limit leaves the token to the client's retry of that same hello.
 * @example
 * const read = await readIdentity(token, { key: 'shop', identitySecret }, store, clock.now());
 * if (read.ok && (await read.spend())) signIn(read.identity);
 */
export async function readIdentity(
  token: string,
  site: { key: string; identitySecret: string },
  store: Pick<Store, 'useNonce'>,
  now: number,
): Promise<ReadIdentity> {
  const checked = looksLikeJwt(token)
    ? await readJwtIdentity(token, site.identitySecret, site.key, now)
    : readIdentityToken(token, site.identitySecret, site.key, now);
  if (!checked.ok) return checked;
  const { exp, nonce, ...identity } = checked.claims;
  // Remembered while a replay could still pass the expiry check (a JWT's tolerance included).
  const forgetAt = (exp + JWT_CLOCK_TOLERANCE_S) * 1000;
  return { ok: true, identity, spend: () => store.useNonce(`${site.key}:${nonce}`, forgetAt, now) };
}

/**
 * {@link readIdentity}, then the single use of its `jti`/`nonce` at once, remembered per site
 * until the token expires.
 * @example
 * const verdict = await checkIdentityToken(token, { key: 'shop', identitySecret }, store, clock.now());
 */
export async function checkIdentityToken(
  token: string,
  site: { key: string; identitySecret: string },
  store: Pick<Store, 'useNonce'>,
  now: number,
): Promise<IdentityVerdict> {
  const read = await readIdentity(token, site, store, now);
  if (!read.ok) return read;
  const { identity } = read;
  if (!(await read.spend())) return { ok: false, reason: REPLAYED_REASON, replayed: identity };
  return { ok: true, identity };
}
