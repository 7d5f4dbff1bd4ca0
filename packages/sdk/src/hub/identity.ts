import { randomBytes } from 'node:crypto';
import type { ShopperIdentity } from '../seams/shopper.ts';
import { signToken, verifyToken } from './signed-token.ts';

export type { ShopperIdentity };

export interface IdentityClaims extends ShopperIdentity {
  /** Expiry, unix seconds. */
  exp: number;
  nonce: string;
}

/**
 * Signs a shopper identity on the merchant's server; the page passes the token to the widget
 * (`Kefu('identify', { token })`). Single use: the hub refuses a token it has seen before.
 * @example
 * const token = signIdentity({ id: 'u_42', name: 'Li Lei', tier: 'vip' }, process.env.KEFU_IDENTITY_SECRET!);
 */
export function signIdentity(
  identity: ShopperIdentity,
  secret: string,
  options: { ttlSeconds?: number; now?: number } = {},
): string {
  const now = options.now ?? Date.now();
  const claims = {
    sub: identity.id,
    ...(identity.name === undefined ? {} : { name: identity.name }),
    ...(identity.email === undefined ? {} : { email: identity.email }),
    ...(identity.tier === undefined ? {} : { tier: identity.tier }),
    exp: Math.floor(now / 1000) + (options.ttlSeconds ?? 600),
    nonce: randomBytes(12).toString('base64url'),
  };
  return signToken(claims, secret);
}

export type IdentityCheck = { ok: true; claims: IdentityClaims } | { ok: false; reason: string };

/** Checks signature, shape and expiry; the nonce's single use is the caller's (it needs the store). */
export function readIdentityToken(token: string, secret: string, now: number): IdentityCheck {
  const payload = verifyToken(token, secret);
  if (!payload) return { ok: false, reason: 'identity token signature is invalid' };
  const { sub, name, email, tier, exp, nonce } = payload;
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > 128)
    return { ok: false, reason: 'identity token has no valid sub' };
  if (typeof exp !== 'number' || typeof nonce !== 'string' || nonce.length < 8)
    return { ok: false, reason: 'identity token needs exp and nonce' };
  if (exp * 1000 <= now) return { ok: false, reason: 'identity token has expired' };
  const optional = (v: unknown) => (typeof v === 'string' && v.length <= 200 ? v : undefined);
  const claims: IdentityClaims = { id: sub, exp, nonce };
  const n = optional(name);
  const e = optional(email);
  const t = optional(tier);
  if (n !== undefined) claims.name = n;
  if (e !== undefined) claims.email = e;
  if (t !== undefined) claims.tier = t;
  return { ok: true, claims };
}
