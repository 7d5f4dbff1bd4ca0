/**
 * What a message costs the PostgreSQL store, in work rather than throughput (which a shared machine
 * changes from one run to the next): `tsx bench/pg-cost.ts [messages] [rate] [rounds]` drives a
 * fixed number of shopper messages at a modest fixed rate through a real hub on PostgreSQL (the hub
 * keeps up, so every round does the same work) and prints, per round and per shopper message: the
 * CPU of the hub's PostgreSQL backends and of the hub process, in µs; the WAL the workload wrote, in
 * bytes, with the full-page images apart (those depend on where the last checkpoint fell); the
 * transactions, rows and HOT updates.
 *
 * Every run gets a database of its own (`pg-run-database.ts`, dropped at the end), so its WAL and
 * its backends' CPU are told apart from the rest of the server's. KEFU_PGCOST_SETUP="ALTER TABLE {s}.conversations SET
 * (fillfactor = 80); DROP INDEX {s}.events_at" runs on the store's schema before the shoppers
 * connect: a schema variant to compare without changing the migrations. KEFU_BENCH_COUNT_QUERIES=1
 * prints the statements the hub sent, at the end (hub-server.ts).
 */
import { loadAverage } from './goals.ts';
import { connectShoppers, disconnect, fmt, sendAtRate, startServer } from './load-generator.ts';
import { cpuBetween, openRunDatabase } from './pg-run-database.ts';

const [messages = 10_000, rate = 1_000, rounds = 3] = process.argv.slice(2, 5).map(Number);
const db = await openRunDatabase();
let server: Awaited<ReturnType<typeof startServer>> | undefined;
try {
  process.env.KEFU_TEST_POSTGRES = db.url;
  const hub = await startServer('hub-postgres', 'pg-cost');
  server = hub;
  const schema = `kefu_bench_${hub.child.pid}`;
  await db.setup(schema);

  let replies = 0;
  const shoppers = await connectShoppers(hub.port, 1000, {
    reply: () => replies++,
    error: (what) => console.error(`shopper error: ${what}`),
  });

  const send = (count: number) => sendAtRate(shoppers, count, rate, () => replies, 60_000);

  /** Rows the hub stored so far, and where the WAL ends. */
  async function rowsNow() {
    const { rows } = await db.query<{ messages: string; events: string; lsn: string }>(
      `SELECT (SELECT count(*) FROM ${schema}.messages) AS messages, (SELECT count(*) FROM ${schema}.events) AS events,
            pg_current_wal_flush_lsn() AS lsn`,
    );
    return { messages: Number(rows[0]!.messages), events: Number(rows[0]!.events), lsn: rows[0]!.lsn };
  }

  const warmUp = Math.min(messages, 3_000);
  await send(warmUp); // warm-up: connections open, plans cached, conversations made
  /** The last events of a round follow its last reply by up to 20 ms (group-commit.ts). */
  const settle = () => new Promise((r) => setTimeout(r, 200));
  await settle();
  console.log(
    `PostgreSQL store, ${messages} messages at ${rate} msg/s from 1,000 shoppers, per shopper message${process.env.KEFU_PGCOST_SETUP ? ` (setup: ${process.env.KEFU_PGCOST_SETUP})` : ''}:`,
  );
  console.log('  PG backend µs | hub µs | WAL bytes (of which FPI) | rows: messages, events | load 1/5/15');
  /** Sums of the rounds: one round's share of a batch or of the event log can fall in the next. */
  const sums = { pgNs: 0, hubUs: 0, wal: 0, fpi: 0 };
  let before = { rows: await rowsNow(), hub: (await hub.measure()).cpuUs, pg: await db.backendCpu() };
  for (let round = 0; round < rounds; round++) {
    await send(messages);
    await settle();
    const pg = await db.backendCpu();
    const hubCpu = (await hub.measure()).cpuUs;
    const rows = await rowsNow();
    const wal = await db.wal(before.rows.lsn, rows.lsn);
    const pgNs = cpuBetween(before.pg, pg);
    Object.assign(sums, {
      pgNs: sums.pgNs + pgNs,
      hubUs: sums.hubUs + hubCpu - before.hub,
      wal: sums.wal + wal.bytes,
      fpi: sums.fpi + wal.fpi,
    });
    const gone = [...before.pg.keys()].filter((pid) => !pg.has(pid)).length;
    const per = (n: number, digits = 1) => fmt(n / messages, digits);
    console.log(
      `  ${per(pgNs / 1000).padStart(13)} | ${per(hubCpu - before.hub).padStart(6)} | ${per(wal.bytes, 0).padStart(9)} (${per(wal.fpi, 0)}) | ${per(rows.messages - before.rows.messages, 2)}, ${per(rows.events - before.rows.events, 2)} | ${loadAverage()}${gone ? ` | ${gone} backends gone` : ''}`,
    );
    if (process.env.KEFU_PGCOST_DETAIL && round === rounds - 1)
      for (const r of await db.walDetail(before.rows.lsn, rows.lsn))
        console.log(
          `      ${r.what.padEnd(36)} ${r.type.padEnd(16)} ${per(Number(r.n), 2).padStart(6)} records ${per(Number(r.bytes), 0).padStart(6)} B (FPI ${per(Number(r.fpi), 0)})`,
        );
    before = { rows, hub: hubCpu, pg: await db.backendCpu() };
  }
  disconnect(shoppers);
  const all = messages * rounds;
  console.log(
    `  all rounds: ${fmt(sums.pgNs / 1000 / all)} | ${fmt(sums.hubUs / all)} | ${fmt(sums.wal / all, 0)} (${fmt(sums.fpi / all, 0)})`,
  );
  const total = warmUp + messages * rounds;
  const { updated, hot, commits } = await db.counts(schema);
  console.log(
    `  whole run (${total} messages): ${fmt(commits / total, 3)} commits, ${fmt(updated / total, 2)} rows updated (${fmt(hot / total, 2)} HOT) per message`,
  );
} finally {
  await server?.stop();
  await db.drop();
}
