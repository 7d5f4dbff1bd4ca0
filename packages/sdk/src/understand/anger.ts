import { countMatches } from '../text/count-matches.ts';
import { ANGER_LEXICON } from './anger-lexicon.ts';
import { createLexiconMatcher, type MatchText, matchText } from './lexicon-matcher.ts';

const matcher = createLexiconMatcher(ANGER_LEXICON);

/**
 * Anger score in 0..1 from the lexicon plus the way people type when angry: runs of ! and ?,
 * SHOUTED words, and repeated characters. Calm and grateful words pull it down. It is a ranking
 * signal for routing (an angry shopper goes to a senior agent), not a diagnosis.
 *
 * @example
 * angerScore('你们是骗子吗？？？垃圾！！'); // ≈ 0.99
 * angerScore('请问什么时候发货'); // 0
 */
export function angerScore(text: string, prepared: MatchText = matchText(text)): number {
  const hits = matcher.match(prepared);
  const shouting = isShouted(text);
  // A whole message in capitals is shouted: its words of anger weigh double.
  let raw = (hits.get('anger') ?? 0) * (shouting ? 2 : 1) - 0.7 * (hits.get('calm') ?? 0);
  const bangs = countMatches(BANG, text);
  raw += Math.min(bangs, 4) * 0.35;
  if (INSISTENT_PUNCTUATION.test(text)) raw += 0.8;
  if (shouting) raw += 1.5;
  else {
    const shouted = text.match(CAPITAL_WORD)?.filter((w) => !COMMON_ACRONYMS.has(w)).length ?? 0;
    if (shouted >= 2) raw += 1;
    else if (shouted === 1) raw += 0.3;
  }
  if (REPEATED_CHARACTER.test(text.replace(NOT_REPEATED, ''))) raw += 0.5;
  raw += faces(text);
  return raw <= 0 ? 0 : Math.round((1 - Math.exp(-raw / 2.5)) * 1000) / 1000;
}

// Module constants: a regular expression literal is a new object each time it is evaluated, and
// the built-in understanding scores every shopper message.
const BANG = /[!！]/g;
const INSISTENT_PUNCTUATION = /[?？]{2,}|[!！][?？]|[?？][!！]/;
const CAPITAL_WORD = /\b[A-Z]{3,}\b/g;
/** Digits, spaces and dots repeat without anger ("10000", "..."). */
const NOT_REPEATED = /[\d\s.。…]/g;
const REPEATED_CHARACTER = /(.)\1{3,}/u;

/** Angry faces and signs; 👎 is also "not helpful", so it weighs only as one sign. */
const ANGRY_FACE = /[😡🤬😠💢🖕👿]/gu;
const THUMBS_DOWN = /👎/u;
const FACE_SURROUNDINGS = /[\s\p{P}\p{S}]|\uFE0F|\u200D/gu;

/**
 * What angry faces add: 1.5 for the first, 0.75 for each of three more, and 2 more when the
 * message is nothing else (a lone 😡 is the whole message, and reads as anger on its own).
 */
function faces(text: string): number {
  const count = countMatches(ANGRY_FACE, text);
  if (count === 0) return THUMBS_DOWN.test(text) ? 1.5 : 0;
  const only = text.replace(ANGRY_FACE, '').replace(FACE_SURROUNDINGS, '') === '';
  return 1.5 + 0.75 * Math.min(count - 1, 3) + (only ? 2 : 0);
}

const LOWER_CASE_LATIN = /[a-z]/;
const WORD_BREAK = /[\s,.;:!?！？，。、…"'()]+/;
const CAPITALS_ONLY = /^[A-Z]{2,}$/;

/**
 * A message written all in capitals (four words or more of capitals alone, twelve letters or more,
 * no lower-case Latin letter): shouting. Short ones ("OK", "DHL"), common acronyms and codes with
 * digits or hyphens (KF-KNIT-001, SF1402938475) are not words here.
 */
function isShouted(text: string): boolean {
  if (LOWER_CASE_LATIN.test(text)) return false;
  let words = 0;
  let letters = 0;
  for (const token of text.split(WORD_BREAK)) {
    if (!CAPITALS_ONLY.test(token) || COMMON_ACRONYMS.has(token)) continue;
    words++;
    letters += token.length;
  }
  return words >= 4 && letters >= 12;
}

const COMMON_ACRONYMS = new Set([
  'USA',
  'UPS',
  'DHL',
  'USPS',
  'EMS',
  'SMS',
  'VAT',
  'PIN',
  'FAQ',
  'VIP',
  'CEO',
  'ETA',
  'ASAP',
  'TV',
]);
