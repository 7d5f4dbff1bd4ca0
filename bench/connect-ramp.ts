import { connectShoppers, disconnect, fmt, type ServerKind, startServer } from './load-generator.ts';

/**
 * A connect ramp (issue 15): N shoppers (default 3,000, KEFU_RAMP_SHOPPERS) say hello to one hub,
 * 200 at a time, then all reconnect at once in the same batches (returning shoppers, found by their
 * device). Prints each ramp's time, and the hub's CPU and JavaScript allocation per connect.
 * `tsx bench/connect-ramp.ts [postgres|pglite|memory]` (default postgres).
 */
const KINDS: Record<string, ServerKind> = { memory: 'hub', pglite: 'hub-pglite', postgres: 'hub-postgres' };
const kind = KINDS[process.argv[2] ?? 'postgres'] ?? 'hub-postgres';
const n = Number(process.env.KEFU_RAMP_SHOPPERS ?? 3000);
const server = await startServer(kind);
try {
  for (const ramp of ['new', 'returning']) {
    const before = await server.measure();
    const started = performance.now();
    const shoppers = await connectShoppers(server.port, n, { reply: () => {} });
    const ms = performance.now() - started;
    const after = await server.measure();
    console.log(
      `${kind} ${ramp}: ${n} shoppers in ${fmt(ms / 1000, 2)} s; hub CPU ${fmt((after.cpuUs - before.cpuUs) / n / 1000, 2)} ms and ${fmt((after.allocated - before.allocated) / n / 1024)} KiB allocated per connect`,
    );
    disconnect(shoppers);
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
} finally {
  await server.stop();
}
