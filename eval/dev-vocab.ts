/**
 * Vocabulary work on the DEV splits only (test queries are never judged):
 *
 * - `--misses <track name>…` lists a track's dev misses at the engine defaults (refused, or the gold
 *   entry not first), with the gold entry's question and the two entries ranked first, to sort them
 *   by kind of gap;
 * - `<candidates.json>` measures synonym groups, each alone, added to the built-in table: every dev
 *   track's hit@1 (refusal = miss), answered correctly and wrongly, refused, off-topic refused and
 *   ranking, against the table as it is, at the defaults, with the questions won or lost and every
 *   off-topic question let in. The file holds `[{ "name": …, "groups": [[concept, [phrase, …]], …] }]`;
 *   a group naming an existing concept (`parcel`, `失败`) adds its phrases to that concept.
 *
 * Reproduce: `npx tsx --conditions=source eval/dev-vocab.ts groups.json` or `… --misses "demo zh, sparse"`
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_SYNONYMS, type SynonymGroups } from '../packages/sdk/src/faq/index.ts';
import { type Judged, outcome, pair } from './faq-decisions.ts';
import { faqTracks, judgeDev } from './faq-tracks.ts';
import { f3 } from './metrics.ts';

const tracks = faqTracks();
const hit = (j: Judged) => j.rank === 0 && ['answer', 'suggest'].includes(outcome(j));

function listMisses(names: ReadonlySet<string>): void {
  for (const track of tracks.filter((t) => names.has(t.name))) {
    const question = new Map((track.devKb ?? track.kb).entries.map((e) => [e.id, e.question]));
    console.log(`### ${track.name}`);
    for (const j of judgeDev(track).inScope.filter((x) => !hit(x))) {
      const top = j.match.top.slice(0, 2).map((c) => question.get(c.entry.id));
      console.log(
        `${outcome(j).padEnd(12)} rank ${j.rank} confidence ${f3(j.match.confidence)} inScope ${f3(j.match.inScope)} | ${j.query.text} | gold ${question.get(j.query.gold ?? '')} | top ${top.join(' / ')}`,
      );
    }
  }
}

function measure(synonyms: SynonymGroups) {
  return tracks.map((track) => {
    const dev = judgeDev(track, { synonyms });
    return {
      p: pair(dev.inScope, dev.oos),
      ranked: dev.inScope.filter((j) => j.rank === 0).length,
      hits: new Set(dev.inScope.filter(hit).map((j) => j.query.text)),
      offIn: new Set(
        dev.oos.filter((j) => ['answer', 'suggest'].includes(outcome(j))).map((j) => j.query.text),
      ),
    };
  });
}
type Measured = ReturnType<typeof measure>;
const mean = (m: Measured) => {
  const scored = m.filter((x) => x.p.inScope.n);
  return f3(scored.reduce((s, x) => s + x.p.inScope.hit1 / x.p.inScope.n, 0) / scored.length);
};

function compare(base: Measured, cur: Measured): string {
  const diffs: string[] = [];
  cur.forEach((c, i) => {
    const b = base[i]!;
    const parts: string[] = [];
    const fig = (label: string, x: number, y: number) => x !== y && parts.push(`${label} ${x}→${y}`);
    fig('hit@1', b.p.inScope.hit1, c.p.inScope.hit1);
    fig('answered', b.p.inScope.answeredCorrect, c.p.inScope.answeredCorrect);
    fig('WRONG', b.p.inScope.answeredWrong, c.p.inScope.answeredWrong);
    fig('refused', b.p.inScope.refused, c.p.inScope.refused);
    fig('OFF-TOPIC refused', b.p.outOfScope.refused, c.p.outOfScope.refused);
    fig('ranked first', b.ranked, c.ranked);
    for (const t of c.hits) if (!b.hits.has(t)) parts.push(`+「${t}」`);
    for (const t of b.hits) if (!c.hits.has(t)) parts.push(`−「${t}」`);
    for (const t of c.offIn) if (!b.offIn.has(t)) parts.push(`off-topic let in「${t}」`);
    if (parts.length) diffs.push(`${tracks[i]!.name}: ${parts.join(' ')}`);
  });
  return diffs.join(' ; ') || 'no change';
}

const args = process.argv.slice(2);
if (args[0] === '--misses') listMisses(new Set(args.slice(1)));
else {
  const candidates: Array<{ name: string; groups: Array<[string, string[]]> }> = JSON.parse(
    readFileSync(args[0] ?? '', 'utf8'),
  );
  const base = measure(DEFAULT_SYNONYMS);
  console.log(`built-in table: mean dev hit@1 at the defaults ${mean(base)}`);
  for (const c of candidates) {
    const cur = measure([...DEFAULT_SYNONYMS, ...c.groups]);
    console.log(`${c.name}: mean ${mean(cur)} | ${compare(base, cur)}`);
  }
}
