import { languageOf } from '../text/hub-language.ts';
import { detectLocale } from '../understand/detect-locale.ts';
import type { KnowledgeBaseEntry } from './knowledge-base.ts';

/**
 * The language a text is written in, as far as the ranking tells them apart: Chinese characters,
 * Latin letters, or neither (digits, emoji). 0 is unknown.
 */
export type WrittenLanguage = 0 | typeof HAN | typeof LATIN;
export const HAN = 1;
export const LATIN = 2;

const LETTER = /[\p{Script=Han}a-z]/iu;

/**
 * As the answerer reads a shopper's language ({@link detectLocale}: Chinese when Chinese characters
 * are a fair share, "iPhone 有货吗" too), so the entries offered and the bot's words agree; unknown
 * for a text with neither Chinese characters nor Latin letters.
 */
export function writtenLanguage(text: string): WrittenLanguage {
  if (!LETTER.test(text)) return 0;
  return detectLocale(text) === 'zh' ? HAN : LATIN;
}

/**
 * Each entry's languages, as bits: its `locale` (or the file's), else what its question and answer
 * are written in — a Chinese shop's "VIP" entry has a Chinese answer, so it stays Chinese — and
 * the language of each alternate: a merchant who adds "Is shipping free?" to 包邮吗？ means the
 * English shopper who asks it.
 */
export function entryLanguages(
  entries: readonly KnowledgeBaseEntry[],
  kbLocale: string | undefined,
  written: (e: number) => WrittenLanguage = (e) => entryWrittenLanguage(entries[e]!),
  alternates: (e: number) => number = (e) => alternatesLanguages(entries[e]!),
): Uint8Array {
  return Uint8Array.from(entries, (entry, e) => {
    const locale = entry.locale ?? kbLocale;
    const own = locale ? (languageOf(locale) === 'zh' ? HAN : LATIN) : written(e);
    return own | alternates(e);
  });
}

/** The languages an entry's alternates are written in, as bits ({@link HAN} | {@link LATIN}). */
export const alternatesLanguages = (entry: KnowledgeBaseEntry): number =>
  entry.alternatives.reduce((bits, alternate) => bits | writtenLanguage(alternate), 0);

/** What an entry's question and answer are written in, whatever its `locale` says. */
export const entryWrittenLanguage = (entry: KnowledgeBaseEntry): WrittenLanguage =>
  writtenLanguage(`${entry.question} ${entry.answer}`);

/**
 * The k best in the shopper's language only, when any of them is: a bilingual knowledge base's
 * translated pair matches through the shared concepts (invoice / 发票), and the twin in the other
 * language stood second, so "did you mean" offered an English shopper the Chinese question beside
 * their own, and an answer was withheld as a tie. A question only the other language's entries
 * reach keeps them (a product name typed in Latin letters in a Chinese shop).
 */
export function inShoppersLanguage(
  languages: Uint8Array,
  written: WrittenLanguage,
  top: { topIdx: number[]; topScore: number[] },
): { topIdx: number[]; topScore: number[] } {
  const { topIdx, topScore } = top;
  if (written === 0 || !topIdx.some((e) => (languages[e]! & written) !== 0)) return top;
  const kept = topIdx.flatMap((e, i) => (languages[e] === 0 || (languages[e]! & written) !== 0 ? [i] : []));
  if (kept.length === topIdx.length) return top;
  return { topIdx: kept.map((i) => topIdx[i]!), topScore: kept.map((i) => topScore[i]!) };
}

/**
 * The entry with, as its question, its first alternate in the language the shopper wrote when its
 * question is in the other one: a "did you mean" label an English shopper can read for 「包邮吗？」
 * offered through its alternate "Is shipping free?". Else the entry itself.
 */
export function inShoppersWords(entry: KnowledgeBaseEntry, text: string): KnowledgeBaseEntry {
  const shopper = writtenLanguage(text);
  const own = writtenLanguage(entry.question);
  if (shopper === 0 || own === 0 || own === shopper) return entry;
  const alternate = entry.alternatives.find((a) => writtenLanguage(a) === shopper);
  return alternate ? { ...entry, question: alternate } : entry;
}
