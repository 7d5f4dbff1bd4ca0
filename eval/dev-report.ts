/**
 * The FAQ figures of eval/run.ts on the DEV splits only (test queries are never judged): the
 * thresholds the dev sweep picks, then every track's dev figures at those thresholds and at the
 * engine's defaults. Use it for every decision; eval/run.ts (test) runs once, at the end.
 *
 * Reproduce: `npx tsx --conditions=source eval/dev-report.ts`
 */
import { performance } from 'node:perf_hooks';
import { DEFAULT_THRESHOLDS } from '../packages/sdk/src/faq/index.ts';
import { pair, ranking, sweepThresholds } from './faq-decisions.ts';
import { faqTracks, figuresTable, judgeDev } from './faq-tracks.ts';
import { f3 } from './metrics.ts';

const started = performance.now();
const judged = faqTracks().map((track) => ({ track, dev: judgeDev(track) }));
const swept = sweepThresholds(judged.map((j) => j.dev));
const table = (t?: typeof swept) =>
  figuresTable(
    judged.map(({ track, dev }) => ({ track, p: pair(dev.inScope, dev.oos, t), r: ranking(dev.inScope) })),
  );
const scored = judged.filter((j) => j.dev.inScope.length);
const mean = (t?: typeof swept) =>
  f3(
    scored.reduce((s, { dev }) => {
      const p = pair(dev.inScope, dev.oos, t).inScope;
      return s + p.hit1 / p.n;
    }, 0) / scored.length,
  );
console.log(`## FAQ tracks, DEV split, at the dev sweep ${JSON.stringify(swept)}\n`);
console.log(table(swept).join('\n'));
console.log(`\nmean dev hit@1 over ${scored.length} tracks: ${mean(swept)}`);
console.log(
  `\n## DEV split at the engine defaults ${JSON.stringify(DEFAULT_THRESHOLDS)}: mean hit@1 ${mean()}`,
);
console.log(table().join('\n'));
console.log(`\n(dev report took ${((performance.now() - started) / 1000).toFixed(1)} s)`);
