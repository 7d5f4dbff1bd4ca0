/**
 * Courtesy around a question, DEV split only: hit@1 of each track's in-scope questions as written
 * and with a greeting, "may I ask" or thanks around them (你好，… / 亲，在吗？请问… / …谢谢 / …亲 /
 * …，麻烦了 / … 谢谢了; hi, … / hello there! … thanks / hey … please / Hi team, … thanks a lot /
 * yo … cheers; sorry, one more thing - …), the way shoppers write. The engine takes such words off
 * both ends (faq/courtesy.ts), so the figures should not move.
 *
 * Reproduce: `npx tsx --conditions=source eval/courtesy-report.ts`
 */
import { createFaqEngine } from '../packages/sdk/src/faq/index.ts';
import { judge, pair } from './faq-decisions.ts';
import { faqTracks } from './faq-tracks.ts';

const wraps = {
  zh: [
    (q: string) => `你好，${q}`,
    (q: string) => `亲，在吗？请问${q}`,
    (q: string) => `您好，${q}谢谢`,
    (q: string) => `${q}亲`,
    (q: string) => `${q}，麻烦了`,
    (q: string) => `${q} 谢谢了`,
  ],
  en: [
    (q: string) => `hi, ${q}`,
    (q: string) => `hello there! ${q} thanks`,
    (q: string) => `hey ${q} please`,
    (q: string) => `Hi team, ${q} thanks a lot`,
    (q: string) => `yo ${q} cheers`,
    (q: string) => `sorry, one more thing - ${q}`,
  ],
};
for (const track of faqTracks()) {
  if (track.dev.inScope.length === 0) continue;
  const engine = createFaqEngine(track.devKb ?? track.kb);
  const base = pair(judge(engine, track.dev.inScope), []).inScope;
  const rows = wraps[track.lang].map((w) => {
    const r = pair(
      judge(
        engine,
        track.dev.inScope.map((q) => ({ ...q, text: w(q.text) })),
      ),
      [],
    ).inScope;
    return `${(r.hit1 / r.n).toFixed(3)} (ans ${(r.answeredCorrect / r.n).toFixed(3)}, out ${(r.calledOutOfScope / r.n).toFixed(3)})`;
  });
  console.log(
    `${track.name.padEnd(20)} plain ${(base.hit1 / base.n).toFixed(3)} (ans ${(base.answeredCorrect / base.n).toFixed(3)}) | wrapped: ${rows.join(' | ')}`,
  );
}
