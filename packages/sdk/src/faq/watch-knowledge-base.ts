import { watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { type KnowledgeBase, parseKnowledgeBase } from './knowledge-base.ts';
import { parseKnowledgeBaseCsv } from './knowledge-base-csv.ts';

/**
 * Node-only (kept out of `faq/index.ts` so browser bundles never see `node:fs`). Watches a `.json`
 * or `.csv` knowledge base and calls `onReload` with each valid new version; an invalid edit calls
 * `onError` and the engine keeps serving the last good one. Editors save in bursts (truncate, write,
 * rename), so changes are debounced.
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
): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  const load = async () => {
    try {
      const text = await readFile(file, 'utf8');
      const kb = file.toLowerCase().endsWith('.csv')
        ? parseKnowledgeBaseCsv(text)
        : parseKnowledgeBase(JSON.parse(text));
      if (!closed) onReload(kb);
    } catch (error) {
      if (!closed) onError(error);
    }
  };
  const watcher = watch(file, () => {
    clearTimeout(timer);
    timer = setTimeout(load, debounceMs);
  });
  watcher.on('error', onError);
  return () => {
    closed = true;
    clearTimeout(timer);
    watcher.close();
  };
}
