import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { POSTGRES_URL } from '../servers.ts';
import { API_KEY, API_KEYS } from './api-key.ts';
import { startHubProcess } from './hub-process.ts';

// Finding (sixth pass, 2026-12-07): `GET /api/v1/conversations` reads a page as the store's
// `ORDER BY created_at, pos LIMIT n`, and no index on PostgreSQL had that order: every page, the
// first as the thousandth, scanned and sorted the whole conversations table. With 300,000
// conversations a page took ~130 ms of the database's CPU on three cores, so a `read` key's 20
// requests a second (or a CRM paging through its history) kept the database busy for every chat of
// every node. A migration adds the index (conversations_created); a page reads its rows from it.

const CONVERSATIONS = 30_000;

describe('a read key pages through the conversations on PostgreSQL', () => {
  it('reads each page from an index in its order, not by sorting the whole table', async () => {
    const hub = await startHubProcess({
      store: 'postgres',
      options: { http: { apiKeys: API_KEYS } },
    });
    const db = new pg.Client({ connectionString: POSTGRES_URL });
    await db.connect();
    try {
      await db.query(
        `INSERT INTO ${hub.schema}.conversations (id, site_key, shopper_id, state, status, skill_group, created_at, updated_at)
         SELECT 'c_bulk_' || n, 'shop', 'd#bulk' || n, '{"status":"closed","group":"general"}', 'closed', 'general',
                1767225600000 + n, 1767225600000 + n
         FROM generate_series(1, ${CONVERSATIONS}) n`,
      );
      await db.query(`ANALYZE ${hub.schema}.conversations`);
      const res = await fetch(`${hub.httpUrl}/api/v1/conversations?limit=50`, {
        headers: { authorization: `Bearer ${API_KEY}` },
      });
      expect(res.status).toBe(200);
      // The plan of the store's query for a first page and for a later one (sql/conversations.ts).
      for (const where of ['TRUE', 'created_at >= 1767225610000']) {
        const { rows } = await db.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN SELECT * FROM ${hub.schema}.conversations WHERE ${where} ORDER BY created_at, pos LIMIT 51`,
        );
        const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
        expect(plan).toContain('conversations_created');
        expect(plan).not.toMatch(/Seq Scan|Sort/);
      }
    } finally {
      await db.end();
    }
  }, 120_000);
});
