import { connectShoppers, disconnect, fmt, startServer, type ServerKind } from './load-generator.ts';
const kind = (process.argv[2] ?? 'hub') as ServerKind;
const n = Number(process.argv[3] ?? 3000);
const server = await startServer(kind, 'ramp');
const mb = (b: number) => fmt(b / 2 ** 20, 0);
const base = await server.measure();
console.log(`base: rss ${mb(base.rss)} heap ${mb(base.heapUsed)}/${mb(base.heapTotal)} ext ${mb(base.external)} alloc ${mb(base.allocated)}`);
if (process.env.SNAP0) { await new Promise((r) => { server.child.once('message', r); server.child.send({ snapshot: process.env.SNAP0 }); }); }
let peakRss = 0, peakHeapTotal = 0, peakUsed = 0;
let done = false;
const sampler = (async () => {
  while (!done) {
    const m = await server.measure({ gc: false });
    peakRss = Math.max(peakRss, m.rss); peakHeapTotal = Math.max(peakHeapTotal, m.heapTotal); peakUsed = Math.max(peakUsed, m.heapUsed);
    await new Promise((r) => setTimeout(r, 200));
  }
})();
const t0 = performance.now();
const shoppers = await connectShoppers(server.port, n, { reply: () => {} });
const s = (performance.now() - t0) / 1000;
done = true; await sampler;
const after = await server.measure({ gc: false });
const gcd = await server.measure();
console.log(`connected ${n} in ${fmt(s)} s; peak during ramp rss ${mb(peakRss)} heapTotal ${mb(peakHeapTotal)} used ${mb(peakUsed)}`);
console.log(`after ramp (no gc): rss ${mb(after.rss)} heap ${mb(after.heapUsed)}/${mb(after.heapTotal)} ext ${mb(after.external)}`);
console.log(`after full gc: rss ${mb(gcd.rss)} heap ${mb(gcd.heapUsed)}/${mb(gcd.heapTotal)} ext ${mb(gcd.external)}`);
console.log(`per connect: allocated ${fmt((gcd.allocated - base.allocated) / n / 1024)} KiB, retained heap ${fmt((gcd.heapUsed - base.heapUsed) / n / 1024)} KiB, rss ${fmt((gcd.rss - base.rss) / n / 1024)} KiB`);
if (process.env.SNAP) { await new Promise((r) => { server.child.once('message', r); server.child.send({ snapshot: process.env.SNAP }); }); console.log('snapshot written'); }
console.log('spaces', Object.entries(gcd.spaces).map(([k, v]) => `${k} ${mb(v)}`).join(', '));
for (let i = 0; i < 4; i++) {
  await new Promise((r) => setTimeout(r, 15000));
  const m = await server.measure();
  console.log(`+${(i + 1) * 15}s gc: rss ${mb(m.rss)} heap ${mb(m.heapUsed)}/${mb(m.heapTotal)} ext ${mb(m.external)}`);
  if (process.env.SHORT) break;
}
disconnect(shoppers);
await server.stop();
