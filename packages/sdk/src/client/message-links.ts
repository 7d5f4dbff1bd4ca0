import { safeHref } from '../safe-href.ts';

export { safeHref };

/** A run of message text: plain, or a link that is safe to make clickable. */
export type TextPart = { text: string } | { text: string; href: string };

// Stops at whitespace, quotes, angle brackets and full-width punctuation that ends Chinese sentences,
// and ends on a character that does not end a sentence (`.`, `)` …). One pass: stripping the
// trailing run afterwards with /[.,!?;:)\]}]+$/ tried it from each of its characters, quadratic in a
// shopper's 4,000-character "http://....…x", which every transcript render paid for.
const URL_LIKE = /\bhttps?:\/\/[^\s<>"'`，。！？、；：）」』】]*[^\s<>"'`，。！？、；：）」』】.,!?;:)\]}]/gi;

/**
 * Splits message text into plain runs and links. Only http and https become links; anything
 * else (javascript:, data:, …) stays text, because message text is never markup.
 * @example
 * splitLinks('看这里 https://shop.example/p/1。'); // [{ text: '看这里 ' }, { text: 'https://…/1', href: 'https://…/1' }, { text: '。' }]
 */
export function splitLinks(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_LIKE)) {
    const raw = match[0];
    const href = safeHref(raw);
    if (!href) continue;
    const start = match.index;
    if (start > last) parts.push({ text: text.slice(last, start) });
    parts.push({ text: raw, href });
    last = start + raw.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}
