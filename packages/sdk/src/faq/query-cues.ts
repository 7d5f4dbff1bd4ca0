import { INTENT_LEXICON, type Intent } from '../understand/intent-lexicon.ts';
import { createLexiconMatcher } from '../understand/lexicon-matcher.ts';
import type { MatchSignals } from './confidence.ts';

// Signals of the query (or of one phrasing) alone, before any index is consulted: the index also
// measures them on each entry's own phrasings when it is built.

/** Signals of the query alone: typo rewrites and general customer-service cue words. */
export type QueryCues = Pick<MatchSignals, 'corrected' | 'shopCues' | 'chatCues'>;

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

export function cueSignals(query: string): Omit<QueryCues, 'corrected'> {
  cueMatcher ??= createLexiconMatcher(INTENT_LEXICON);
  const hits = cueMatcher.match(query);
  let shop = 0;
  let chat = 0;
  for (const t of SHOP_TOPICS) shop += hits.get(t as Exclude<Intent, 'other'>) ?? 0;
  for (const t of CHAT_TOPICS) chat += hits.get(t as Exclude<Intent, 'other'>) ?? 0;
  return { shopCues: 1 - Math.exp(-shop / 2), chatCues: 1 - Math.exp(-chat / 2) };
}
