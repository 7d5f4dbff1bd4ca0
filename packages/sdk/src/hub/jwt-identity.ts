import { errors, jwtVerify } from 'jose';
import { IDENTITY_BOUNDS, type IdentityCheck, identityFromClaims, validNonce } from './identity.ts';

/** Seconds a merchant's clock may be ahead of or behind the hub's. */
export const JWT_CLOCK_TOLERANCE_S = 30;
/** A token meant to be used within minutes has no business living longer than this. */
export const JWT_MAX_LIFETIME_S = IDENTITY_BOUNDS.maxLifetimeS;

/** A JWT (`header.payload.signature`) rather than the Kefu format (`payload.signature`). */
export const looksLikeJwt = (token: string): boolean => token.split('.').length === 3;

/**
 * Checks an HS256 JWT identity token signed with the site's identity secret: the algorithm (HS256
 * only, so `none` and key-confusion tricks fail), the signature, `aud` = the site key, `exp`
 * (required, at most {@link JWT_MAX_LIFETIME_S} ahead), `sub`, and a `jti` of 8–200 characters.
 * The `jti`'s single use is the caller's (it needs the store). `now` is the hub's clock.
 * @example
 * const check = await readJwtIdentity(token, site.identitySecret, site.key, clock.now());
 */
export async function readJwtIdentity(
  token: string,
  secret: string,
  audience: string,
  now: number,
): Promise<IdentityCheck> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ['HS256'],
      audience,
      currentDate: new Date(now),
      clockTolerance: JWT_CLOCK_TOLERANCE_S,
      requiredClaims: ['exp', 'sub', 'jti'],
    }));
  } catch (error) {
    return { ok: false, reason: joseReason(error) };
  }
  const { exp, jti } = payload;
  if (typeof exp !== 'number') return { ok: false, reason: 'identity token needs exp and jti' };
  if (exp - now / 1000 > JWT_MAX_LIFETIME_S + JWT_CLOCK_TOLERANCE_S)
    return { ok: false, reason: 'identity token expires too far in the future (over 24 h)' };
  if (!validNonce(jti)) return { ok: false, reason: 'identity token needs a jti of 8–200 characters' };
  return identityFromClaims(payload, exp, jti);
}

/** A short reason for the log and the shopper's error frame; never the token itself. */
function joseReason(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'identity token has expired';
  if (error instanceof errors.JWTClaimValidationFailed)
    return error.claim === 'aud'
      ? 'identity token is not for this site (aud)'
      : `identity token has no valid ${error.claim}`;
  if (error instanceof errors.JOSEAlgNotAllowed) return 'identity token must be signed with HS256';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'identity token signature is invalid';
  return 'identity token is malformed';
}
