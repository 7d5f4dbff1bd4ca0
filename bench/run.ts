/**
 * `pnpm bench`: every benchmark, with its figures printed. Speed goals live here, never in tests.
 * `pnpm bench hub` (or faq, kb, routing, store, http, webhooks, soak) runs one; `pnpm bench hub memory bare` runs
 * only those servers of the hub's, and KEFU_BENCH_PROFILE=dir writes a CPU profile of each (see
 * load-generator.ts). The 10-minute soak runs when named (`pnpm bench soak`, see soak.bench.ts) or
 * with KEFU_BENCH_SOAK=1, not in every `pnpm bench`.
 */
import { existsSync } from 'node:fs';
import { dropStaleBenchSchemas } from './bench-schemas.ts';

const only = process.argv[2];
const suites: Array<[string, string, string]> = [
  ['hub', './hub.bench.ts', 'runHubBench'],
  ['faq', './faq.bench.ts', 'runFaqBench'],
  ['kb', './kb-doctor.ts', 'runKbDoctorBench'],
  ['routing', './routing.bench.ts', 'runRoutingBench'],
  ['store', './store.bench.ts', 'runStoreBench'],
  ['http', './http-api.bench.ts', 'runHttpApiBench'],
  ['webhooks', './webhooks.bench.ts', 'runWebhooksBench'],
  ['soak', './soak.bench.ts', 'runSoakBench'],
];
const soakByDefault = process.env.KEFU_BENCH_SOAK === '1';

const stale = await dropStaleBenchSchemas();
if (stale.length > 0)
  console.log(`(dropped ${stale.length} schema(s) left by killed bench runs: ${stale.join(', ')})`);

for (const [name, file, fn] of suites) {
  if (only && only !== name) continue;
  if (!only && name === 'soak' && !soakByDefault) {
    console.log('\n(the 10-minute soak is left out: `pnpm bench soak`, or KEFU_BENCH_SOAK=1 for all)');
    continue;
  }
  if (!existsSync(new URL(file, import.meta.url))) continue;
  console.log(`\n=== ${name} ===`);
  const mod = (await import(file)) as Record<string, () => Promise<Record<string, number>>>;
  const figures = await mod[fn]!();
  console.log(JSON.stringify(figures, null, 2));
}
