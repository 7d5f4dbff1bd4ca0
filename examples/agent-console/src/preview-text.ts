import type { Strings } from './strings.ts';

/**
 * An inbox preview in the console's language: the hub tags a message that is not text in English
 * (`[photo] the box was crushed`, `[order] KF1001`, `[product] …`), which a Chinese console showed
 * as is. The tag is said in `t`'s words; the rest is the shopper's and stays as it was.
 * @example
 * previewText('[photo] 箱子破了', STRINGS.zh); // '[图片] 箱子破了'
 */
export function previewText(text: string, t: Strings): string {
  const tag = /^\[(photo|order|product)\]/.exec(text)?.[1] as 'photo' | 'order' | 'product' | undefined;
  return tag ? `[${t[tag]}]${text.slice(tag.length + 2)}` : text;
}
