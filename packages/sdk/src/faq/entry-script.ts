import { type ChineseScript, scriptOfLocale, scriptOfText } from '../text/chinese-script.ts';
import type { KnowledgeBaseEntry } from './knowledge-base.ts';

const scripts = new WeakMap<KnowledgeBaseEntry, ChineseScript | null>();

/**
 * The script an entry is written in: its own `locale` when that names one (zh-TW, zh-CN,
 * zh-Hant…), else the knowledge base's, else what its question and answer are written in.
 * Remembered per entry object: the index asks first (with the knowledge base's locale), the
 * answerer later gets the same answer without the knowledge base at hand.
 * @example
 * entryScript({ id: 'ship', question: '多久出貨？', answer: '付款後 48 小時內出貨。', alternatives: [], tags: [] }); // 'Hant'
 */
export function entryScript(entry: KnowledgeBaseEntry, kbLocale?: string): ChineseScript | undefined {
  let script = scripts.get(entry);
  if (script === undefined) {
    script =
      scriptOfLocale(entry.locale) ??
      scriptOfLocale(kbLocale) ??
      scriptOfText(`${entry.question}\n${entry.answer}`) ??
      null;
    scripts.set(entry, script);
  }
  return script ?? undefined;
}
