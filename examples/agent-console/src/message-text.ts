import { splitLinks as splitHttpLinks, type TextPart } from '@kefu/sdk/client';

// Links are the SDK's (the same rules as the widget's): only http and https become clickable.
export { safeHref, type TextPart } from '@kefu/sdk/client';

/**
 * The SDK's links, less those whose host reads otherwise than it leads: a shopper's text is shown
 * as typed, and a host may hold look-alikes of a slash or a dot (`https://shop.example.com∕refund.evil.example`
 * reads as the shop's page and leads to `shop.example.xn--comrefund-ng4e.evil.example`). Such a URL
 * stays text, and so does any other the browser would rewrite (non-ASCII names, `0x7f.1`).
 * @example
 * splitLinks('https://a.example/x'); // [{ text: 'https://a.example/x', href: 'https://a.example/x' }]
 */
export function splitLinks(text: string): TextPart[] {
  const parts: TextPart[] = [];
  for (const part of splitHttpLinks(text)) {
    const last = parts.at(-1);
    if ('href' in part && readsAsItLeads(part.text, new URL(part.href))) parts.push(part);
    else if (last && !('href' in last)) parts[parts.length - 1] = { text: last.text + part.text };
    else parts.push({ text: part.text });
  }
  return parts;
}

function readsAsItLeads(typed: string, url: URL): boolean {
  const host = /^https?:\/\/([^/?#\\]*)/i.exec(typed)?.[1]?.toLowerCase();
  const defaultPort = url.protocol === 'https:' ? ':443' : ':80';
  return host === url.host || host === url.host + defaultPort;
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
