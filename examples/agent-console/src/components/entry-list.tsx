import { useEffect, useRef } from 'preact/hooks';
import { actionErrorText } from '../action-error.ts';
import type { EntriesState } from '../knowledge-entries-state.ts';
import type { KnowledgeStrings } from '../knowledge-strings.ts';
import { STRINGS } from '../strings.ts';
import { EntryEditor } from './entry-editor.tsx';
import { bidiSafe, Said } from './said.tsx';

/**
 * The knowledge page's entries: a search, the matching entries each with an Edit button, Add an
 * entry, and the editor when one is open. After a delete (its Edit button gone with it) focus goes
 * to the line saying what was done, not to the page's start.
 */
export function EntryList({
  entries,
  t,
  lang,
}: {
  entries: EntriesState;
  t: KnowledgeStrings;
  lang: 'zh' | 'en';
}) {
  const items = entries.items.value;
  const done = entries.done.value;
  const edited = entries.editing.value;
  // Checked again once the list is read anew: the editor gives focus back to the deleted entry's
  // Edit button as it closes, and only the new list takes that button (and focus) away. Once per
  // line, so a later list does not pull focus back to it.
  const told = useRef<typeof done>(undefined);
  useEffect(() => {
    if (!done || edited || told.current === done) return;
    if (document.activeElement && document.activeElement !== document.body) return;
    told.current = done;
    document.getElementById('entries-done')?.focus();
  }, [done, edited, items]);
  return (
    <section class="card-block" aria-labelledby="entries-title">
      <h2 id="entries-title">{t.entries}</h2>
      <p class="muted small">{t.entriesIntro}</p>
      <form
        class="entry-search"
        onSubmit={(e) => {
          e.preventDefault();
          void entries.search();
        }}
      >
        <label>
          <span>{t.search}</span>
          <input
            type="search"
            value={entries.query.value}
            onInput={(e) => {
              entries.query.value = (e.currentTarget as HTMLInputElement).value;
            }}
          />
        </label>
        <button type="submit" class="secondary">
          {t.searchButton}
        </button>
        <button type="button" onClick={() => entries.create()}>
          {t.addEntry}
        </button>
      </form>
      {done && !edited ? (
        <p class="notice" role="status" id="entries-done" tabIndex={-1}>
          {t.done[done.action](done.id)}
        </p>
      ) : null}
      {entries.error.value ? (
        <p class="flash" role="alert">
          {actionErrorText(entries.error.value.cause, STRINGS[lang])}
        </p>
      ) : null}
      {/* A status, there from the start: a search's result is said to a screen reader, not only drawn. */}
      <p class={items?.length === 0 ? 'muted' : 'muted small'} role="status">
        {items === undefined
          ? null
          : items.length === 0
            ? t.noEntries
            : entries.total.value > items.length
              ? t.entriesShown(items.length, entries.total.value)
              : t.entriesFound(items.length)}
      </p>
      {items === undefined || items.length === 0 ? null : (
        <ul class="entry-list">
          {items.map((e) => (
            <li key={e.id} data-entry={e.id}>
              <button
                type="button"
                class="link"
                aria-label={t.edit(bidiSafe(e.question))}
                onClick={() => void entries.open(e.id)}
              >
                <Said text={e.question} />
              </button>
              <code>{e.id}</code>
              <span class="muted small">{t.alternativesCount(e.alternatives)}</span>
              {e.locale ? <span class="muted small">{e.locale}</span> : null}
            </li>
          ))}
        </ul>
      )}
      {edited ? (
        <EntryEditor key={edited.fingerprint ?? 'new'} entries={entries} edited={edited} t={t} lang={lang} />
      ) : null}
    </section>
  );
}
