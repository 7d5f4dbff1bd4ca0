import type { Message } from '@kefu/protocol';
import type { Store, StoredConversation } from '../store/store.ts';
import { scriptOfText } from '../text/chinese-script.ts';
import { detectLocale } from '../understand/detect-locale.ts';

/** Han characters: Chinese, or Japanese kanji (told apart by the kana around them). */
const HAN = /\p{Script=Han}/u;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;

/**
 * Whether `text` may tell the language of a conversation whose shopper gave no locale: one test,
 * no allocation, for the bot's common turn to ask before taking the longer way.
 */
export const mayTellLanguage = (c: StoredConversation, text: string): boolean =>
  c.locale === undefined && HAN.test(text);

/**
 * The conversation with the language its shopper writes in, for a shopper whose client sent no
 * locale (the headless client without `locale`): Chinese once they write it (Han script, not
 * Japanese, in the share the bot's own `detectLocale` reads as Chinese), stored as the
 * conversation's locale (`zh`, or `zh-Hant` when written in Traditional characters), so every line the hub says from then on (queued, joined,
 * transferred, closed, the bot's apology) is in it, on any node. A locale given stays as given.
 */
export async function learnLanguage(
  store: Pick<Store, 'updateConversation'>,
  c: StoredConversation,
  message: Message,
): Promise<StoredConversation> {
  const { content } = message;
  if (content.kind !== 'text' || !mayTellLanguage(c, content.text)) return c;
  if (KANA.test(content.text) || detectLocale(content.text) !== 'zh') return c;
  // Traditional characters say the script too: the hub's lines then come in Traditional (zh-Hant).
  const locale = scriptOfText(content.text) === 'Hant' ? 'zh-Hant' : 'zh';
  return (await store.updateConversation(c.id, { locale })) ?? c;
}
