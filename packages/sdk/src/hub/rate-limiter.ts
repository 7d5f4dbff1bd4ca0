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
    // A clock stepping backwards (NTP, a VM resumed) must not drain the bucket.
    const elapsed = Math.max(0, now - this.last);
    this.tokens = Math.min(this.burst, this.tokens + (elapsed / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
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
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(this.perSecond, this.burst, now);
      this.buckets.set(key, bucket);
    }
    return bucket.take(now);
  }
}
