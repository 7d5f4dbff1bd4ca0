import type { CannedReply } from '@kefu/protocol';

/** What a canned reply's variables are filled from: the shopper's profile and the page they are on. */
export interface CannedContext {
  name?: string | undefined;
  orderId?: string | undefined;
  product?: string | undefined;
  agent?: string | undefined;
}

/**
 * Canned replies matching a query, best first: every word of the query must appear in the
 * title, the category or the text (or its picture's alt text; case-insensitive); title hits rank
 * above category, above text.
 * An empty query lists them all in their given order.
 * @example
 * searchCanned(replies, '物流')[0]?.id; // 'track-zh'
 */
export function searchCanned(replies: readonly CannedReply[], query: string, limit = 8): CannedReply[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return replies.slice(0, limit);
  const scored: { reply: CannedReply; score: number; index: number }[] = [];
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
    scored.push({ reply, score, index });
  });
  return scored
    .sort((a, b) => b.score - a.score || a.index - b.index)
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
