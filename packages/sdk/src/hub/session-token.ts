import { signToken, verifyToken } from './signed-token.ts';

/**
 * What a hub session token says: whose session, on which site, and when it was issued and ends
 * (ms on the hub's clock). Nothing personal: on resume the profile is read from the store, so an
 * erased shopper's name and e-mail cannot come back from a token saved in a browser.
 */
export interface SessionClaims {
  /** The hub's shopper id (`u:…` identified, `d#…` device). */
  sid: string;
  site: string;
  identified: boolean;
  iat: number;
  exp: number;
}

/**
 * Signs a session token with the hub's secret.
 * @example
 * const token = signSession({ sid: 'u:42', site: 'shop', identified: true, iat: now, exp: now + 12 * 3600_000 }, secret);
 */
export function signSession(claims: SessionClaims, secret: string): string {
  const { sid, site, identified, iat, exp } = claims;
  return signToken({ sid, site, identified, iat, exp }, secret);
}

/**
 * The claims of a session token signed by this hub for `site` and still valid at `now`, else
 * null (forged, foreign, expired, or from before tokens carried `iat`). Revocation is the
 * caller's: it needs the store.
 */
export function readSession(token: string, secret: string, site: string, now: number): SessionClaims | null {
  const c = verifyToken(token, secret);
  if (
    !c ||
    c.site !== site ||
    typeof c.sid !== 'string' ||
    c.sid.length === 0 ||
    typeof c.identified !== 'boolean' ||
    typeof c.iat !== 'number' ||
    typeof c.exp !== 'number' ||
    c.exp <= now
  )
    return null;
  return { sid: c.sid, site, identified: c.identified, iat: c.iat, exp: c.exp };
}
