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
  /**
   * Cue weights per label (one shared empty map when no cue is found, as in most messages); pass a
   * {@link MatchText} to share its preparation with other lexicons.
   */
  match(text: string | MatchText): ReadonlyMap<K, number>;
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
  const words = normalized.match(WORDS);
  if (!words) return { normalized, stems: NO_STEMS };
  // Stemmed in place: the match's array is this call's own, and a map() made a second one.
  for (let i = 0; i < words.length; i++) words[i] = stem(words[i]!);
  return { normalized, stems: words };
}

// Module constants: a regular expression literal is a new object each time it is evaluated, and
// this runs on every shopper message (the built-in understanding) and every FAQ question.
const WORDS = /[a-z0-9]+/g;
const HAN = /\p{Script=Han}/u;
const NO_STEMS: readonly string[] = [];

interface Entry<K> {
  label: K;
  weight: number;
}

/** The Chinese cues that begin with one character: their lengths, longest first, and the cues. */
interface ZhCues<K> {
  lengths: number[];
  byPhrase: Map<string, Array<Entry<K>>>;
}

type EnPhrase<K> = { tokens: string[]; entries: Array<Entry<K>> };

export function createLexiconMatcher<K extends string>(
  lexicon: Readonly<Record<K, readonly Cue[]>>,
): LexiconMatcher<K> {
  // Keyed by the first UTF-16 unit's code, not by the one-character string: reading `text[i]` of
  // Chinese text makes a new string per character.
  const zh = new Map<number, ZhCues<K>>();
  const en = new Map<string, Array<EnPhrase<K>>>();
  for (const label of Object.keys(lexicon) as K[]) {
    for (const [raw, weight] of lexicon[label]) {
      const phrase = normalizeText(raw);
      if (!phrase) continue;
      if (HAN.test(phrase)) {
        const first = phrase.charCodeAt(0);
        const cues = zh.get(first) ?? { lengths: [], byPhrase: new Map<string, Array<Entry<K>>>() };
        cues.byPhrase.set(phrase, [...(cues.byPhrase.get(phrase) ?? []), { label, weight }]);
        if (!cues.lengths.includes(phrase.length)) cues.lengths.push(phrase.length);
        cues.lengths.sort((a, b) => b - a);
        zh.set(first, cues);
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
      // Made at the first hit: most messages have no cue of most lexicons.
      let hits: Map<K, number> | undefined;
      for (let i = 0; i < normalized.length; ) {
        const cues = zh.get(normalized.charCodeAt(i));
        let taken = 1;
        if (cues) {
          // Only the lengths some cue has, longest first: a slice per length up to the longest
          // cue was a string each.
          for (const len of cues.lengths) {
            if (len > normalized.length - i) continue;
            const entries = cues.byPhrase.get(normalized.slice(i, i + len));
            if (entries) {
              hits = credit(hits, entries);
              taken = len;
              break;
            }
          }
        }
        i += taken;
      }
      for (let i = 0; i < tokens.length; ) {
        let taken = 1;
        let best: EnPhrase<K> | undefined;
        for (const phrase of en.get(tokens[i]!) ?? NO_PHRASES) {
          const n = phrase.tokens.length;
          if (n <= (best?.tokens.length ?? 0) || i + n > tokens.length) continue;
          let ok = true;
          for (let j = 1; ok && j < n; j++) ok = tokens[i + j] === phrase.tokens[j];
          if (ok) best = phrase;
        }
        if (best) {
          hits = credit(hits, best.entries);
          taken = best.tokens.length;
        }
        i += taken;
      }
      return hits ?? (NO_HITS as ReadonlyMap<K, number>);
    },
  };
}

const NO_HITS: ReadonlyMap<string, number> = new Map();
// Plain arrays, not frozen ones: a frozen array's other elements kind made the loops over these
// polymorphic, and their iterators (objects per step) were no longer optimised away.
const NO_PHRASES: readonly EnPhrase<never>[] = [];

// A module function, not a closure made on every match: this runs on every shopper message.
function credit<K>(hits: Map<K, number> | undefined, entries: ReadonlyArray<Entry<K>>): Map<K, number> {
  const into = hits ?? new Map<K, number>();
  for (const { label, weight } of entries) into.set(label, (into.get(label) ?? 0) + weight);
  return into;
}
