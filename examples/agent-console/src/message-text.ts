/** A run of message text: plain, or a link safe to make clickable. */
export type TextPart = { text: string } | { text: string; href: string };

// Stops at whitespace, quotes, angle brackets and full-width punctuation that ends Chinese sentences.
const URL_LIKE = /\bhttps?:\/\/[^\s<>"'`，。！？、；：）」』】]+/gi;
const TRAILING = /[.,!?;:)\]}]+$/;

/**
 * Splits message text into plain runs and links. Only http and https become links; anything
 * else (javascript:, data:, …) stays text, because message text is never markup.
 * @example
 * splitLinks('看 https://shop.example/p/1。'); // [{ text: '看 ' }, { text: 'https://shop.example/p/1', href: … }, { text: '。' }]
 */
export function splitLinks(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_LIKE)) {
    let raw = match[0];
    const trail = TRAILING.exec(raw)?.[0] ?? '';
    raw = raw.slice(0, raw.length - trail.length);
    const href = safeHref(raw);
    if (!href) continue;
    if (match.index > last) parts.push({ text: text.slice(last, match.index) });
    parts.push({ text: raw, href });
    last = match.index + raw.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

/** The URL if it parses and is http(s); undefined otherwise. */
export function safeHref(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Splits text around the words quality inspection matched (case-insensitive), so the console can
 * mark them. Overlapping matches merge.
 * @example
 * markMatches('我们保证明天送到', ['保证']); // [{ text: '我们' }, { text: '保证', hit: true }, { text: '明天送到' }]
 */
export function markMatches(text: string, words: readonly string[]): { text: string; hit?: true }[] {
  const lower = text.toLowerCase();
  const hits = new Array<boolean>(text.length).fill(false);
  for (const word of words) {
    const w = word.toLowerCase();
    if (!w) continue;
    for (let i = lower.indexOf(w); i !== -1; i = lower.indexOf(w, i + 1))
      for (let j = i; j < i + w.length; j++) hits[j] = true;
  }
  const parts: { text: string; hit?: true }[] = [];
  for (let i = 0; i < text.length; ) {
    let j = i;
    while (j < text.length && hits[j] === hits[i]) j++;
    parts.push(hits[i] ? { text: text.slice(i, j), hit: true } : { text: text.slice(i, j) });
    i = j;
  }
  return parts;
}
