/**
 * The memory hub's work per message, which a busy machine changes less than its throughput:
 * `tsx bench/hub-work.ts [messages] [rate] [rounds] [server]` sends a fixed number of messages at a modest
 * fixed rate (the hub keeps up, so each round does the same work) and prints, per round, the
 * server's CPU µs per message, the bytes it allocated per message round trip and its GC pauses per
 * 1,000 messages. `server` is `hub` (the default) or `bare`, the yardstick. KEFU_BENCH_PROFILE=dir writes a CPU profile (`tsx bench/cpu-profile-top.ts`);
 * KEFU_BENCH_COUNT_PROMISES=1 (or `sites`) the promises the server made (see hub-server.ts).
 */
import { readdir } from 'node:fs/promises';
import { connectShoppers, disconnect, fmt, sendAtRate, startServer } from './load-generator.ts';

const [messages = 10_000, rate = 1_000, rounds = 3] = process.argv.slice(2, 5).map(Number);
const kind = process.argv[5] === 'bare' ? 'bare' : 'hub';
// KEFU_BENCH_HEAP_SNAPSHOT=dir: a heap snapshot of the server after the warm-up and after each
// round, into dir (compare two with `tsx bench/heap-snapshot-diff.ts before after messages`).
const snapshots = process.env.KEFU_BENCH_HEAP_SNAPSHOT;
if (snapshots)
  process.env.KEFU_BENCH_SERVER_FLAGS = `${process.env.KEFU_BENCH_SERVER_FLAGS ?? ''} --heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${snapshots}`;
const server = await startServer(kind, `${kind}-work`);

/** Has the server write a heap snapshot, and waits until it has (it writes on its main thread). */
async function snapshot(): Promise<void> {
  if (!snapshots) return;
  const count = async () => (await readdir(snapshots)).filter((f) => f.endsWith('.heapsnapshot')).length;
  const before = await count();
  server.child.kill('SIGUSR2');
  while ((await count()) === before) await new Promise((r) => setTimeout(r, 50));
  await server.measure({ gc: false });
}
let replies = 0;
const shoppers = await connectShoppers(server.port, 1000, {
  reply: () => replies++,
  error: (what) => console.error(`shopper error: ${what}`),
});

const send = (count: number) => sendAtRate(shoppers, count, rate, () => replies);

await send(Math.min(messages, 3_000)); // warm-up: the optimizing compiler's work is not the load's
console.log(
  `${kind === 'hub' ? 'memory hub' : 'bare ws'}, ${messages} messages at ${rate} msg/s from 1,000 shoppers, per round:`,
);
console.log('  CPU µs/msg | KB allocated/msg | KB retained/msg | GC pauses per 1,000 msg (ms per 1,000 msg)');
let before = await server.measure();
await snapshot();
for (let round = 0; round < rounds; round++) {
  await send(messages);
  // A full collection after the readings (CPU, allocation and pauses are read before it): what
  // the heap still holds then, less what it held after the last round's, is what the round kept.
  const after = await server.measure();
  await snapshot();
  const perMessage = (n: number) => n / messages;
  console.log(
    `  ${fmt(perMessage(after.cpuUs - before.cpuUs), 1).padStart(10)} | ${fmt(perMessage(after.allocated - before.allocated) / 1024, 2).padStart(16)} | ${fmt(perMessage(after.heapUsed - before.heapUsed) / 1024, 2).padStart(15)} | ${fmt(after.gc.count * (1000 / messages), 2)} (${fmt(after.gc.ms * (1000 / messages), 1)})`,
  );
  before = after;
}
disconnect(shoppers);
await server.stop();
