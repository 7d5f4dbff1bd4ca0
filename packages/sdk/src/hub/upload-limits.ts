import type { Clock } from '../clock.ts';
import { createAddressSlots } from './address-slots.ts';
import { KeyedTokenBuckets } from './rate-limiter.ts';

/**
 * What one shopper's address and conversation may upload. A photo costs the hub far more than a
 * message: up to `images.maxBytes` buffered, a decode of up to `images.maxPixels` (hundreds of MB
 * of pixels in sharp's threads) and a few MB kept in the blob store for good. Without these an
 * anonymous client could post photos in parallel (memory), or one after another from fresh
 * conversations (disk), as fast as the hub decodes them.
 */
export const UPLOAD_LIMITS = {
  /** Uploads one address may have in flight at once; the widget sends one at a time. */
  inFlightPerAddress: 2,
  /** A conversation's photos: a burst of 20, then one every 30 s. */
  conversationBurst: 20,
  conversationPerSecond: 1 / 30,
  /** An address's photos over all its conversations: a burst of 40, then one every 10 s. */
  addressBurst: 40,
  addressPerSecond: 1 / 10,
} as const;

export type UploadAdmission = { ok: true; done(): void } | { ok: false; retryAfterMs: number };

/**
 * Admits a shopper's upload before its body is read: at most `inFlightPerAddress` at a time per
 * address, and token buckets per conversation and per address. A refusal says when to retry; the
 * widget keeps the photo and retries, so nothing the shopper picked is lost.
 * @example
 * const admitted = limits.admit(address, conversationId);
 * if (!admitted.ok) refuse(429, admitted.retryAfterMs);
 * try { await store(photo); } finally { admitted.done(); }
 */
export function createUploadLimits(clock: Clock, limits = UPLOAD_LIMITS) {
  const inFlight = createAddressSlots(limits.inFlightPerAddress);
  const conversations = new KeyedTokenBuckets(limits.conversationPerSecond, limits.conversationBurst);
  const addresses = new KeyedTokenBuckets(limits.addressPerSecond, limits.addressBurst);

  return {
    admit(address: string, conversationId: string): UploadAdmission {
      if (inFlight.held(address) >= limits.inFlightPerAddress) return { ok: false, retryAfterMs: 1000 };
      const now = clock.now();
      if (!conversations.take(conversationId, now))
        return { ok: false, retryAfterMs: Math.ceil(1000 / limits.conversationPerSecond) };
      if (!addresses.take(address, now))
        return { ok: false, retryAfterMs: Math.ceil(1000 / limits.addressPerSecond) };
      inFlight.take(address);
      let released = false;
      return {
        ok: true,
        done() {
          if (released) return;
          released = true;
          inFlight.release(address);
        },
      };
    },
  };
}

export type UploadLimits = ReturnType<typeof createUploadLimits>;
