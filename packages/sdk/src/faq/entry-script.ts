import { type ChineseScript, scriptOfLocale, scriptOfText } from '../text/chinese-script.ts';
import type { KnowledgeBaseEntry } from './knowledge-base.ts';

const scripts = new WeakMap<KnowledgeBaseEntry, ChineseScript | null>();
const fileLocales = new WeakMap<KnowledgeBaseEntry, string>();

/**
 * Remembers the knowledge base's own `locale` with its entries, for {@link entryScript} asked
 * later without the knowledge base at hand (the answerer shows an entry the engine returned).
 */
export function rememberFileLocale(
  entries: readonly KnowledgeBaseEntry[],
  kbLocale: string | undefined,
): void {
  if (kbLocale) for (const entry of entries) fileLocales.set(entry, kbLocale);
}

/**
 * The script an entry is written in: its own `locale` when that names one (zh-TW, zh-CN,
 * zh-Hant…), else what its question and answer are written in, else the knowledge base's
 * `locale` (a file-wide default says less about one entry than its own characters do).
 * Worked out once per entry object.
 * @example
 * entryScript({ id: 'ship', question: '多久出貨？', answer: '付款後 48 小時內出貨。', alternatives: [], tags: [] }); // 'Hant'
 */
export function entryScript(
  entry: KnowledgeBaseEntry,
  kbLocale: string | undefined = fileLocales.get(entry),
): ChineseScript | undefined {
  let script = scripts.get(entry);
  if (script === undefined) {
    script =
      scriptOfLocale(entry.locale) ??
      scriptOfText(`${entry.question}\n${entry.answer}`) ??
      scriptOfLocale(kbLocale) ??
      null;
    scripts.set(entry, script);
  }
  return script ?? undefined;
}
