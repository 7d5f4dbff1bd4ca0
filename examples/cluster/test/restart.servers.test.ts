import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { POSTGRES_URL, postgresMissing, redisMissing } from '../../../test/servers.ts';
import {
  agentAt,
  escalate,
  exchangeExactlyOnce,
  isolatedSuite,
  node,
  shopperAt,
  until,
} from './cluster-fixture.ts';

const missing = (await postgresMissing()) ?? (await redisMissing());
const fresh = isolatedSuite({ afterEach, afterAll }, missing === null);

/** Starts the node again on the same port once the killed one has let go of it. */
async function restartOn(port: number, env: Record<string, string>) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await node({ ...env, NODE_NAME: 'one-again', PORT: String(port) });
    } catch (error) {
      if (attempt >= 20 || !String(error).includes('EADDRINUSE')) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

describe.skipIf(missing !== null)(
  missing ? `restart (skipped: ${missing})` : 'a hub process killed and restarted',
  () => {
    it('resumes both sides after SIGKILL mid-stream and a restart on the same store: nothing lost, nothing doubled', async () => {
      const iso = fresh();
      const first = await node({ ...iso.env, NODE_NAME: 'one' });
      const url = `ws://127.0.0.1:${first.port}`;
      const agent = agentAt(url);
      await agent.connect();
      const shopper = shopperAt(url);
      await escalate(shopper);
      const c = await agent.join(shopper.conversationId!);
      // Killed halfway through, and started again on the same port and store.
      await exchangeExactlyOnce(shopper, agent, c.id, 1000, () => {
        first.child.kill('SIGKILL');
        return restartOn(first.port, iso.env);
      });
      shopper.close();
      agent.disconnect();
    }, 240_000);

    it('keeps every message it acknowledged when SIGKILLed under load, and stores the resent rest once', async () => {
      const iso = fresh();
      const first = await node({ ...iso.env, NODE_NAME: 'one' });
      const url = `ws://127.0.0.1:${first.port}`;
      const shoppers = Array.from({ length: 20 }, () => shopperAt(url));
      for (const s of shoppers) s.connect();
      await until(
        () => shoppers.every((s) => s.status === 'open'),
        () => 'twenty welcomes',
      );
      const sent = shoppers.map(() => [] as string[]);
      const ackedAtKill: string[] = [];
      let restarted: Promise<unknown> | undefined;
      for (let round = 0; round < 40; round++) {
        for (const [i, s] of shoppers.entries()) sent[i]!.push(s.send(`s${i}-${round}`));
        if (round === 20) {
          // Acknowledged is what left the outbox. A busy machine may not have acknowledged anything
          // 100 ms in: the kill waits for a first acknowledgement, then comes at once, sends in flight.
          const ackedNow = () =>
            shoppers.flatMap((s, i) => {
              const waiting = new Set(s.outbox.map((e) => e.clientMsgId));
              return sent[i]!.filter((id) => !waiting.has(id));
            });
          await until(
            () => ackedNow().length > 0,
            () => 'a first acknowledgement',
            60_000,
          );
          const acked = ackedNow();
          first.child.kill('SIGKILL');
          ackedAtKill.push(...acked);
          restarted = restartOn(first.port, iso.env);
        }
        await new Promise((r) => setTimeout(r, 5));
      }
      await restarted;
      await until(
        () => shoppers.every((s) => s.outbox.length === 0),
        () => `outboxes empty (${shoppers.reduce((n, s) => n + s.outbox.length, 0)} waiting)`,
        120_000,
      );
      const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 1 });
      const { rows } = await pool.query<{ id: string; n: number }>(
        `SELECT client_msg_id AS id, count(*)::int AS n FROM ${iso.env.KEFU_SCHEMA}.messages
         WHERE client_msg_id IS NOT NULL GROUP BY client_msg_id`,
      );
      await pool.end();
      const stored = new Map(rows.map((r) => [r.id, r.n]));
      console.log(
        `SIGKILL under load: ${ackedAtKill.length} of ${sent.flat().length} messages acknowledged at the kill, ` +
          `${stored.size} stored once each after the restart`,
      );
      for (const id of ackedAtKill) expect(stored.get(id), `acknowledged ${id}`).toBe(1);
      for (const id of sent.flat()) expect(stored.get(id), `sent ${id}`).toBe(1);
      for (const s of shoppers) s.close();
    }, 240_000);
  },
);
