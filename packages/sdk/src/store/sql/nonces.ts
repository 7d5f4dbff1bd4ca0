import type { Store } from '../store.ts';
import type { SqlContext } from './sql-context.ts';

/** Single-use token nonces; expired ones are pruned every `pruneEvery`-th call. */
export function sqlNonces({ db, s }: SqlContext, pruneEvery: number): Pick<Store, 'useNonce'> {
  let nonceCalls = 0;
  return {
    async useNonce(nonce, expiresAt, now) {
      if (++nonceCalls % pruneEvery === 0) {
        // Tokens that carried these nonces have expired, so they cannot be replayed anyway.
        await db.query(`DELETE FROM ${s}.nonces WHERE expires_at < $1 AND nonce <> $2`, [now, nonce]);
      }
      const { rows } = await db.query(
        `INSERT INTO ${s}.nonces (nonce, expires_at) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`,
        [nonce, expiresAt],
        { prepare: true },
      );
      return rows.length > 0;
    },
  };
}
