import { createHash } from 'node:crypto';
import type { ShopperInfo } from './seams/shopper.ts';

/**
 * The hub's id for a shopper: `u:<merchant user id>` for a logged-in shopper, `d#<hash>` for a
 * device. Ids are at most 64 characters, so longer user ids are hashed to fit, stably (`u#…`); the
 * merchant's own user id stays readable as `ShopperInfo.userId`. A device id is always hashed: it is
 * what lets an anonymous shopper back into their conversation, and the hub id is shown to agents and
 * API clients, who could otherwise say hello as that device and read its transcript.
 */
export function shopperId(prefix: 'u' | 'd', raw: string): string {
  return prefix === 'u' && raw.length <= 60
    ? `${prefix}:${raw}`
    : `${prefix}#${createHash('sha256').update(raw).digest('base64url').slice(0, 40)}`;
}

/**
 * What a hub shopper id alone says of its shopper, where the hub did not see them connect (after
 * a restart, or on another node): logged in or not, and the merchant's user id when not hashed.
 */
export function shopperOf(id: string): ShopperInfo {
  if (id.startsWith('u:')) return { id, identified: true, userId: id.slice(2) };
  return { id, identified: id.startsWith('u#') };
}
