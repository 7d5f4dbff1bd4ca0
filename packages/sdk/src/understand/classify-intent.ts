import { INTENT_LEXICON, type Intent } from './intent-lexicon.ts';
import { createLexiconMatcher, type MatchText } from './lexicon-matcher.ts';

const matcher = createLexiconMatcher(INTENT_LEXICON);

/** Below this evidence the message is `other` rather than a guess. */
const MIN_EVIDENCE = 1;

/**
 * Lexicon-and-rules intent classifier for zh and en: sums cue weights per intent, then applies the
 * rules a human dispatcher would: asking for a person wins whenever it is clearly said (转人工 must
 * never be answered by the bot), and a greeting only counts when nothing else is asked.
 *
 * @example
 * classifyIntent('转人工'); // { intent: 'ask_for_human', confidence: ~0.9 }
 * classifyIntent('退款多久到账'); // { intent: 'after_sale', ... }
 */
export function classifyIntent(text: string | MatchText): { intent: Intent; confidence: number } {
  const scores = matcher.match(text);
  const human = scores.get('ask_for_human') ?? 0;
  if (human >= 3) return { intent: 'ask_for_human', confidence: squash(human, total(scores)) };
  const greeting = scores.get('greeting') ?? 0;
  let best: Intent = 'other';
  let bestScore = 0;
  // A greeting is weighed apart (below), never as the best of the others.
  for (const [intent, score] of scores) {
    if (intent !== 'greeting' && score > bestScore) {
      best = intent;
      bestScore = score;
    }
  }
  if (bestScore < MIN_EVIDENCE) {
    if (greeting > 0) return { intent: 'greeting', confidence: squash(greeting, greeting) };
    return { intent: 'other', confidence: bestScore > 0 ? 0.3 : 0.6 };
  }
  return { intent: best, confidence: squash(bestScore, total(scores, 'greeting')) };
}

/** The sum of the scores, `except` one intent's (summed in the same order, to the same bits). */
function total(scores: ReadonlyMap<Intent, number>, except?: Intent): number {
  let sum = 0;
  for (const intent of scores.keys()) if (intent !== except) sum += scores.get(intent)!;
  return sum;
}

/** Confidence grows with evidence and with the winner's share of all evidence. */
function squash(best: number, all: number): number {
  const share = all > 0 ? best / all : 0;
  return Math.round((1 - Math.exp(-best / 2)) * (0.4 + 0.6 * share) * 1000) / 1000;
}
