/**
 * What the PostgreSQL store's group commit costs the server per message, in batches of a fixed
 * shape: `tsx bench/pg-store-cost.ts [batches] [batchSize] [rounds]` appends `batchSize` messages
 * (each with a clientMsgId, to as many conversations) and three events per message at once, so each
 * batch is one statement of the same shape whatever the machine's load (through a hub, a batch's
 * size follows the latency, which a loaded machine changes: `pg-cost.ts`). Prints per message the CPU
 * of the store's PostgreSQL backends and the WAL, per round. KEFU_PGCOST_SETUP as in `pg-cost.ts`.
 */
import { defaultIds } from '../packages/sdk/src/ids.ts';
import { createPostgresStore } from '../packages/sdk/src/store/postgres-store.ts';
import { loadAverage } from './goals.ts';
import { fmt } from './load-generator.ts';
import { cpuBetween, openRunDatabase } from './pg-run-database.ts';

const [batches = 200, batchSize = 50, rounds = 3] = process.argv.slice(2, 5).map(Number);
const CONVERSATIONS = 500;
const schema = 'kefu_pgcost';

const db = await openRunDatabase();
try {
  const store = await createPostgresStore({ connectionString: db.url, schema, onPoolError: () => {} });
  await db.setup(schema);
  for (let c = 0; c < CONVERSATIONS; c++)
    await store.createConversation({
      id: defaultIds('c'),
      siteKey: 'bench',
      shopperId: defaultIds('s'),
      state: { status: 'bot' },
      createdAt: Date.now(),
    });
  const ids = (await store.listConversations({})).map((c) => c.id);
  let next = 0;
  /** One batch: `batchSize` messages to as many conversations, each with three events. */
  const batch = () =>
    Promise.all(
      Array.from({ length: batchSize }, () => {
        const conversationId = ids[next++ % ids.length]!;
        const at = Date.now();
        return Promise.all([
          store.appendMessage({
            id: defaultIds('m'),
            conversationId,
            clientMsgId: defaultIds('k'),
            author: { kind: 'shopper' },
            content: { kind: 'text', text: `这件衣服有 M 码吗？ message ${next}` },
            createdAt: at,
          }),
          store.appendEvents(
            ['message', 'bot.answer', 'message'].map((kind) => ({
              id: defaultIds('e'),
              at,
              kind: kind as 'message',
              conversationId,
              data: { seq: next },
            })),
          ),
        ]);
      }),
    );
  const run = async (n: number) => {
    for (let i = 0; i < n; i++) await batch();
  };
  await run(20); // warm-up: the statement prepared, its plan settled
  const messages = batches * batchSize;
  console.log(
    `PostgreSQL store alone, ${batches} batches of ${batchSize} messages and ${batchSize * 3} events, per message${process.env.KEFU_PGCOST_SETUP ? ` (setup: ${process.env.KEFU_PGCOST_SETUP})` : ''}:`,
  );
  console.log('  PG backend µs | WAL bytes (of which FPI) | load 1/5/15');
  const sums = { ns: 0, wal: 0 };
  for (let round = 0; round < rounds; round++) {
    const [cpu, lsn] = [await db.backendCpu(), await db.lsn()];
    await run(batches);
    const [cpuAfter, lsnAfter] = [await db.backendCpu(), await db.lsn()];
    const ns = cpuBetween(cpu, cpuAfter);
    const wal = await db.wal(lsn, lsnAfter);
    sums.ns += ns;
    sums.wal += wal.bytes;
    console.log(
      `  ${fmt(ns / 1000 / messages).padStart(13)} | ${fmt(wal.bytes / messages, 0).padStart(9)} (${fmt(wal.fpi / messages, 0)}) | ${loadAverage()}`,
    );
    if (process.env.KEFU_PGCOST_DETAIL && round === rounds - 1)
      for (const r of await db.walDetail(lsn, lsnAfter))
        console.log(
          `      ${r.what.padEnd(36)} ${r.type.padEnd(16)} ${fmt(Number(r.n) / messages, 2).padStart(6)} records ${fmt(Number(r.bytes) / messages, 0).padStart(6)} B`,
        );
  }
  console.log(
    `  all rounds: ${fmt(sums.ns / 1000 / messages / rounds)} | ${fmt(sums.wal / messages / rounds, 0)}`,
  );
  await store.close();
} finally {
  await db.drop();
}
