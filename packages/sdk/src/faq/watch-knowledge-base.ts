import { watch } from 'node:fs';
import { basename, dirname } from 'node:path';
import { type Clock, systemClock } from '../clock.ts';
import { type KnowledgeBase, KnowledgeBaseError } from './knowledge-base.ts';
import { readKnowledgeBaseFile } from './knowledge-base-file.ts';

/**
 * Node-only (kept out of `faq/index.ts` so browser bundles never see `node:fs`). Watches a `.json`,
 * `.csv` or `.yaml` knowledge base and calls `onReload` with each valid new version; an invalid edit calls
 * `onError` (so does an `onReload` that throws or rejects) and the engine keeps serving the last good one. So does a version with no entries (a
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
  onReload: (kb: KnowledgeBase) => void | Promise<void>,
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
      if (!closed) await onReload(kb);
    } catch (error) {
      if (!closed) onError(error);
    }
  };
  // The folder is watched, not the file: a watch on the file follows its inode, and a save that
  // writes a new file and renames it over the old one (editors' safe save, git, rsync) left the
  // watch on the replaced inode, so every later edit went unnoticed until a restart.
  const name = basename(file);
  const watcher = watch(dirname(file), (_event, changed) => {
    if (changed !== null && String(changed) !== name) return;
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
