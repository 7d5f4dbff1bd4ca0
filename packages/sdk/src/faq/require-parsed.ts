import type { KnowledgeBase, KnowledgeBaseEntry } from './knowledge-base.ts';

/**
 * Throws a `TypeError` naming `where` unless `kb` is a knowledge base as the parsers return it.
 * The engine reads parsed entries (alternatives and tags always lists); a file name, a promise
 * (a missing `await`) or raw JSON would otherwise fail deep inside it with no hint of the cause.
 * @example
 * requireParsedKnowledgeBase(kb, 'createFaqEngine');
 */
export function requireParsedKnowledgeBase(kb: unknown, where: string): asserts kb is KnowledgeBase {
  const parsers =
    'parseKnowledgeBase(json), parseKnowledgeBaseCsv(text) or await readKnowledgeBaseFile(path)';
  if (typeof kb === 'string')
    throw new TypeError(
      `${where}: takes a parsed knowledge base, not a file name: await readKnowledgeBaseFile(${JSON.stringify(kb)})`,
    );
  if (typeof (kb as { then?: unknown } | null)?.then === 'function')
    throw new TypeError(`${where}: the knowledge base is a promise: await readKnowledgeBaseFile(…) first`);
  const entries = (kb as { entries?: unknown } | null)?.entries;
  if (!Array.isArray(entries))
    throw new TypeError(`${where}: takes a parsed knowledge base { version, entries } (${parsers})`);
  const bad = entries.findIndex((e: Partial<Record<keyof KnowledgeBaseEntry, unknown>> | null) => {
    return (
      typeof e?.id !== 'string' ||
      typeof e.question !== 'string' ||
      typeof e.answer !== 'string' ||
      !Array.isArray(e.alternatives) ||
      !Array.isArray(e.tags)
    );
  });
  if (bad >= 0)
    throw new TypeError(`${where}: entries[${bad}] is not a parsed entry; read the file with ${parsers}`);
}
