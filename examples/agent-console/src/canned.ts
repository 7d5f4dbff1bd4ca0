import type { CannedReply } from '@kefu/protocol';

/** What a canned reply's variables are filled from: the shopper's profile and the page they are on. */
export interface CannedContext {
  name?: string | undefined;
  orderId?: string | undefined;
  product?: string | undefined;
  agent?: string | undefined;
}

/** The two languages the console and the demo's replies are written in. */
export type ReplyLanguage = 'zh' | 'en';

const HAN = /\p{Script=Han}/u;
const LATIN = /\p{Script=Latin}/u;

/**
 * A canned reply's language (its primary subtag): the `locale` the shop gave it, else read from
 * its words, Chinese when its title or text has Han characters.
 */
export function replyLanguage(reply: Pick<CannedReply, 'title' | 'text' | 'locale'>): string {
  const tag = reply.locale?.trim().toLowerCase().split(/[-_]/)[0];
  if (tag) return tag;
  return HAN.test(reply.title) || HAN.test(reply.text) ? 'zh' : 'en';
}

/**
 * The language a conversation is held in: the shopper's locale (what their page and the bot use),
 * else the script of the latest thing they wrote; undefined when neither says.
 * @example
 * conversationLanguage('en-US', []); // 'en'
 * conversationLanguage(undefined, ['我的快递到哪了']); // 'zh'
 */
export function conversationLanguage(
  locale: string | undefined,
  shopperTexts: readonly string[],
): ReplyLanguage | undefined {
  const tag = locale?.toLowerCase().split('-')[0];
  if (tag === 'zh' || tag === 'en') return tag;
  for (const text of [...shopperTexts].reverse()) {
    if (HAN.test(text)) return 'zh';
    if (LATIN.test(text)) return 'en';
  }
  return undefined;
}

/**
 * Canned replies matching a query, best first: every word of the query must appear in the
 * title, the category or the text (or its picture's alt text; case-insensitive); title hits rank
 * above category, above text. With a `language`, the replies in it come first and the others
 * after (each part ranked as above), so `/` then Enter inserts one the shopper can read.
 * An empty query lists them all in their given order (the conversation's language first).
 * @example
 * searchCanned(replies, '物流')[0]?.id; // 'track-zh'
 * searchCanned(replies, '', 8, 'en')[0]?.id; // 'greet-en'
 */
export function searchCanned(
  replies: readonly CannedReply[],
  query: string,
  limit = 8,
  language?: ReplyLanguage,
): CannedReply[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const other = (reply: CannedReply) => (language && replyLanguage(reply) !== language ? 1 : 0);
  const scored: { reply: CannedReply; score: number; index: number; other: number }[] = [];
  replies.forEach((reply, index) => {
    const title = reply.title.toLowerCase();
    const category = (reply.category ?? '').toLowerCase();
    // A picture's description counts as text: "尺码" finds the reply whose image is the size chart.
    const text = `${reply.text} ${reply.image?.alt ?? ''}`.toLowerCase();
    let score = 0;
    for (const word of words) {
      if (title.includes(word)) score += title.startsWith(word) ? 4 : 3;
      else if (category.includes(word)) score += 2;
      else if (text.includes(word)) score += 1;
      else return;
    }
    scored.push({ reply, score, index, other: other(reply) });
  });
  return scored
    .sort((a, b) => a.other - b.other || b.score - a.score || a.index - b.index)
    .slice(0, limit)
    .map((s) => s.reply);
}

/**
 * Fills `{name}`, `{orderId}`, `{product}` and `{agent}` from the context. A variable without a
 * value stays as `{name}` so the agent sees what to type, and is listed in `missing`.
 * @example
 * fillCanned('您好 {name}', { name: '王女士' }); // { text: '您好 王女士', missing: [] }
 */
export function fillCanned(text: string, context: CannedContext): { text: string; missing: string[] } {
  const missing: string[] = [];
  const filled = text.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = (context as Record<string, string | undefined>)[key];
    if (value) return value;
    if (!missing.includes(key)) missing.push(key);
    return whole;
  });
  return { text: filled, missing };
}
