import { BoundedMap } from '../bounded-map.ts';

/**
 * A token bucket: `burst` frames at once, refilled at `perSecond`. Time comes from the caller
 * so tests can drive it.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.last = now;
  }

  /** Takes one token; false when the bucket is empty. */
  take(now: number): boolean {
    this.refill(now);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** True when at least one token is left (none taken): a cost known only afterwards is `spend`. */
  ready(now: number): boolean {
    this.refill(now);
    return this.tokens >= 1;
  }

  /** Takes `cost` tokens, into debt if need be: what was already served is paid for by waiting. */
  spend(now: number, cost: number): void {
    this.refill(now);
    this.tokens -= cost;
  }

  private refill(now: number): void {
    // A clock stepping backwards (NTP, a VM resumed) must not drain the bucket.
    const elapsed = Math.max(0, now - this.last);
    this.tokens = Math.min(this.burst, this.tokens + (elapsed / 1000) * this.perSecond);
    this.last = now;
  }
}

/**
 * One {@link TokenBucket} per key (an API key, a sender's address), at most `maxKeys` kept: a
 * spray of keys must not grow the map without end.
 * @example
 * const buckets = new KeyedTokenBuckets(20, 40);
 * if (!buckets.take(address, clock.now())) refuse();
 */
export class KeyedTokenBuckets {
  private readonly buckets: BoundedMap<string, TokenBucket>;
  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    maxKeys = 10_000,
  ) {
    this.buckets = new BoundedMap(maxKeys);
  }

  take(key: string, now: number): boolean {
    return this.bucket(key, now).take(now);
  }

  /** See {@link TokenBucket.ready}. */
  ready(key: string, now: number): boolean {
    return this.bucket(key, now).ready(now);
  }

  /** See {@link TokenBucket.spend}. */
  spend(key: string, now: number, cost: number): void {
    this.bucket(key, now).spend(now, cost);
  }

  private bucket(key: string, now: number): TokenBucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(this.perSecond, this.burst, now);
      this.buckets.set(key, bucket);
    }
    return bucket;
  }
}
