import type { ScriptConversion } from '../text/chinese-script.ts';
import { type ConvertScript, convertOutsideLinks } from '../text/script-converter.ts';
import { createScriptView, type ShowInScript } from '../text/script-view.ts';
import { entryScript } from './entry-script.ts';
import type { KnowledgeBaseEntry } from './knowledge-base.ts';

/** An entry as a shopper of `readerLocale` is shown it (see {@link createShopperScript}). */
export type ShowEntry = ShowInScript<KnowledgeBaseEntry>;

/**
 * Shows knowledge-base entries in the shopper's script: a Simplified entry to a zh-TW shopper in
 * Taiwan standard characters (zh-HK: Hong Kong's), a Traditional one to a zh-CN shopper in
 * Simplified; what the shopper sees (question, answer, quick-reply labels) is converted, the
 * payloads and the entry's id are not. Characters only, never words (软件 stays 軟件, not 軟體):
 * the answer is the merchant's wording, product and brand names included, and should say what
 * the merchant's pages say. Each entry is converted once per conversion and remembered for as
 * long as the entry lives (a reload's new entries are converted anew).
 * @example
 * const show = createShopperScript();
 * (await show(entry, 'zh-TW')).answer; // '頭髮乾了以後再發貨'
 */
export function createShopperScript(
  load?: (conversion: ScriptConversion) => Promise<ConvertScript>,
): ShowEntry {
  return createScriptView<KnowledgeBaseEntry>(
    { scriptOf: entryScript, localeOf: (entry) => entry.locale, convert: convertEntry },
    load,
  );
}

/**
 * The process's one {@link createShopperScript}: the bot's answers and the suggestions agent assist
 * makes from the same knowledge base share its conversions, so an entry converted for the bot is
 * not converted again for the agent.
 */
export const showInShopperScript: ShowEntry = createShopperScript();

function convertEntry(entry: KnowledgeBaseEntry, convert: ConvertScript): KnowledgeBaseEntry {
  const text = (value: string) => convertOutsideLinks(value, convert);
  const out: KnowledgeBaseEntry = { ...entry, question: text(entry.question), answer: text(entry.answer) };
  if (entry.quickReplies)
    out.quickReplies = entry.quickReplies.map((reply) => ({ ...reply, label: text(reply.label) }));
  return out;
}
