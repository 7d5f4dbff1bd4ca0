import { sessionKey } from '../session-key.ts';
import type { Store } from '../store.ts';
import { createBatchQueue } from './batch-queue.ts';
import { type ShopperRow, toShopper } from './rows.ts';
import type { SqlContext } from './sql-context.ts';

/** Lookups answered per statement at the most. */
const MAX_LOOKUPS = 256;

type Found = { revokedAt: number | null; shopper: ShopperRow | null };
type LookupRow = Partial<ShopperRow> & { n: string | number; revoked_at: string | number | null };

/**
 * A shopper's profile and session revocation, read together: a hello that resumes a session asks
 * for both at once, and lookups that arrive while one is in flight (a reconnect storm) go together,
 * so one statement answers many (as conversation reads do, `conversations.ts`). Each is sent after
 * it was asked for, so it sees every write that had resolved by then.
 * @example
 * const { getShopper, sessionsRevokedAt } = sqlShopperLookups(ctx);
 */
export function sqlShopperLookups({
  db,
  s,
}: SqlContext): Pick<Store, 'getShopper' | 'sessionsRevokedAt'> & { idle(): Promise<void> } {
  const lookups = createBatchQueue<{ siteKey: string; id: string }, Found>(
    async (items) => {
      const { rows } = await db.query<LookupRow>(
        `SELECT k.n, r.revoked_at, p.profile, p.created_at, p.updated_at
         FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS k(site_key, id, key, n)
         LEFT JOIN ${s}.session_revocations r ON r.key = k.key
         LEFT JOIN ${s}.shoppers p ON p.site_key = k.site_key AND p.id = k.id`,
        [items.map((i) => i.siteKey), items.map((i) => i.id), items.map((i) => sessionKey(i.siteKey, i.id))],
        { prepare: true },
      );
      const found: Found[] = items.map(() => ({ revokedAt: null, shopper: null }));
      for (const row of rows) {
        const at = found[Number(row.n) - 1]!;
        if (row.revoked_at !== null) at.revokedAt = Number(row.revoked_at);
        if (row.profile) at.shopper = row as ShopperRow;
      }
      return found.map((value) => ({ value }));
    },
    { max: MAX_LOOKUPS },
  );
  return {
    idle: lookups.idle,
    async getShopper(siteKey, id) {
      const { shopper } = await lookups.push({ siteKey, id });
      return shopper ? toShopper(shopper) : null;
    },
    async sessionsRevokedAt(siteKey, shopperId) {
      return (await lookups.push({ siteKey, id: shopperId })).revokedAt;
    },
  };
}
