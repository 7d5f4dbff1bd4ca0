import type { IncomingMessage } from 'node:http';
import { BoundedMap } from '../bounded-map.ts';
import type { Clock } from '../clock.ts';
import { type ApiKeyInfo, type ApiKeys, parseApiKey } from '../hub/api-keys.ts';
import { clientAddress } from '../hub/client-address.ts';
import { KeyedTokenBuckets } from '../hub/rate-limiter.ts';
import type { ApiKeyScope } from '../store/api-keys.ts';
import { HttpError } from './api-error.ts';

/** `write` includes `read`; `admin` includes both. */
const GRANTS: Record<ApiKeyScope, readonly ApiKeyScope[]> = {
  read: ['read'],
  write: ['read', 'write'],
  admin: ['read', 'write', 'admin'],
};

/** Whether a key with `scopes` may call a route that needs `needed`. */
export function scopeAllows(scopes: readonly ApiKeyScope[], needed: ApiKeyScope): boolean {
  return scopes.some((s) => GRANTS[s].includes(needed));
}

/**
 * Checks a request's `Authorization: Bearer <key>`: a live key (401 otherwise), the route's
 * scope (403) and the key's rate (429 with `Retry-After`). Buckets are per key and per node.
 * Wrong keys count per client address at the same rate: past it the address gets 429 without its
 * key being looked up, so guessing costs the store nothing and goes no faster than the rate.
 * @example
 * const key = await authenticate(req, 'write');
 */
export function createApiAuth(deps: {
  keys: Pick<ApiKeys, 'verify'>;
  rateLimit: { perSecond: number; burst: number };
  clock: Clock;
  /** Proxies trusted in front of the hub (their `X-Forwarded-For` names the client). */
  trustProxy: number;
}): (req: IncomingMessage, scope: ApiKeyScope) => Promise<ApiKeyInfo> {
  // Bounded: only verified keys get a bucket, but keys come and go over a long-running node.
  const buckets = new KeyedTokenBuckets(deps.rateLimit.perSecond, deps.rateLimit.burst);
  const retryAfter = String(Math.max(1, Math.ceil(1 / deps.rateLimit.perSecond)));
  const failures = new KeyedTokenBuckets(deps.rateLimit.perSecond, deps.rateLimit.burst);
  const refusingUntil = new BoundedMap<string, number>(10_000);
  const guessing = () =>
    new HttpError(429, 'rate_limited', 'too many wrong API keys from this address; retry later', {
      'retry-after': retryAfter,
    });
  return async (req, scope) => {
    const address = clientAddress(req, deps.trustProxy);
    if ((refusingUntil.get(address) ?? 0) > deps.clock.now()) throw guessing();
    // Node keeps the first of two Authorization headers and a proxy may keep the last: two are none.
    const given = req.rawHeaders.filter((h, i) => i % 2 === 0 && h.toLowerCase() === 'authorization');
    const header = given.length === 1 ? (req.headers.authorization ?? '') : '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const key = match ? await deps.keys.verify(match[1]!) : null;
    if (!key) {
      const now = deps.clock.now();
      if (!failures.take(address, now)) {
        refusingUntil.set(address, now + 1000 / deps.rateLimit.perSecond);
        throw guessing();
      }
      // A key of the wrong shape (a hand-made secret too short, say) is told so: it can never work.
      const why =
        given.length > 1
          ? `one Authorization header is needed, not ${given.length}`
          : match && !parseApiKey(match[1]!)
            ? 'not a Kefu API key: kefu_<id>_<secret>, the secret 20–100 letters, digits or -._~+/ (kefu api-key create makes one)'
            : 'a live API key is needed: Authorization: Bearer kefu_…';
      throw new HttpError(401, 'unauthorized', why, { 'www-authenticate': 'Bearer' });
    }
    if (!scopeAllows(key.scopes, scope))
      throw new HttpError(403, 'forbidden', `this API key lacks the ${scope} scope`);
    if (!buckets.take(key.id, deps.clock.now()))
      throw new HttpError(429, 'rate_limited', 'too many requests for this API key; retry later', {
        'retry-after': retryAfter,
      });
    return key;
  };
}
