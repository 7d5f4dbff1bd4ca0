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
  let raw = (hits.get('anger') ?? 0) - 0.7 * (hits.get('calm') ?? 0);
  const bangs = text.match(/[!！]/g)?.length ?? 0;
  raw += Math.min(bangs, 4) * 0.35;
  if (/[?？]{2,}|[!！][?？]|[?？][!！]/.test(text)) raw += 0.8;
  const shouted = text.match(/\b[A-Z]{3,}\b/g)?.filter((w) => !COMMON_ACRONYMS.has(w)).length ?? 0;
  if (shouted >= 2) raw += 1;
  else if (shouted === 1) raw += 0.3;
  if (/(.)\1{3,}/u.test(text.replace(/[\d\s.。…]/g, ''))) raw += 0.5;
  if (/[😡🤬😠💢👎🖕]/u.test(text)) raw += 1.5;
  return raw <= 0 ? 0 : Math.round((1 - Math.exp(-raw / 2.5)) * 1000) / 1000;
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
