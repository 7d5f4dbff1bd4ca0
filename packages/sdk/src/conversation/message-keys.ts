import { createHash } from 'node:crypto';
import { KefuError, LIMITS } from '@kefu/protocol';

// A message's clientMsgId makes its retry a no-op, once per conversation whoever wrote it. The
// shopper's is kept as they sent it; the hub files an agent's, the API's and the bot's under
// prefixes of their own, so no one's retry key can be someone else's. This file is the one home of
// that layout.

/** Prefixes of keys that are not the shopper's: an agent's (`a:`, `a#`), the HTTP API's (`api:`), the bot's (`b:`). */
const NOT_THE_SHOPPERS = /^(?:a[:#]|api:|b:)/;

/**
 * Refuses a shopper's clientMsgId in another author's name space: a shopper who sent
 * `api:order-7-shipped` (or `a:<agent>:<id>`) first had the merchant's message answered as a
 * duplicate of theirs, never stored and never delivered. Clients make random ids, without `:`.
 * @example
 * requireShopperKey('V1StGXR8_Z5jdHi6B-myT'); // fine
 */
export function requireShopperKey(clientMsgId: string): void {
  if (NOT_THE_SHOPPERS.test(clientMsgId))
    throw new KefuError(
      'invalid_frame',
      'clientMsgId: a:, a#, api: and b: start the ids of agents, the API and the bot; use a random id',
    );
}

/**
 * The key an agent's message is stored under: `a:<agent id>:<client's id>` when that fits an id
 * and says whose it is, else `a#` and a hash of both. Cut to fit, the ids of an agent with a long id
 * (an SSO subject, a 64-character hash) became one key, and each message after the first was
 * taken for a retry of it.
 * @example
 * agentMessageKey('mei', 'm1'); // 'a:mei:m1'
 */
export function agentMessageKey(agentId: string, clientMsgId: string): string {
  const plain = `a:${agentId}:${clientMsgId}`;
  if (plain.length <= LIMITS.maxIdChars && !agentId.includes(':')) return plain;
  return `a#${createHash('sha256')
    .update(JSON.stringify([agentId, clientMsgId]))
    .digest('base64url')}`;
}

/** The key of a message the HTTP API posts as the bot with the caller's `clientMsgId` (at most 40 characters). */
export const apiMessageKey = (clientMsgId: string): string => `api:${clientMsgId}`;

/**
 * The key of the bot's `part` (the index of a content, or a name) of its answer to the shopper's
 * message `answers` (its seq): a turn run again after a failure (see `bot-turn-retry.ts`) posts
 * what the first attempt stored already as a duplicate, never a second time.
 * @example
 * botMessageKey(7, 0); // 'b:7:0'
 */
export const botMessageKey = (answers: number, part: number | string): string => `b:${answers}:${part}`;
