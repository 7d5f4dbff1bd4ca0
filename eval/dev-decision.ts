/**
 * How far the decision step (answer / "did you mean" / refuse) is from what the ranking allows,
 * DEV split only (test queries are never judged). Per track:
 * - ranking hit@1: the ceiling of any decision (a refusal or a wrong first entry is a miss);
 * - hit@1 at the engine defaults, and how many in-scope questions were refused although the gold
 *   entry was ranked first (what a better decision could win);
 * - the hit@1 that the best `suggest` threshold for this track alone reaches while the track still
 *   declines {@link OUT_OF_SCOPE_GOAL} + the dev margin of its off-topic questions. It is an upper
 *   bound for moving refusals into "did you mean" on the current signals, not a result: the
 *   defaults are one set for every track, and a per-track threshold is fitted on the track's queries.
 *
 * `--cases <track name>…` also lists that track's refused-with-gold-first questions and its
 * off-topic questions that were not refused, with the signals behind each decision.
 *
 * Reproduce: `npx tsx --conditions=source eval/dev-decision.ts [--cases "demo zh, sparse"]`
 */
import { DEFAULT_THRESHOLDS, type FaqThresholds } from '../packages/sdk/src/faq/index.ts';
import {
  type Judged,
  OUT_OF_SCOPE_DEV_MARGIN,
  OUT_OF_SCOPE_GOAL,
  outcome,
  pair,
  ranking,
  THRESHOLD_GRID,
} from './faq-decisions.ts';
import { faqTracks, judgeDev } from './faq-tracks.ts';
import { f3 } from './metrics.ts';

const refused = (j: Judged, t?: FaqThresholds) => {
  const o = outcome(j, t);
  return o === 'fallback' || o === 'out_of_scope';
};

/** The best hit@1 over `suggest` thresholds at which the track still declines enough off-topic questions. */
function bestSuggest(inScope: Judged[], oos: Judged[]): { hit1: number; suggest: number } {
  let best = { hit1: -1, suggest: DEFAULT_THRESHOLDS.suggest };
  for (const suggest of THRESHOLD_GRID) {
    const t = {
      ...DEFAULT_THRESHOLDS,
      suggest,
      outOfScope: Math.min(DEFAULT_THRESHOLDS.outOfScope, suggest),
    };
    const p = pair(inScope, oos, t);
    if (p.outOfScope.refused / p.outOfScope.n < OUT_OF_SCOPE_GOAL + OUT_OF_SCOPE_DEV_MARGIN) continue;
    const hit1 = p.inScope.hit1 / p.inScope.n;
    if (hit1 > best.hit1) best = { hit1, suggest };
  }
  return best;
}

const f2 = (x: number) => x.toFixed(2);
function describe(j: Judged): string {
  const s = j.signals;
  const top = j.match.top.map((c) => `${c.entry.id} ${f2(c.score)}`).join(', ');
  const signals = s
    ? ` top ${f2(s.top)} margin ${f2(s.margin)} entryCov ${f2(s.entryCoverage)} queryCov ${f2(s.queryCoverage)}` +
      ` known ${f2(s.known)} shop ${f2(s.shopCues)} chat ${f2(s.chatCues)} elsewhere ${f2(s.elsewhere)}`
    : '';
  return (
    `  ${j.match.decision} confidence ${f2(j.match.confidence)} inScope ${f2(j.match.inScope)} | ${j.query.text}` +
    ` | gold ${j.query.gold ?? '(off-topic)'} | ${top} |${signals}`
  );
}

const casesAt = process.argv.indexOf('--cases');
const casesOf = new Set(casesAt < 0 ? [] : process.argv.slice(casesAt + 1));

console.log(
  `## Decision against ranking, DEV split, engine defaults ${JSON.stringify(DEFAULT_THRESHOLDS)}\n\n` +
    `| track | in-scope n | ranking hit@1 | hit@1, refusal = miss | refused with gold first | best per-track suggest (off-topic refused ≥ ${f3(OUT_OF_SCOPE_GOAL + OUT_OF_SCOPE_DEV_MARGIN)}): hit@1 at threshold | off-topic n |\n` +
    '|---|---|---|---|---|---|---|',
);
const listed: string[] = [];
for (const track of faqTracks()) {
  const { inScope, oos } = judgeDev(track);
  if (inScope.length === 0) continue;
  const p = pair(inScope, oos).inScope;
  const goldFirstRefused = inScope.filter((j) => j.rank === 0 && refused(j));
  const best = bestSuggest(inScope, oos);
  console.log(
    `| ${track.name} | ${inScope.length} | ${f3(ranking(inScope).hit1)} | ${f3(p.hit1 / p.n)} | ${goldFirstRefused.length} | ${best.hit1 < 0 ? '—' : `${f3(best.hit1)} at ${best.suggest}`} | ${oos.length} |`,
  );
  if (casesOf.has(track.name)) {
    listed.push(`\n### ${track.name}: refused although the gold entry was ranked first`);
    listed.push(...goldFirstRefused.map(describe));
    listed.push(`### ${track.name}: off-topic questions not refused`);
    listed.push(...oos.filter((j) => !refused(j)).map(describe));
  }
}
if (listed.length) console.log(listed.join('\n'));
