/**
 * `pnpm bench`: every benchmark, with its figures printed. Speed goals live here, never in tests.
 * `pnpm bench hub` (or faq, routing, store, http, webhooks) runs one; `pnpm bench hub memory bare` runs only those
 * servers of the hub's, and KEFU_BENCH_PROFILE=dir writes a CPU profile of each (see hub.bench.ts).
 */
import { existsSync } from 'node:fs';

const only = process.argv[2];
const suites: Array<[string, string, string]> = [
  ['hub', './hub.bench.ts', 'runHubBench'],
  ['faq', './faq.bench.ts', 'runFaqBench'],
  ['routing', './routing.bench.ts', 'runRoutingBench'],
  ['store', './store.bench.ts', 'runStoreBench'],
  ['http', './http-api.bench.ts', 'runHttpApiBench'],
  ['webhooks', './webhooks.bench.ts', 'runWebhooksBench'],
];

for (const [name, file, fn] of suites) {
  if (only && only !== name) continue;
  if (!existsSync(new URL(file, import.meta.url))) continue;
  console.log(`\n=== ${name} ===`);
  const mod = (await import(file)) as Record<string, () => Promise<Record<string, number>>>;
  const figures = await mod[fn]!();
  console.log(JSON.stringify(figures, null, 2));
}
