// Links are the SDK's (the same rules as the widget's): only http and https become clickable.
export { safeHref, splitLinks, type TextPart } from '@kefu/sdk/client';

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
