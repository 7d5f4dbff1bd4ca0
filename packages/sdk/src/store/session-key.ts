import { createHash } from 'node:crypto';

/**
 * The key a store files a shopper's session revocation under: a one-way hash of site and
 * shopper id, so the record that keeps an erased shopper's old sessions dead does not keep
 * their id in clear.
 * @example
 * sessionKey('shop', 'u:42'); // 'mJ3…' (43 characters)
 */
export function sessionKey(siteKey: string, shopperId: string): string {
  return createHash('sha256').update(`kefu.session\u0000${siteKey}\u0000${shopperId}`).digest('base64url');
}
