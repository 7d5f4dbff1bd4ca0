import { describe, expect, it } from 'vitest';
import { API_KEY, API_KEYS } from './api-key.ts';
import { startHubProcess } from './hub-process.ts';

// Finding (eleventh outside pass, 2026-12-07): the knowledge base's index reads each answer's words
// without its e-mail addresses, and the address pattern was tried from every position of a word: a
// word of 4,000 letters with no address in it (an answer's most) was read to its end from each of
// its letters, quadratic in the word's length (0.16-0.34 s a call in a scratch run in Node). 32 such
// answers imported cost the hub 4-5 times the CPU of 32 answers of 800 words and held its loop 5.8 s
// on the loaded test host; a write key may import 4,000 (the base's 16,000,000 characters), and a
// hostile base file is indexed at start. The pattern is now tried only where a word starts.

const ENTRIES = 32;

describe('a write key imports answers that are one long word', () => {
  it('costs the hub about what answers of as many ordinary words cost', async () => {
    const hub = await startHubProcess({
      plugins: { knowledgeBase: 'faq' },
      options: { http: { apiKeys: API_KEYS } },
    });
    const importing = async (answer: (i: number) => string) => {
      const entries = Array.from({ length: ENTRIES }, (_, i) => ({
        id: `e${i}`,
        question: `问题${i}怎么办`,
        alternatives: [],
        answer: answer(i),
        tags: [],
      }));
      const before = await hub.stats({ resetLoop: true });
      const res = await fetch(`${hub.httpUrl}/api/v1/kb/import?mode=replace`, {
        method: 'POST',
        headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ version: 1, entries }),
      });
      expect(res.status).toBe(200);
      const after = await hub.stats();
      return { cpuMs: after.cpuMs - before.cpuMs, loopMs: after.maxLoopDelayMs };
    };
    // Warmed up first, so neither import pays for the first's compilation.
    await importing((i) => `warm ${i}`);
    const ordinary = await importing((i) => `${'word '.repeat(798)}${i}`);
    const oneWord = await importing((i) => `${'w'.repeat(3990)}${i}@`);
    console.log(
      `${ENTRIES} answers of one 4,000-letter word: ${oneWord.cpuMs.toFixed(0)} ms of the hub's CPU, loop held up to ${oneWord.loopMs.toFixed(0)} ms; of 800 words: ${ordinary.cpuMs.toFixed(0)} ms, ${ordinary.loopMs.toFixed(0)} ms`,
    );
    // CPU time, not wall time: the long words cost about what as many short ones do (before, ~4 times).
    expect(oneWord.cpuMs).toBeLessThan(2 * ordinary.cpuMs);
  }, 120_000);
});
