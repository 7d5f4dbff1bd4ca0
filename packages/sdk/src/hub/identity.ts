import { randomBytes } from 'node:crypto';
import { MAX_USER_ID_CHARS, STORED_TEXT_PATTERN } from '@kefu/protocol';
import type { ShopperIdentity } from '../seams/shopper.ts';
import { signToken, verifyToken } from './signed-token.ts';

export type { ShopperIdentity };

/** What the hub reads from a valid identity token, in either format. */
export interface IdentityClaims extends ShopperIdentity {
  /** Expiry, unix seconds. */
  exp: number;
  /** The single-use value: the Kefu format's `nonce`, a JWT's `jti`. */
  nonce: string;
}

export type IdentityCheck = { ok: true; claims: IdentityClaims } | { ok: false; reason: string };

/** Bounds shared by both formats, so a claim means the same whichever way it was signed. */
export const IDENTITY_BOUNDS = {
  maxSubChars: MAX_USER_ID_CHARS,
  minNonceChars: 8,
  maxNonceChars: 200,
  maxOptionalChars: 200,
  /** A token meant to be used within minutes has no business living longer (its nonce is kept until then). */
  maxLifetimeS: 24 * 3600,
} as const;

/**
 * Signs a shopper identity on the merchant's server; the page passes the token to the widget
 * (`Kefu('identify', { token })`). Single use: the hub refuses a token it has seen before, and
 * a token whose `audience` is not the site it is shown to. Any language can instead sign an
 * HS256 JWT with the same secret (see docs/identity.md).
 * @example
 * const token = signIdentity({ id: 'u_42', name: 'Li Lei', tier: 'vip' }, process.env.KEFU_IDENTITY_SECRET!, { audience: 'my-shop' });
 */
export function signIdentity(
  identity: ShopperIdentity,
  secret: string,
  options: { audience: string; ttlSeconds?: number; now?: number },
): string {
  checkSigningInput(identity, secret, options);
  const now = options.now ?? Date.now();
  const claims = {
    sub: identity.id,
    aud: options.audience,
    ...(identity.name === undefined ? {} : { name: identity.name }),
    ...(identity.email === undefined ? {} : { email: identity.email }),
    ...(identity.tier === undefined ? {} : { tier: identity.tier }),
    exp: Math.floor(now / 1000) + (options.ttlSeconds ?? 600),
    nonce: randomBytes(12).toString('base64url'),
  };
  return signToken(claims, secret);
}

/**
 * What the hub would refuse, refused where the merchant signs, with what to do: from plain
 * JavaScript a numeric user id or an unset secret otherwise made a token every hello refuses, or a
 * bare crypto error.
 */
function checkSigningInput(identity: ShopperIdentity, secret: unknown, options: unknown): void {
  const fail = (message: string): never => {
    throw new TypeError(`signIdentity: ${message}`);
  };
  const id: unknown = identity?.id;
  if (typeof id !== 'string' || id.length === 0 || id.length > IDENTITY_BOUNDS.maxSubChars)
    fail(
      `identity.id must be your user id as a string of 1–${IDENTITY_BOUNDS.maxSubChars} characters (got ${typeof id === 'string' ? `${id.length} characters` : typeof id}; String(user.id))`,
    );
  if (typeof secret !== 'string' || secret.length < 16)
    fail("secret must be the site's identitySecret, a string of at least 16 characters (is it set?)");
  const { audience, ttlSeconds } = (options ?? {}) as { audience?: unknown; ttlSeconds?: unknown };
  if (typeof audience !== 'string' || audience.length === 0)
    fail("options.audience is required: the site key the token is for ({ audience: 'my-shop' })");
  if (
    ttlSeconds !== undefined &&
    !(
      Number.isInteger(ttlSeconds) &&
      (ttlSeconds as number) > 0 &&
      (ttlSeconds as number) <= IDENTITY_BOUNDS.maxLifetimeS
    )
  )
    fail(`options.ttlSeconds must be a whole number of seconds from 1 to ${IDENTITY_BOUNDS.maxLifetimeS}`);
}

/**
 * Checks a Kefu-format token's signature, audience, shape and expiry; the nonce's single use is
 * the caller's (it needs the store).
 */
export function readIdentityToken(
  token: string,
  secret: string,
  audience: string,
  now: number,
): IdentityCheck {
  const payload = verifyToken(token, secret);
  if (!payload) return { ok: false, reason: 'identity token signature is invalid' };
  // Without this, sites that share a secret would accept each other's tokens.
  if (payload.aud !== audience) return { ok: false, reason: 'identity token is not for this site (aud)' };
  const { exp, nonce } = payload;
  if (typeof exp !== 'number' || !validNonce(nonce))
    return { ok: false, reason: 'identity token needs exp and nonce' };
  if (exp * 1000 <= now) return { ok: false, reason: 'identity token has expired' };
  if (exp - now / 1000 > IDENTITY_BOUNDS.maxLifetimeS)
    return { ok: false, reason: 'identity token expires too far in the future (over 24 h)' };
  return identityFromClaims(payload, exp, nonce);
}

export function validNonce(nonce: unknown): nonce is string {
  return (
    typeof nonce === 'string' &&
    nonce.length >= IDENTITY_BOUNDS.minNonceChars &&
    nonce.length <= IDENTITY_BOUNDS.maxNonceChars &&
    STORED_TEXT_PATTERN.test(nonce)
  );
}

/** The identity in checked claims: `sub` is required; optional claims that are not short strings are dropped. */
export function identityFromClaims(
  payload: Record<string, unknown>,
  exp: number,
  nonce: string,
): IdentityCheck {
  const { sub, name, email, tier } = payload;
  // A NUL or lone surrogate would go into the shopper's hub id, which no frame carries: the agents
  // whose inbox held that shopper could not read their welcome. Neither can a store keep it.
  if (
    typeof sub !== 'string' ||
    sub.length === 0 ||
    sub.length > IDENTITY_BOUNDS.maxSubChars ||
    !STORED_TEXT_PATTERN.test(sub)
  )
    return { ok: false, reason: 'identity token has no valid sub' };
  const optional = (v: unknown) =>
    typeof v === 'string' && v.length <= IDENTITY_BOUNDS.maxOptionalChars ? v : undefined;
  const claims: IdentityClaims = { id: sub, exp, nonce };
  const n = optional(name);
  const e = optional(email);
  const t = optional(tier);
  if (n !== undefined) claims.name = n;
  if (e !== undefined) claims.email = e;
  if (t !== undefined) claims.tier = t;
  return { ok: true, claims };
}
