import { languageOf } from '../text/hub-language.ts';
import { entryWrittenLanguage, HAN, LATIN } from './entry-language.ts';
import type { KnowledgeBaseEntry } from './knowledge-base.ts';

/** A finding of the knowledge-base doctor (`checkKnowledgeBase`): see {@link findLocaleMismatches}. */
export interface LocaleMismatchFinding {
  kind: 'locale_mismatch';
  severity: 'warning';
  entryId: string;
  /** The entry's `locale`, or the file's when the entry has none. */
  locale: string;
  message: string;
}

/**
 * Entries whose locale says one language while their question and answer are written in the other
 * (a Chinese entry marked `en`): the engine ranks an entry for shoppers of its locale's language
 * first, so the one it was written for meets it only when nothing else matches. QA found the doctor
 * calling such an entry "unreachable" without naming why.
 */
export function findLocaleMismatches(
  entries: readonly KnowledgeBaseEntry[],
  kbLocale: string | undefined,
): LocaleMismatchFinding[] {
  const findings: LocaleMismatchFinding[] = [];
  for (const entry of entries) {
    const locale = entry.locale ?? kbLocale;
    if (!locale) continue;
    const written = entryWrittenLanguage(entry);
    const said = languageOf(locale) === 'zh' ? HAN : LATIN;
    if (written === 0 || written === said) continue;
    const language = written === HAN ? 'Chinese' : 'English';
    findings.push({
      kind: 'locale_mismatch',
      severity: 'warning',
      entryId: entry.id,
      locale,
      message: `${entry.locale ? 'its locale' : "the file's locale"} is "${locale}" but the question and answer are written in ${language}: shoppers writing ${language} are offered it only when nothing else matches; set locale to ${written === HAN ? 'zh-CN (or zh-TW)' : 'en'}${entry.locale ? ', or remove it' : ''}`,
    });
  }
  return findings;
}
