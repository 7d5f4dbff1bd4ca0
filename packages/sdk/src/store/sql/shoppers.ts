import type { Store } from '../store.ts';
import { json, type ShopperRow, toShopper } from './rows.ts';
import type { SqlContext } from './sql-context.ts';

/** A shopper's row with its profile as stored (text), for a compare-and-set. */
type RawShopperRow = Omit<ShopperRow, 'profile'> & { profile: string; inserted: boolean };

/** Shopper profiles, one per site and shopper id; an upsert merges into what is stored (reads: `shopper-lookups.ts`). */
export function sqlShoppers({ db, s }: SqlContext): Pick<Store, 'upsertShopper'> {
  // Every hello upserts, so no transaction (BEGIN, insert, read, update, COMMIT: five round trips).
  // One statement inserts a new shopper, or stamps a known one and returns their profile: when
  // the merge changes nothing (a shopper back with the same profile), that is the whole upsert.
  // Else a compare-and-set writes the merge. It is merged in JS: `json` has no `||`, `jsonb`
  // cannot hold every string, and no SQL function reads a `json` value holding `\u0000`; its
  // text, compared as text, needs no reading. The update cannot see a row inserted since the
  // statement began, nor the insert write over it (no row: asked again).
  const insertOrTouch = `WITH upd AS (
      UPDATE ${s}.shoppers SET updated_at = $4 WHERE site_key = $1 AND id = $2
      RETURNING profile::text AS profile, created_at, updated_at),
    ins AS (
      INSERT INTO ${s}.shoppers (site_key, id, profile, created_at, updated_at)
      SELECT $1::text, $2::text, $3::text::json, $4::bigint, $4::bigint WHERE NOT EXISTS (SELECT 1 FROM upd)
      ON CONFLICT DO NOTHING RETURNING profile::text AS profile, created_at, updated_at)
    SELECT profile, created_at, updated_at, TRUE AS inserted FROM ins
    UNION ALL SELECT profile, created_at, updated_at, FALSE FROM upd`;
  const compareAndSet = `UPDATE ${s}.shoppers SET profile = $3::text::json, updated_at = $4
    WHERE site_key = $1 AND id = $2 AND profile::text = $5 RETURNING created_at`;
  return {
    async upsertShopper(shopper, now) {
      const given = json(shopper);
      for (;;) {
        const { rows } = await db.query<RawShopperRow>(
          insertOrTouch,
          [shopper.siteKey, shopper.id, given, now],
          {
            prepare: true,
          },
        );
        const row = rows[0];
        if (!row) continue;
        const stored = JSON.parse(row.profile);
        if (row.inserted) return toShopper({ ...row, profile: stored });
        const text = json({ ...stored, ...shopper });
        if (text === row.profile) return toShopper({ ...row, profile: stored });
        // A miss means another writer changed (or deleted) the profile since the read: merge again.
        const set = await db.query<Pick<ShopperRow, 'created_at'>>(
          compareAndSet,
          [shopper.siteKey, shopper.id, text, now, row.profile],
          { prepare: true },
        );
        const written = set.rows[0];
        if (written)
          return toShopper({ profile: JSON.parse(text!), created_at: written.created_at, updated_at: now });
      }
    },
  };
}
