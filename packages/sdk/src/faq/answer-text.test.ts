import { describe, expect, it } from 'vitest';
import { replaceInWorker } from '../testing/pattern-in-worker.ts';
import { answerText, EMAIL_ADDRESS } from './answer-text.ts';
import { createFaqEngine, explainMatch } from './faq-engine.ts';
import type { KnowledgeBase } from './knowledge-base.ts';
import { plainAnswer } from './plain-answer.ts';

const linked: KnowledgeBase = {
  version: 1,
  entries: [
    {
      id: 'returns',
      question: 'What is your return policy?',
      alternatives: [],
      answer: 'Start a return from the <a href="https://www.voltbay.example.com/returns">returns portal</a>.',
      tags: [],
    },
    {
      id: 'contact',
      question: 'How can I contact you?',
      alternatives: [],
      answer:
        'Email support@voltbay.example.com or see <a href="https://www.voltbay.example.com/contact">contact</a>&nbsp;us.',
      tags: [],
    },
  ],
};

describe('answerText', () => {
  // Tried at every position, the e-mail pattern read a long word to its end from each of its
  // letters, quadratic in its length: 32 answers of 4,000 (an answer's most) imported held the hub's
  // loop 5.8 s. 400,000 here: hours before.
  it('reads a long word with no address in it, or a run of addresses, in one pass', async () => {
    const word = `${'w'.repeat(400_000)}@`;
    expect(await replaceInWorker(EMAIL_ADDRESS, word)).toBe(word);
    const dotted = 'a.'.repeat(200_000);
    expect(await replaceInWorker(EMAIL_ADDRESS, dotted)).toBe(dotted);
    expect(answerText('mail a.b+c@x.example.com, or ops@x.example.com.')).toBe('mail  , or  .');
    expect(answerText('not@address and also@no-dot')).toBe('not@address and also@no-dot');
  });

  it("indexes a picture by its alt text, not its file's address", () => {
    const words = answerText(
      'Our sizes: <img src="https://cdn.example/u/IMG_2031.png" alt="size chart"> ![kettle](https://cdn.example/k.png)',
    );
    expect(words.split(/\s+/).filter(Boolean)).toEqual(['Our', 'sizes:', 'size', 'chart', 'kettle']);
  });

  it('keeps the words a shopper reads and a link path, not tags, hosts or addresses', () => {
    const words = answerText(linked.entries[1]!.answer).split(/\s+/).filter(Boolean);
    expect(words).toEqual(['Email', 'or', 'see', 'contact:', 'contact', 'us.']);
    expect(answerText('See [our returns page](https://x.example/help/returns).')).toBe(
      'See our returns page:  help returns ',
    );
  });

  it('reads markup as the bot sends it: no script text, entities decoded, "<Enter>" kept as text', () => {
    const answer = '按 <Enter> 确认<script>track()</script>，&#x4E2D;文 &amp; *English*';
    expect(answerText(answer)).toBe(plainAnswer(answer));
    expect(answerText(answer)).toBe('按 <Enter> 确认，中文 & English');
  });

  it('leaves an answer without markup as it is', () => {
    expect(answerText('付款后 48 小时内发货。')).toBe('付款后 48 小时内发货。');
  });

  it('does not make the markup of linked answers look like shop vocabulary', () => {
    const engine = createFaqEngine(linked);
    // "come" stems to "com", which every linked answer carried as part of its host name.
    const { signals } = explainMatch(engine, 'will you come to the www');
    expect(signals?.known ?? 0).toBe(0);
  });
});
