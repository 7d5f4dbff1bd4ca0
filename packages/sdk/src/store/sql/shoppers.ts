import type { Store } from '../store.ts';
import { json, type ShopperRow, toShopper } from './rows.ts';
import type { SqlContext } from './sql-context.ts';

/** Shopper profiles, one per site and shopper id; an upsert merges into what is stored. */
export function sqlShoppers({ db, s }: SqlContext): Pick<Store, 'upsertShopper' | 'getShopper'> {
  return {
    async upsertShopper(shopper, now) {
      return db.transaction(async (tx) => {
        const inserted = await tx.query<ShopperRow>(
          `INSERT INTO ${s}.shoppers (site_key, id, profile, created_at, updated_at)
           VALUES ($1, $2, $3::text::json, $4, $4) ON CONFLICT DO NOTHING
           RETURNING profile, created_at, updated_at`,
          [shopper.siteKey, shopper.id, json(shopper), now],
        );
        if (inserted.rows[0]) return toShopper(inserted.rows[0]);
        // Merged here rather than in SQL: `json` has no `||`, and `jsonb` cannot hold every string.
        const { rows } = await tx.query<ShopperRow>(
          `SELECT profile, created_at, updated_at FROM ${s}.shoppers WHERE site_key = $1 AND id = $2 FOR UPDATE`,
          [shopper.siteKey, shopper.id],
        );
        const merged = { ...rows[0]!.profile, ...shopper };
        const updated = await tx.query<ShopperRow>(
          `UPDATE ${s}.shoppers SET profile = $3::text::json, updated_at = $4 WHERE site_key = $1 AND id = $2
           RETURNING profile, created_at, updated_at`,
          [shopper.siteKey, shopper.id, json(merged), now],
        );
        return toShopper(updated.rows[0]!);
      });
    },

    async getShopper(siteKey, id) {
      const { rows } = await db.query<ShopperRow>(
        `SELECT profile, created_at, updated_at FROM ${s}.shoppers WHERE site_key = $1 AND id = $2`,
        [siteKey, id],
      );
      return rows[0] ? toShopper(rows[0]) : null;
    },
  };
}
