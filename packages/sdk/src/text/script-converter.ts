import type { ScriptConversion } from './chinese-script.ts';

/** A loaded conversion: text in, the same text in the other script out. */
export type ConvertScript = (text: string) => string;

const loading = new Map<ScriptConversion, Promise<ConvertScript>>();

/**
 * OpenCC's converter for one conversion, loaded on first use and then shared by the process.
 * Loaded lazily because the Simplified → Traditional one is big: its phrase table (what tells
 * 头发 → 頭髮 from 发货 → 發貨, 以后 → 以後 from 皇后) takes about 0.35 s to build and 45 MB
 * of heap, which a shop with no Taiwanese or Hong Kong shoppers never pays. The reverse ones
 * take about 30 ms and 2 MB.
 * @example
 * const toTaiwan = await loadScriptConverter('s2tw');
 * toTaiwan('头发干了以后再发货'); // '頭髮乾了以後再發貨'
 */
export function loadScriptConverter(conversion: ScriptConversion): Promise<ConvertScript> {
  let converter = loading.get(conversion);
  if (!converter) {
    converter = build(conversion);
    // A failed load (the package missing from a deployment) is tried again next time.
    converter.catch(() => loading.delete(conversion));
    loading.set(conversion, converter);
  }
  return converter;
}

async function build(conversion: ScriptConversion): Promise<ConvertScript> {
  const { ConverterBuilder } = await import('opencc-js/core');
  if (conversion === 's2tw' || conversion === 's2hk') {
    const preset = await import('opencc-js/preset/cn2t');
    return ConverterBuilder(preset)({ from: 'cn', to: conversion === 's2tw' ? 'tw' : 'hk' });
  }
  const preset = await import('opencc-js/preset/t2cn');
  return ConverterBuilder(preset)({ from: conversion === 'tw2s' ? 'tw' : 'hk', to: 'cn' });
}

/**
 * What must reach the shopper exactly as the merchant wrote it: links (a path may hold Chinese,
 * `https://shop.example/干洗`, and a converted one is another address), e-mail addresses, and
 * text in backticks (a code to type). Order numbers and product codes are Latin letters and
 * digits, which OpenCC never changes.
 */
// A link ends where the widget's link ends (client/message-links.ts): at whitespace, quotes or
// full-width punctuation, not at the first Chinese character. An address is tried only where a run
// of its characters starts: tried from every letter, a 4,000-letter word in an answer (a hostile
// knowledge base's) was read to its end from each, quadratic (0.16-0.34 s a call in a scratch run),
// each time it was sent to a shopper who reads the other script. Exported for that test.
export const KEEP =
  /(?:https?:\/\/|www\.)[^\s<>"'`，。！？、；：）」』】]*[^\s<>"'`，。！？、；：）」』】.,!?;:)\]}]|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+|`[^`\n]*`/giu;

/**
 * Converts `text` with `convert`, leaving links, e-mail addresses and backtick spans as written.
 * @example
 * convertOutsideLinks('详情见 https://shop.example/售后', toTaiwan); // '詳情見 https://shop.example/售后'
 */
export function convertOutsideLinks(text: string, convert: ConvertScript): string {
  let out = '';
  let at = 0;
  for (const kept of text.matchAll(KEEP)) {
    out += convert(text.slice(at, kept.index)) + kept[0];
    at = kept.index + kept[0].length;
  }
  return out + convert(text.slice(at));
}
