import type { IncomingMessage } from 'node:http';
import type { Clock } from '../clock.ts';
import { clientAddress } from '../hub/client-address.ts';
import { KeyedTokenBuckets } from '../hub/rate-limiter.ts';
import { HttpError } from './api-error.ts';

/**
 * The rate of signed requests (the order system's inbound events), per source address and per
 * node, at the API's `http.rateLimit`. Checked before the body is read and its signature computed,
 * so a flood of forged requests costs the hub a bucket look-up each, and a sender over the rate
 * gets a 429 `rate_limited` with `Retry-After` (events are idempotent: the retry is safe). There
 * is one inbound secret, so the address is what tells senders apart.
 * @example
 * const limit = createInboundRateLimit({ rateLimit: { perSecond: 20, burst: 40 }, clock, trustProxy: 0 });
 * limit(req); // throws HttpError 429 past the rate
 */
export function createInboundRateLimit(deps: {
  rateLimit: { perSecond: number; burst: number };
  clock: Clock;
  /** Proxies trusted in front of the hub (their `X-Forwarded-For` names the sender). */
  trustProxy: number;
}): (req: IncomingMessage) => void {
  const buckets = new KeyedTokenBuckets(deps.rateLimit.perSecond, deps.rateLimit.burst);
  const retryAfter = String(Math.max(1, Math.ceil(1 / deps.rateLimit.perSecond)));
  return (req) => {
    if (!buckets.take(clientAddress(req, deps.trustProxy), deps.clock.now()))
      throw new HttpError(429, 'rate_limited', 'too many signed requests from this address; retry later', {
        'retry-after': retryAfter,
      });
  };
}
