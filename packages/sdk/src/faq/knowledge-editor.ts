import { isDeepStrictEqual } from 'node:util';
import { KefuError } from '@kefu/protocol';
import { type FaqEngine, gradualReload } from './faq-engine.ts';
import {
  checkKnowledgeBaseLimits,
  type KnowledgeBase,
  type KnowledgeBaseEntry,
  KnowledgeBaseError,
  parseKnowledgeBase,
  parseKnowledgeBaseEntry,
} from './knowledge-base.ts';
import { type KnowledgeBaseFormat, parseKnowledgeBaseAs } from './knowledge-base-file.ts';

export type { KnowledgeBaseFormat };

/** What a hub edits its knowledge base through: the engine it answers with, and where edits go. */
export interface KnowledgeBaseOptions {
  /** The knowledge base as loaded (e.g. `parseKnowledgeBase(JSON.parse(file))`). */
  base: KnowledgeBase;
  /** The engine your `answer` plug-in and agent assist use: every edit reloads it. */
  engine: FaqEngine;
  /**
   * Called with the whole knowledge base after each edit, e.g. to write it back to its file or
   * a database: the hub keeps edits in memory only. An error fails the edit's caller (the
   * engine already serves the edit).
   */
  onChange?: (kb: KnowledgeBase) => void | Promise<void>;
}

/**
 * Why the knowledge-base routes (and the console's `kb.*` edits) answer `not_found`. A config-file hub with one file per language has a
 * knowledge base but none to edit, and "options.knowledgeBase" alone sent its merchant looking
 * for an option their config already sets.
 */
export const NO_KNOWLEDGE_BASE =
  'this hub has no knowledge base to edit: pass createHub the knowledgeBase option, or give a config file one knowledgeBase file (with one file per language, edit the files; the hub reloads them)';

/** Entries CRUD and imports on a live knowledge base. Every change is validated first, as a file load would validate it. */
export interface KnowledgeEditor {
  entries(): KnowledgeBaseEntry[];
  /** Counts the changes made through this editor (0 as loaded): what was computed from `entries()` at one revision holds until the next. */
  readonly revision: number;
  get(id: string): KnowledgeBaseEntry | undefined;
  /** Adds the entry, or replaces the one with its id. */
  put(entry: KnowledgeBaseEntry): Promise<{ created: boolean }>;
  /** False when there was no such entry. */
  remove(id: string): Promise<boolean>;
  /**
   * Imports a knowledge base file: `merge` adds its entries and replaces those with the same id,
   * `replace` swaps the whole base. All or nothing: one invalid entry changes nothing. Answers how
   * many entries the file held and their ids.
   * @example
   * await hub.admin.knowledge?.importText(csv, 'csv', 'merge');
   */
  importText(
    text: string,
    format: KnowledgeBaseFormat,
    mode: 'merge' | 'replace',
  ): Promise<{ entries: number; ids: string[] }>;
}

/** How many of its own latest bases the editor recognises when the file watcher reads them back. */
const OWN_BASES_KEPT = 4;

/**
 * Holds the current knowledge base; an edit builds the next one, checks what it changed as
 * `parseKnowledgeBase` would (so the API refuses exactly what a file load would), reloads the
 * engine and hands it to `onChange`.
 * @example
 * const editor = createKnowledgeEditor({ base: kb, engine, onChange: (kb) => writeFile('faq.json', JSON.stringify(kb)) });
 */
export function createKnowledgeEditor(options: KnowledgeBaseOptions): KnowledgeEditor {
  let current = parseKnowledgeBase(options.base);
  let revision = 0;
  // The engine is also reloaded from outside the editor (watchKnowledgeBase when the file changes:
  // the merchant's edit, another node's). That base is the one the next edit builds on; else the
  // edit would serve, and write back, the base as loaded at start, dropping the file's change.
  const { engine } = options;
  const reload = engine.reload.bind(engine);
  // An edit's index is built over turns of the event loop where the engine can (a 10,000-entry
  // base held every conversation of the hub for 0.16-1 s per edit); a merchant's own engine at once.
  const rebuild =
    gradualReload(engine) ??
    (async (next: KnowledgeBase) => {
      reload(next);
      return true;
    });
  const apply = (next: KnowledgeBase) => {
    reload(next);
    current = next;
    revision++;
  };
  // The watcher also hears the editor's own write-backs, late: one read before the next edit's
  // write landed would take that edit back (and the edit after it would save the loss). Those
  // echoes are the bases the editor made itself, so the last few are recognised and ignored.
  // Compared only when the watcher reloads: a JSON.stringify of each edit's base took 10 ms of the
  // event loop per edit of 10,000 entries.
  const ownBases: KnowledgeBase[] = [];
  engine.reload = (next) => {
    if (!ownBases.some((own) => isDeepStrictEqual(own, next))) apply(next);
  };
  // Edits one after another, each on the base the one before left: an edit's build takes turns of
  // the event loop, and two edits built on the same base would each drop the other's change.
  let editing: Promise<unknown> = Promise.resolve();
  // onChange calls run one after another, so a slow save never overwrites a later one.
  let saving: Promise<unknown> = Promise.resolve();
  /**
   * Runs `edit` on the current base; `next` undefined changes nothing, and `edit` has checked what it
   * changed (a base as loaded is valid, so only the changed entries and the whole-base limits need
   * checking). Resolves once it is saved.
   */
  const commit = async <T>(edit: (kb: KnowledgeBase) => { next?: KnowledgeBase; result: T }): Promise<T> => {
    const run = editing.then(async () => {
      for (;;) {
        const base = current;
        const { next, result } = edit(base);
        if (!next) return { result, save: undefined };
        const swapped = await rebuild(next);
        // The file watcher reloaded the engine meanwhile: the edit again, on that base.
        if (!swapped || current !== base) continue;
        current = next;
        revision++;
        ownBases.unshift(next);
        ownBases.length = Math.min(ownBases.length, OWN_BASES_KEPT);
        const save = saving.then(() => options.onChange?.(next));
        saving = save.catch(() => {});
        return { result, save };
      }
    });
    editing = run.catch(() => {});
    // The next edit need not wait for this one's save: saves keep their own order.
    const { result, save } = await run;
    await save;
    return result;
  };
  const copy = (e: KnowledgeBaseEntry): KnowledgeBaseEntry => structuredClone(e);
  return {
    entries: () => current.entries.map(copy),
    get revision() {
      return revision;
    },
    get(id) {
      const found = current.entries.find((e) => e.id === id);
      return found ? copy(found) : undefined;
    },
    put: (raw) =>
      commit((kb) => {
        const at = kb.entries.findIndex((e) => e.id === raw.id);
        const created = at < 0;
        const entry = valid(() => parseKnowledgeBaseEntry(raw, created ? kb.entries.length : at));
        const entries = created ? [...kb.entries, entry] : kb.entries.map((e, i) => (i === at ? entry : e));
        return { next: checkedBase({ ...kb, entries }), result: { created } };
      }),
    remove: (id) =>
      commit((kb) => {
        const entries = kb.entries.filter((e) => e.id !== id);
        if (entries.length === kb.entries.length) return { result: false };
        return { next: { ...kb, entries }, result: true };
      }),
    async importText(text, format, mode) {
      const incoming = readKnowledgeBase(text, format);
      const ids = [...new Set(incoming.entries.map((e) => e.id))];
      const answer = { entries: incoming.entries.length, ids };
      if (mode === 'replace') return commit(() => ({ next: incoming, result: answer }));
      const replaced = new Set(ids);
      return commit((kb) => ({
        next: checkedBase({
          ...kb,
          entries: [...kb.entries.filter((e) => !replaced.has(e.id)), ...incoming.entries],
        }),
        result: answer,
      }));
    },
  };
}

/**
 * A file's text as a knowledge base to import; a syntax error is `invalid_frame` naming the format.
 * A file with no entries (a spreadsheet's header row alone, saved from the wrong sheet) is refused:
 * as a `replace` it emptied the knowledge base, and the bot declined every question, with a 200.
 */
function readKnowledgeBase(text: string, format: KnowledgeBaseFormat): KnowledgeBase {
  return valid(() => {
    const kb = parseKnowledgeBaseAs(format, text);
    if (!kb.entries.length)
      throw new KnowledgeBaseError([
        {
          path: 'entries',
          message: `the file has none (${format === 'csv' || format === 'tsv' ? 'a header row and no rows under it' : 'an empty list'}): an import adds or replaces entries; delete entries one by one`,
        },
      ]);
    return kb;
  });
}

/** A base of entries each already checked, checked against the whole-base limits. */
function checkedBase(kb: KnowledgeBase): KnowledgeBase {
  valid(() => checkKnowledgeBaseLimits(kb.entries));
  return kb;
}

/** Runs a knowledge-base parser, turning its issues into one `invalid_frame` error. */
function valid<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof KnowledgeBaseError)
      throw new KefuError('invalid_frame', error.message, { cause: error });
    throw error;
  }
}
