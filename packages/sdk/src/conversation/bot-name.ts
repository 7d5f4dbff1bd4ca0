import { type Author, LIMITS, storedText } from '@kefu/protocol';
import * as z from 'zod/mini';
import { type HubLanguage, hubLanguage } from '../text/hub-language.ts';

/**
 * The bot's display name: one for every shopper, or one per language of the hub's own words
 * (`zh`, `zh-Hant`, `en`: see {@link hubLanguage}), chosen per conversation from the shopper's
 * locale as the hub's texts are.
 * @example
 * const botName: BotName = { zh: '小客', 'zh-Hant': '小客', en: 'Kefu assistant' };
 */
export type BotName = string | Readonly<Partial<Record<HubLanguage, string>>>;

/** The bot's name for each language, every one filled in (see {@link resolveBotName}). */
export type BotNames = Readonly<Record<HubLanguage, string>>;

/** The languages a name may be given in: those the hub's texts come in. */
const LANGUAGES: readonly HubLanguage[] = ['zh', 'zh-Hant', 'en'];

/**
 * Where a language without a name of its own borrows one: the other Chinese script before
 * English (a zh-TW shopper reads 小客 more readily than "Kefu assistant"), then the first given.
 */
const FALLBACK: Record<HubLanguage, readonly HubLanguage[]> = {
  'zh-Hant': ['zh-Hant', 'zh', 'en'],
  zh: ['zh', 'zh-Hant', 'en'],
  en: ['en'],
};

/** What a message's author name may be (the frames' limit) and a store can hold (no NUL, no lone surrogate). */
const storableName = storedText(LIMITS.maxNameChars, 1);

/** A problem with a `botName` value: `key`, the language it is under; `message` follows the option's path. */
export interface BotNameProblem {
  key?: string;
  message: string;
}

/**
 * What is wrong with a `botName` value, for the hub's options and the config file alike: a name
 * the frames or the store cannot carry would fail every bot message, and a language key the hub
 * never picks would leave its name unused.
 * @example
 * botNameProblems({ zh: '小客', fr: 'Kefu' }); // [{ key: 'fr', message: 'is not a language … zh, zh-Hant or en' }]
 */
export function botNameProblems(value: unknown): BotNameProblem[] {
  if (typeof value === 'string') return nameProblem(value) ? [{ message: nameProblem(value)! }] : [];
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return [{ message: 'must be a name, or names by language ({ zh, zh-Hant, en })' }];
  // A key set to undefined is no name (as with every other option), not a blank one.
  const entries = Object.entries(value).filter(([, name]) => name !== undefined);
  if (entries.length === 0) return [{ message: 'must name the bot in at least one of zh, zh-Hant or en' }];
  const problems: BotNameProblem[] = [];
  for (const [key, name] of entries) {
    const problem = (LANGUAGES as readonly string[]).includes(key) ? nameProblem(name) : unknownLanguage(key);
    if (problem) problems.push({ key, message: problem });
  }
  return problems;
}

function nameProblem(name: unknown): string | undefined {
  return typeof name === 'string' && name.trim() && z.safeParse(storableName, name).success
    ? undefined
    : `must be a name of 1-${LIMITS.maxNameChars} characters, not blank, without U+0000`;
}

function unknownLanguage(key: string): string {
  // A locale (zh-TW, en-GB, ZH) names a language the hub does pick, under another key.
  const meant = /^(?:zh|en)(?:[-_]|$)/i.test(key)
    ? ` (did you mean ${hubLanguage(key.replace('_', '-'))}?)`
    : '';
  return `is not a language the hub tells apart: zh, zh-Hant or en${meant}`;
}

/**
 * The bot's name in every language, a missing one borrowed (see `FALLBACK`). Expects a value
 * {@link botNameProblems} found nothing wrong with.
 * @example
 * resolveBotName({ zh: '小客', en: 'Kefu' })['zh-Hant']; // '小客'
 */
export function resolveBotName(name: BotName): BotNames {
  if (typeof name === 'string') return { zh: name, 'zh-Hant': name, en: name };
  const first = Object.values(name).find((n) => n !== undefined) ?? '';
  const pick = (language: HubLanguage) =>
    FALLBACK[language].map((l) => name[l]).find((n) => n !== undefined) ?? first;
  return { zh: pick('zh'), 'zh-Hant': pick('zh-Hant'), en: pick('en') };
}

/**
 * The bot as an author for a shopper of `locale`: one frozen object per language (stored with
 * every bot message, so a copy per message would be kept as long as the message is), and the
 * same object for every language when the names are one.
 * @example
 * const botAuthor = botAuthors(resolveBotName({ zh: '小客', en: 'Kefu' }));
 * botAuthor('zh-CN').name; // '小客'
 */
export function botAuthors(names: BotNames): (locale: string | undefined) => Author {
  const made = new Map<string, Author>();
  const authors = {} as Record<HubLanguage, Author>;
  for (const language of LANGUAGES) {
    const name = names[language];
    const author = made.get(name) ?? Object.freeze({ kind: 'bot' as const, name });
    made.set(name, author);
    authors[language] = author;
  }
  return (locale) => authors[hubLanguage(locale)];
}
