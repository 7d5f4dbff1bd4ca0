/**
 * `pnpm eval`: every figure of /work/shared/EVALUATION.md for the FAQ engine and the understanding
 * module, with set sizes beside each. Reproduce with `npx tsx --conditions=source eval/run.ts`.
 * Datasets are read from ../shared/datasets relative to the repository root.
 *
 * The confidence model is fitted by eval/fit-confidence.ts on the same dev split.
 *
 * Splits (see eval/data.ts): Bitext dev = the first 10 paraphrases of each intent; our own sets'
 * dev = even lines. Thresholds and the tokeniser were chosen on dev; figures are reported on test
 * (and, for Bitext, also on the tracks exactly as EVALUATION.md defines them).
 */
import { performance } from 'node:perf_hooks';
import { DEFAULT_THRESHOLDS } from '../packages/sdk/src/faq/index.ts';
import { runFaqTracks } from './faq-tracks.ts';
import { runUnderstandTracks } from './understand-tracks.ts';

const started = performance.now();
console.log('# Kefu bot evaluation  (npx tsx --conditions=source eval/run.ts)\n');
const faq = runFaqTracks();
console.log(faq.lines.join('\n'));
const swept = faq.devThresholds;
if ((Object.keys(swept) as Array<keyof typeof swept>).some((k) => swept[k] !== DEFAULT_THRESHOLDS[k])) {
  console.log(
    `NOTE: engine defaults ${JSON.stringify(DEFAULT_THRESHOLDS)} differ from the dev sweep; update DEFAULT_THRESHOLDS.`,
  );
}
console.log(`\n${runUnderstandTracks().join('\n')}`);
console.log(`\n(eval took ${((performance.now() - started) / 1000).toFixed(1)} s)`);
