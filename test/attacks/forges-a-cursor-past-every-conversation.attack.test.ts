import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { POSTGRES_URL } from '../servers.ts';
import { API_KEY, API_KEYS } from './api-key.ts';
import { startHubProcess } from './hub-process.ts';

// Finding (sixth pass, 2026-12-07): `GET /api/v1/conversations` pages by a cursor of the last
// page's createdAt and how many of that createdAt it served (`seen`, for ties), and asked the store
// for `seen + limit + 1` rows. The cursor is base64url JSON, and `seen` could be any safe integer:
// `[0, 2^53 − 1]` made any `read` key's request read every conversation of the store into the
// hub's process to answer one page of 50. With 30,000 conversations on PostgreSQL each such request
// took ~0.5 s and ~60 MB; a key's 20 a second kept the hub's loop and memory busy for good. Ties
// are conversations created in the same millisecond; a cursor now carries at most MAX_TIES of them
// (a page holds 200), past which it is `400 invalid_frame`, as any cursor the API did not make.

const CONVERSATIONS = 30_000;

describe('an API key forges a conversations cursor that skips every row', () => {
  it('is refused as a cursor the API did not make, before the store is read', async () => {
    const hub = await startHubProcess({
      store: 'postgres',
      options: { http: { apiKeys: API_KEYS, rateLimit: { perSecond: 1000, burst: 1000 } } },
    });
    const db = new pg.Client({ connectionString: POSTGRES_URL });
    await db.connect();
    try {
      await db.query(
        `INSERT INTO ${hub.schema}.conversations (id, site_key, shopper_id, state, status, skill_group, created_at, updated_at, page)
         SELECT 'c_bulk_' || n, 'shop', 'd#bulk' || n, '{"status":"closed","group":"general"}', 'closed', 'general',
                1767225600000 + n, 1767225600000 + n, json_build_object('url', 'https://shop.example/p/' || repeat('x', 1000))
         FROM generate_series(1, ${CONVERSATIONS}) n`,
      );
    } finally {
      await db.end();
    }
    const get = (query: string) =>
      fetch(`${hub.httpUrl}/api/v1/conversations?${query}`, {
        headers: { authorization: `Bearer ${API_KEY}` },
      });
    const first = await get('limit=50');
    expect(first.status).toBe(200);
    const { next } = (await first.json()) as { next: string };
    // The API's own cursor still pages on.
    expect((await get(`limit=50&cursor=${next}`)).status).toBe(200);
    const forged = Buffer.from(JSON.stringify([0, Number.MAX_SAFE_INTEGER])).toString('base64url');
    const answer = await get(`limit=50&cursor=${forged}`);
    const body = await answer.json();
    expect(answer.status).toBe(400);
    expect(body).toMatchObject({ error: { code: 'invalid_frame' } });
  }, 120_000);
});
