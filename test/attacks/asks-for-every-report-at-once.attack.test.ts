import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { POSTGRES_URL } from '../servers.ts';
import { API_KEY, API_KEYS } from './api-key.ts';
import { startHubProcess } from './hub-process.ts';

// Finding (sixth pass, 2026-12-07): a report reads the event log of its whole window, and a `read`
// API key may ask for one over all time as often as its rate allows (20 a second by default), each
// computed at once beside the others. On PostgreSQL with 20,000 conversations (200,000 events) one
// report cost ~1.1 s of the hub's CPU and held the loop up to 86 ms; four at once held it up to
// 0.55 s (p99 0.44 s), every chat of the node waiting, and more at once held it longer. A node now
// computes one report at a time, eight more wait their turn, and the rest are `429 rate_limited`.

const CONVERSATIONS = 5_000;
const AT_ONCE = 12;
const RUN_OR_WAIT = 1 + 8;

describe('a read key asks for a report over all time, many at once', () => {
  it('gets one computed at a time, eight waiting, the rest refused as rate_limited', async () => {
    const hub = await startHubProcess({
      store: 'postgres',
      options: { http: { apiKeys: API_KEYS, rateLimit: { perSecond: 1000, burst: 1000 } } },
    });
    const db = new pg.Client({ connectionString: POSTGRES_URL });
    await db.connect();
    const t0 = 1767225600000;
    try {
      // A shop's history: each conversation created, answered by the bot, handed over, closed.
      await db.query(
        `INSERT INTO ${hub.schema}.events (id, at, kind, conversation_id, agent_id, skill_group, data)
         SELECT 'e_' || n || '_' || k, ${t0} + n * 1000 + k,
                (ARRAY['conversation.created','message','bot.answer','message','bot.answer','escalated',
                       'assigned','message','message','closed'])[k],
                'c_' || n, CASE WHEN k >= 7 THEN 'alice' END, 'general',
                CASE WHEN k IN (2, 4, 8) THEN '{"authorKind":"shopper"}'::json
                     WHEN k = 9 THEN '{"authorKind":"agent"}'::json ELSE '{}'::json END
         FROM generate_series(1, ${CONVERSATIONS}) n, generate_series(1, 10) k`,
      );
    } finally {
      await db.end();
    }
    const report = () =>
      fetch(`${hub.httpUrl}/api/v1/reports?from=0&to=${t0 + 10 ** 10}&groupBy=day`, {
        headers: { authorization: `Bearer ${API_KEY}` },
      }).then(async (res) => ({
        status: res.status,
        body: (await res.json()) as { error?: { code: string } },
      }));
    const answers = await Promise.all(Array.from({ length: AT_ONCE }, report));
    const computed = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status === 429);
    expect(computed).toHaveLength(RUN_OR_WAIT);
    expect(refused).toHaveLength(AT_ONCE - RUN_OR_WAIT);
    for (const r of refused) expect(r.body.error?.code).toBe('rate_limited');
    // Its turn over, the next is computed.
    expect((await report()).status).toBe(200);
  }, 120_000);
});
