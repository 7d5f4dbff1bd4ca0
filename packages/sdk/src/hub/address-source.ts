import { createHmac } from 'node:crypto';

/**
 * The key a shopper's address is counted by in the routing queue (QueueEntry.source): a keyed
 * hash, so the queue and the bus carry no address, and the same on every node of a cluster (they
 * share `secret`). `address` is already what per-address limits count (an IPv6 client's /64).
 * @example
 * addressSource(o.secret, conn.ip); // 'Yc1…' (16 characters)
 */
export function addressSource(secret: string, address: string): string {
  return createHmac('sha256', secret).update(`queue-source:${address}`).digest('base64url').slice(0, 16);
}
