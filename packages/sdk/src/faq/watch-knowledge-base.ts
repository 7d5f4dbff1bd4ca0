import { watch } from 'node:fs';
import { type Clock, systemClock } from '../clock.ts';
import { type KnowledgeBase, KnowledgeBaseError } from './knowledge-base.ts';
import { readKnowledgeBaseFile } from './knowledge-base-file.ts';

/**
 * Node-only (kept out of `faq/index.ts` so browser bundles never see `node:fs`). Watches a `.json`,
 * `.csv` or `.yaml` knowledge base and calls `onReload` with each valid new version; an invalid edit calls
 * `onError` and the engine keeps serving the last good one. So does a version with no entries (a
 * spreadsheet's header row alone, a file caught empty mid-save): reloaded, the bot declined every
 * question (the HTTP import refuses one too). Editors save in bursts (truncate, write, rename), so
 * changes are debounced.
 *
 * @example
 * const stop = watchKnowledgeBase('kb/faq.zh.json', (kb) => engine.reload(kb), (err) => log.warn(err));
 * // later: stop();
 */
export function watchKnowledgeBase(
  file: string,
  onReload: (kb: KnowledgeBase) => void,
  onError: (error: unknown) => void = () => {},
  debounceMs = 150,
  clock: Clock = systemClock,
): () => void {
  let timer: unknown;
  let closed = false;
  const load = async () => {
    try {
      const kb = await readKnowledgeBaseFile(file);
      if (!kb.entries.length)
        throw new KnowledgeBaseError([
          {
            path: 'entries',
            message: `${file} has none now: the last version it had stays in use (to turn the bot's answers off, take the knowledge base out of the hub's options)`,
          },
        ]);
      if (!closed) onReload(kb);
    } catch (error) {
      if (!closed) onError(error);
    }
  };
  const watcher = watch(file, () => {
    clock.clearTimeout(timer);
    timer = clock.setTimeout(() => void load(), debounceMs);
  });
  watcher.on('error', onError);
  return () => {
    closed = true;
    clock.clearTimeout(timer);
    watcher.close();
  };
}
