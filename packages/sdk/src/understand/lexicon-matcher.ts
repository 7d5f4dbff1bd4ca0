import { normalizeText } from '../text/normalize.ts';
import { stem } from '../text/stem.ts';

/** One cue: a Chinese substring or an English word/phrase (matched on stems), with its weight. */
export type Cue = readonly [phrase: string, weight: number];

/**
 * Finds weighted cues in a message. Chinese cues are matched longest-first at each position, so a
 * longer cue hides the shorter ones inside it (不错 "not bad" is not read as 不 "not"); English cues
 * are matched on stemmed words, so "refunds" and "refunded" both hit "refund".
 *
 * @example
 * const m = createLexiconMatcher({ refund: [['refund', 1], ['退款', 1]] });
 * m.match('我要退款').get('refund'); // 1
 */
export interface LexiconMatcher<K extends string> {
  /** Cue weights per label; pass a {@link MatchText} to share its preparation with other lexicons. */
  match(text: string | MatchText): Map<K, number>;
}

/** A message as matchers read it: normalised, and its words stemmed. */
export interface MatchText {
  readonly normalized: string;
  readonly stems: readonly string[];
}

/**
 * Prepares a message once for every lexicon it is matched against (the built-in understanding
 * matches intents and anger): normalising and stemming cost more than the lookups.
 * @example
 * const text = matchText('I want a REFUND');
 * intents.match(text); anger.match(text);
 */
export function matchText(text: string): MatchText {
  const normalized = normalizeText(text);
  return { normalized, stems: normalized.match(/[a-z0-9]+/g)?.map(stem) ?? [] };
}

interface Entry<K> {
  label: K;
  weight: number;
}

export function createLexiconMatcher<K extends string>(
  lexicon: Readonly<Record<K, readonly Cue[]>>,
): LexiconMatcher<K> {
  const zh = new Map<string, Map<string, Array<Entry<K>>>>(); // first char → phrase → entries
  const en = new Map<string, Array<{ tokens: string[]; entries: Array<Entry<K>> }>>();
  let longestZh = 1;
  for (const label of Object.keys(lexicon) as K[]) {
    for (const [raw, weight] of lexicon[label]) {
      const phrase = normalizeText(raw);
      if (!phrase) continue;
      if (/\p{Script=Han}/u.test(phrase)) {
        const byPhrase = zh.get(phrase[0]!) ?? new Map<string, Array<Entry<K>>>();
        byPhrase.set(phrase, [...(byPhrase.get(phrase) ?? []), { label, weight }]);
        zh.set(phrase[0]!, byPhrase);
        longestZh = Math.max(longestZh, phrase.length);
      } else {
        const tokens = phrase.split(' ').map(stem);
        const list = en.get(tokens[0]!) ?? [];
        const found = list.find((p) => p.tokens.join(' ') === tokens.join(' '));
        if (found) found.entries.push({ label, weight });
        else list.push({ tokens, entries: [{ label, weight }] });
        en.set(tokens[0]!, list);
      }
    }
  }

  return {
    match(text) {
      const { normalized, stems: tokens } = typeof text === 'string' ? matchText(text) : text;
      const hits = new Map<K, number>();
      for (let i = 0; i < normalized.length; ) {
        const byPhrase = zh.get(normalized[i]!);
        let taken = 1;
        if (byPhrase) {
          for (let len = Math.min(longestZh, normalized.length - i); len >= 1; len--) {
            const entries = byPhrase.get(normalized.slice(i, i + len));
            if (entries) {
              credit(hits, entries);
              taken = len;
              break;
            }
          }
        }
        i += taken;
      }
      for (let i = 0; i < tokens.length; ) {
        let taken = 1;
        let best: { tokens: string[]; entries: Array<Entry<K>> } | undefined;
        for (const phrase of en.get(tokens[i]!) ?? []) {
          const n = phrase.tokens.length;
          if (n <= (best?.tokens.length ?? 0) || i + n > tokens.length) continue;
          let ok = true;
          for (let j = 1; ok && j < n; j++) ok = tokens[i + j] === phrase.tokens[j];
          if (ok) best = phrase;
        }
        if (best) {
          credit(hits, best.entries);
          taken = best.tokens.length;
        }
        i += taken;
      }
      return hits;
    },
  };
}

// A module function, not a closure made on every match: this runs on every shopper message.
function credit<K>(hits: Map<K, number>, entries: ReadonlyArray<Entry<K>>): void {
  for (const { label, weight } of entries) hits.set(label, (hits.get(label) ?? 0) + weight);
}
