import { INTENT_LEXICON, type Intent } from '../understand/intent-lexicon.ts';
import { createLexiconMatcher, type MatchText } from '../understand/lexicon-matcher.ts';
import type { MatchSignals } from './confidence.ts';
import { ELSEWHERE_LEXICON } from './elsewhere-lexicon.ts';
import type { WrittenLanguage } from './entry-language.ts';

// Signals of the query (or of one phrasing) alone, before any index is consulted: the index also
// measures them on each entry's own phrasings when it is built.

/** Signals of the query alone: typo rewrites and general customer-service cue words. */
export type QueryCues = Pick<MatchSignals, 'corrected' | 'shopCues' | 'chatCues' | 'elsewhere'> & {
  /** What the question is written in: of a bilingual knowledge base, entries in that language are ranked. */
  written: WrittenLanguage;
  /** The query's Latin words as typed, lower-cased (stop words included). */
  typed: readonly string[];
};

/** Intents whose cue words are shop topics a knowledge base answers. */
const SHOP_TOPICS: readonly Intent[] = [
  'pre_sale',
  'logistics',
  'after_sale',
  'invoice',
  'payment',
  'account',
];
/** Intents whose cue words say the message is for a person, not for the knowledge base. */
const CHAT_TOPICS: readonly Intent[] = ['greeting', 'ask_for_human', 'complaint'];
let cueMatcher: ReturnType<typeof createLexiconMatcher<Exclude<Intent, 'other'>>> | undefined;

/** `query` as a string, or prepared once ({@link matchText}) for both this and {@link elsewhereSignal}. */
export function cueSignals(query: string | MatchText): Pick<QueryCues, 'shopCues' | 'chatCues'> {
  cueMatcher ??= createLexiconMatcher(INTENT_LEXICON);
  const hits = cueMatcher.match(query);
  let shop = 0;
  let chat = 0;
  for (const t of SHOP_TOPICS) shop += hits.get(t as Exclude<Intent, 'other'>) ?? 0;
  for (const t of CHAT_TOPICS) chat += hits.get(t as Exclude<Intent, 'other'>) ?? 0;
  return { shopCues: 1 - Math.exp(-shop / 2), chatCues: 1 - Math.exp(-chat / 2) };
}

let elsewhereMatcher: ReturnType<typeof createLexiconMatcher<string>> | undefined;
const elsewhere = () => (elsewhereMatcher ??= createLexiconMatcher(ELSEWHERE_LEXICON));

/** The other-world topics ({@link ELSEWHERE_LEXICON}) that a text touches. */
export function elsewhereTopics(text: string | MatchText): IterableIterator<string> {
  return elsewhere().match(text).keys();
}

/**
 * Evidence that the query is about another world than the shop's (a hotel booking, the weather
 * forecast, a film …), 0..1, from the topics the knowledge base itself never touches, and only as
 * far as the query lacks shop cue words (`shopCues`): "can you deliver to my hotel" is a delivery
 * question.
 */
export function elsewhereSignal(
  query: string | MatchText,
  shopTopics: ReadonlySet<string>,
  shopCues: number,
): number {
  let sum = 0;
  for (const [topic, weight] of elsewhere().match(query)) if (!shopTopics.has(topic)) sum += weight;
  return (1 - Math.exp(-sum / 2)) * (1 - shopCues);
}
