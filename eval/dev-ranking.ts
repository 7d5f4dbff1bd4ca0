/**
 * Ranking only (refusals ignored), DEV split only: hit@1 and hit@3 of every track of
 * eval/faq-tracks.ts, with the set sizes, and the mean hit@1 of the English and the Chinese tracks.
 * For deciding engine changes to the ranking; it never judges the test split.
 *
 * Reproduce: `npx tsx --conditions=source eval/dev-ranking.ts`
 */
import { createFaqEngine } from '../packages/sdk/src/faq/index.ts';
import { judge, ranking } from './faq-decisions.ts';
import { faqTracks } from './faq-tracks.ts';
import { f3 } from './metrics.ts';

const means: Record<'en' | 'zh', number[]> = { en: [], zh: [] };
for (const track of faqTracks()) {
  // Bitext 10-shot has no dev queries: its shots are the dev paraphrases.
  if (track.dev.inScope.length === 0) continue;
  const engine = createFaqEngine(track.devKb ?? track.kb);
  const r = ranking(judge(engine, track.dev.inScope));
  means[track.lang].push(r.hit1);
  console.log(
    `${track.name.padEnd(22)} dev hit@1 ${f3(r.hit1)}  hit@3 ${f3(r.hit3)}  (n=${r.n}, KB ${(track.devKb ?? track.kb).entries.length} entries)`,
  );
}
for (const lang of ['en', 'zh'] as const) {
  const m = means[lang];
  console.log(`mean dev hit@1 ${lang} (${m.length} tracks): ${f3(m.reduce((s, v) => s + v, 0) / m.length)}`);
}
