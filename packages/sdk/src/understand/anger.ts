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
  const bangs = text.match(/[!！]/g)?.length ?? 0;
  raw += Math.min(bangs, 4) * 0.35;
  if (/[?？]{2,}|[!！][?？]|[?？][!！]/.test(text)) raw += 0.8;
  if (shouting) raw += 1.5;
  else {
    const shouted = text.match(/\b[A-Z]{3,}\b/g)?.filter((w) => !COMMON_ACRONYMS.has(w)).length ?? 0;
    if (shouted >= 2) raw += 1;
    else if (shouted === 1) raw += 0.3;
  }
  if (/(.)\1{3,}/u.test(text.replace(/[\d\s.。…]/g, ''))) raw += 0.5;
  raw += faces(text);
  return raw <= 0 ? 0 : Math.round((1 - Math.exp(-raw / 2.5)) * 1000) / 1000;
}

/** Angry faces and signs; 👎 is also "not helpful", so it weighs only as one sign. */
const ANGRY_FACE = /[😡🤬😠💢🖕👿]/gu;

/**
 * What angry faces add: 1.5 for the first, 0.75 for each of three more, and 2 more when the
 * message is nothing else (a lone 😡 is the whole message, and reads as anger on its own).
 */
function faces(text: string): number {
  const count = text.match(ANGRY_FACE)?.length ?? 0;
  if (count === 0) return /👎/u.test(text) ? 1.5 : 0;
  const only = text.replace(ANGRY_FACE, '').replace(/[\s\p{P}\p{S}]|\uFE0F|\u200D/gu, '') === '';
  return 1.5 + 0.75 * Math.min(count - 1, 3) + (only ? 2 : 0);
}

/**
 * A message written all in capitals (four words or more of capitals alone, twelve letters or more,
 * no lower-case Latin letter): shouting. Short ones ("OK", "DHL"), common acronyms and codes with
 * digits or hyphens (KF-KNIT-001, SF1402938475) are not words here.
 */
function isShouted(text: string): boolean {
  if (/[a-z]/.test(text)) return false;
  let words = 0;
  let letters = 0;
  for (const token of text.split(/[\s,.;:!?！？，。、…"'()]+/)) {
    if (!/^[A-Z]{2,}$/.test(token) || COMMON_ACRONYMS.has(token)) continue;
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
