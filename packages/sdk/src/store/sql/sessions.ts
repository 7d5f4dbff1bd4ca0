import { sessionKey } from '../session-key.ts';
import type { Store } from '../store.ts';
import type { SqlContext } from './sql-context.ts';

/** Session revocations, keyed by a hash of site and shopper id; expired ones are pruned on each revocation (reads: `shopper-lookups.ts`). */
export function sqlSessions({ db, s }: SqlContext): Pick<Store, 'revokeSessions'> {
  return {
    async revokeSessions(siteKey, shopperId, at, keepUntil) {
      // Revocations are rare (an erasure, a logout from the merchant), so pruning here keeps the table small.
      await db.query(`DELETE FROM ${s}.session_revocations WHERE keep_until < $1`, [at]);
      await db.query(
        `INSERT INTO ${s}.session_revocations (key, revoked_at, keep_until) VALUES ($1, $2, $3)
          ON CONFLICT (key) DO UPDATE SET
            revoked_at = GREATEST(${s}.session_revocations.revoked_at, EXCLUDED.revoked_at),
            keep_until = GREATEST(${s}.session_revocations.keep_until, EXCLUDED.keep_until)`,
        [sessionKey(siteKey, shopperId), at, keepUntil],
      );
    },
  };
}
