import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { POSTGRES_URL, postgresMissing, REDIS_URL, redisMissing } from '../../../../test/servers.ts';
import type { Bus } from '../bus/bus.ts';
import { createRedisBus } from '../bus/redis-bus.ts';
import type { Hub } from '../hub/create-hub.ts';
import { agent, shopper, startHub, until } from '../testing/hub-fixture.ts';
import { createPostgresStore } from './postgres-store.ts';

// Two hub nodes sharing PostgreSQL and Redis: the shopper on one, the agent on the other.
const missing = (await postgresMissing()) ?? (await redisMissing());
const schema = `kefu_n${process.pid}_${Date.now().toString(36)}`;
const pool = missing ? undefined : new pg.Pool({ connectionString: POSTGRES_URL, max: 10 });
const hubs: Hub[] = [];
const buses: Bus[] = [];
afterEach(async () => {
  // A hub leaves a bus it was handed open: close the hubs first, then their buses.
  await Promise.all(hubs.splice(0).map((h) => h.close()));
  await Promise.all(buses.splice(0).map((b) => b.close()));
});
afterAll(async () => {
  await pool?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await pool?.end();
});

const text = (m: { content: { kind: string; text?: string } }) =>
  m.content.kind === 'text' ? m.content.text : '';

describe.skipIf(missing !== null)(missing ? `two hub nodes (skipped: ${missing})` : 'two hub nodes', () => {
  it('carries a conversation between a shopper on node A and an agent on node B, each message once and in order', async () => {
    const node = async () => {
      const store = await createPostgresStore({ pool: pool!, schema });
      const bus = createRedisBus({ url: REDIS_URL, prefix: `${schema}:` });
      buses.push(bus);
      // The agent sends in a burst; the per-connection rate limit is not what this test is about.
      const started = await startHub({ store, bus, limits: { framesPerSecond: 10_000, frameBurst: 10_000 } });
      hubs.push(started.hub);
      return started.url;
    };
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
    for (let i = 0; i < N; i++) {
      s.send(`s${i}`);
      void a.send(c.id, `a${i}`);
    }
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
