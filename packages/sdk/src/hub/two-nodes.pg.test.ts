import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { POSTGRES_URL, postgresMissing } from '../../../../test/servers.ts';
import { createPostgresStore } from '../store/postgres-store.ts';
import type { Store, TimerRecord } from '../store/store.ts';
import { agent, shopper, until } from '../testing/hub-fixture.ts';
import { sharedServers } from '../testing/shared-servers.ts';
import { settleAll } from '../testing/until.ts';

// Two hub nodes sharing PostgreSQL and Redis: the shopper on one, the agent on the other.
const servers = await sharedServers('n');
const { missing, schema } = servers;

const text = (m: { content: { kind: string; text?: string } }) =>
  m.content.kind === 'text' ? m.content.text : '';

describe.skipIf(missing !== null)(missing ? `two hub nodes (skipped: ${missing})` : 'two hub nodes', () => {
  it('carries a conversation between a shopper on node A and an agent on node B, each message once and in order', async () => {
    // Both send in a burst; the rate limits are not what this test is about.
    const node = async () =>
      (
        await servers.node({
          limits: {
            framesPerSecond: 10_000,
            frameBurst: 10_000,
            conversationMessagesPerSecond: 10_000,
            conversationMessageBurst: 10_000,
          },
        })
      ).url;
    const [urlA, urlB] = await Promise.all([node(), node()]);
    const s = shopper(urlA!);
    s.connect();
    await until(() => s.status === 'open', 'shopper welcome on A');
    const a = agent(urlB!);
    await a.connect();
    s.send('转人工');
    await until(() => a.inbox.some((i) => i.conversationId === s.conversationId), 'inbox item on B');
    const c = await a.accept(s.conversationId!);
    await until(() => s.state?.status === 'assigned', 'assigned, seen on A');

    const N = 200;
    const sends: Array<Promise<unknown>> = [];
    for (let i = 0; i < N; i++) {
      s.send(`s${i}`);
      sends.push(a.send(c.id, `a${i}`));
    }
    // Every send is acknowledged before anything closes: none is left to reject afterwards.
    await settleAll(sends, 'agent sends answered');
    const fromAgent = () => s.messages.filter((m) => m.author.kind === 'agent').map(text);
    const fromShopper = () =>
      a
        .conversation(c.id)!
        .messages.filter((m) => m.author.kind === 'shopper' && /^s\d+$/.test(text(m) ?? ''))
        .map(text);
    await until(
      () => fromAgent().length >= N && fromShopper().length >= N,
      () => `A ${fromAgent().length}, B ${fromShopper().length}`,
      30_000,
    );
    expect(fromAgent()).toEqual(Array.from({ length: N }, (_, i) => `a${i}`));
    expect(fromShopper()).toEqual(Array.from({ length: N }, (_, i) => `s${i}`));
    for (const seen of [s.messages, a.conversation(c.id)!.messages]) {
      const seqs = seen.map((m) => m.seq);
      expect(new Set(seqs).size).toBe(seqs.length);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    }
    s.close();
    a.disconnect();
  });
});

// Two nodes as two separate pools on one schema, without hubs: what the store alone guarantees.
const pgMissing = await postgresMissing();
const nodePools = pgMissing ? [] : [1, 2].map(() => new pg.Pool({ connectionString: POSTGRES_URL, max: 4 }));
const storeSchemas: string[] = [];
afterAll(async () => {
  for (const name of storeSchemas) await nodePools[0]?.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
  await Promise.all(nodePools.map((p) => p.end()));
});
/** Node A and node B on a new schema of their own; B opens after A migrated it. */
const twoStores = async (name: string): Promise<[Store, Store]> => {
  const storeSchema = `${schema}_${name}`;
  storeSchemas.push(storeSchema);
  const a = await createPostgresStore({ pool: nodePools[0]!, schema: storeSchema });
  const b = await createPostgresStore({ pool: nodePools[1]!, schema: storeSchema });
  return [a, b];
};

describe.skipIf(pgMissing !== null)(
  pgMissing ? `two store nodes (skipped: ${pgMissing})` : 'two store nodes',
  () => {
    it('claims each of 200 due timers exactly once between two nodes claiming in batches at once', async () => {
      const [a, b] = await twoStores('timers');
      const keys = Array.from({ length: 200 }, (_, i) => `sla:c_${String(i).padStart(3, '0')}`);
      // Due times repeat, so the order among equal ones (by key) is exercised too.
      for (const [i, key] of keys.entries())
        await a.addTimer({ key, kind: 'sla', dueAt: i % 13, data: { key } });
      // Three workers per node, as many as its pool lets run at once, each claiming until none are left.
      const drain = async (store: Store, owner: string) => {
        const got: TimerRecord[] = [];
        for (;;) {
          const batch = await store.claimDueTimers(1_000, owner, 60_000, 7);
          if (batch.length === 0) return got;
          got.push(...batch);
        }
      };
      const claims = await Promise.all([
        ...[1, 2, 3].map((w) => drain(a, `node_a_${w}`)),
        ...[1, 2, 3].map((w) => drain(b, `node_b_${w}`)),
      ]);
      const claimed = claims.flat();
      expect(claimed.map((t) => t.key).sort()).toEqual(keys);
      for (const t of claimed) expect(t).toMatchObject({ leaseUntil: 61_000, data: { key: t.key } });
      // Both nodes took part, and what each was given is what the database holds.
      expect(claims.slice(0, 3).flat().length).toBeGreaterThan(0);
      expect(claims.slice(3).flat().length).toBeGreaterThan(0);
      const stored = new Map((await b.listTimers({ prefix: 'sla:' })).map((t) => [t.key, t.leaseOwner]));
      for (const t of claimed) expect(stored.get(t.key)).toBe(t.leaseOwner);
    });

    it('lets one of two nodes assigning different conversations to one agent (max 1) at once win', async () => {
      const [a, b] = await twoStores('load');
      // Many rounds, each a new agent: a race that is lost once in a while still shows.
      for (let round = 0; round < 25; round++) {
        const agentId = `agent_${round}`;
        const ids = [`c_${round}_a`, `c_${round}_b`];
        for (const id of ids)
          await a.createConversation({
            id,
            siteKey: 'site_a',
            shopperId: id,
            state: { status: 'queued' },
            createdAt: round,
          });
        const results = await Promise.all(
          [a, b].map((node, i) =>
            node.updateConversation(
              ids[i]!,
              { state: { status: 'assigned', agent: { id: agentId, name: agentId } } },
              { statuses: ['queued'], agentLoad: { agentId, max: 1 } },
            ),
          ),
        );
        expect(results.filter((r) => r !== null)).toHaveLength(1);
        expect(await b.listConversations({ agentId })).toHaveLength(1);
      }
    });
  },
);
