import { isKefuError, KB_ENTRY_ID_PATTERN, type KbEntry } from '@kefu/protocol';
import { useEffect, useState } from 'preact/hooks';
import { actionErrorText } from '../action-error.ts';
import type { EditedEntry, EntriesState } from '../knowledge-entries-state.ts';
import type { KnowledgeStrings } from '../knowledge-strings.ts';
import { STRINGS } from '../strings.ts';
import { Modal } from './modal.tsx';

/** A field of the form, and for a phrasing its place in the list. */
type Field = { name: 'id' | 'question' | 'alternatives' | 'answer' | 'locale'; index?: number };

/**
 * The field a hub's refusal names: the API's schema says `entry.alternatives.1: …`, the protocol's
 * `entry.answer: too long …`, the knowledge-base parser `entries[3].question: …`.
 */
export function refusedField(message: string): Field | undefined {
  const m = /entr(?:y|ies\[\d+\])\.(id|question|alternatives|answer|locale)(?:\.(\d+)|\[(\d+)\])?/.exec(
    message,
  );
  if (!m) return undefined;
  const index = m[2] ?? m[3];
  return { name: m[1] as Field['name'], ...(index === undefined ? {} : { index: Number(index) }) };
}

/** What is wrong before sending (blank, an id the hub would refuse), so the common slips need no round trip. */
function checked(
  entry: KbEntry,
  isNew: boolean,
  t: KnowledgeStrings,
): { field: Field; text: string } | undefined {
  if (isNew && !KB_ENTRY_ID_PATTERN.test(entry.id))
    return { field: { name: 'id' }, text: entry.id ? t.badId : t.blankField(t.fieldId) };
  if (!entry.question.trim()) return { field: { name: 'question' }, text: t.blankField(t.fieldQuestion) };
  if (!entry.answer.trim()) return { field: { name: 'answer' }, text: t.blankField(t.fieldAnswer) };
  return undefined;
}

/** The entry as it goes to the hub: texts trimmed, phrasings left empty dropped, no empty language. */
function tidy(entry: KbEntry): KbEntry {
  const { locale, ...rest } = entry;
  return {
    ...rest,
    id: entry.id.trim(),
    question: entry.question.trim(),
    alternatives: entry.alternatives.map((a) => a.trim()).filter(Boolean),
    answer: entry.answer.trim(),
    ...(locale?.trim() ? { locale: locale.trim() } : {}),
  };
}

/**
 * The entry editor, a modal: focus moves into it (to its first field) and back to what opened it
 * on close; Esc closes. Main question, phrasings (add, edit, remove), answer and language; fields
 * it does not show (tags, scope, quick replies) are kept as read. A refusal is said inside it, in
 * the page's language, on the field it names.
 */
export function EntryEditor({
  entries,
  edited,
  t,
  lang,
}: {
  entries: EntriesState;
  edited: EditedEntry;
  t: KnowledgeStrings;
  lang: 'zh' | 'en';
}) {
  const isNew = edited.fingerprint === undefined;
  const [draft, setDraft] = useState(edited.entry);
  const [local, setLocal] = useState<{ field: Field; text: string } | undefined>(undefined);
  const [confirming, setConfirming] = useState(false);
  /** The phrasing input to focus after the list changed (added: the new one). */
  const [focusAlt, setFocusAlt] = useState<number | undefined>(undefined);
  useEffect(() => {
    if (focusAlt === undefined) return;
    document.querySelector<HTMLElement>(`[data-alt="${focusAlt}"]`)?.focus();
    setFocusAlt(undefined);
  }, [focusAlt]);
  useEffect(() => {
    if (confirming) document.querySelector<HTMLElement>('[data-keep]')?.focus();
  }, [confirming]);

  const cause = edited.error?.cause;
  const refusal = local ?? refusalText(cause, isNew, t, lang);
  const wrong = refusal?.field;
  const invalid = (name: Field['name'], index?: number) =>
    wrong?.name === name && (index === undefined || wrong.index === undefined || wrong.index === index)
      ? { 'aria-invalid': true as const, 'aria-describedby': 'entry-error' }
      : {};
  const set = (patch: Partial<KbEntry>) => setDraft({ ...draft, ...patch });
  const alts = draft.alternatives;
  const titleId = 'entry-editor-title';

  function save(asNew = false) {
    const entry = tidy(draft);
    const problem = checked(entry, isNew || asNew, t);
    setLocal(problem);
    if (problem) {
      document.querySelector<HTMLElement>(`[data-field="${problem.field.name}"]`)?.focus();
      return;
    }
    // Saved as new after the entry was deleted meanwhile: no fingerprint, so the hub creates it.
    if (asNew) entries.editing.value = { entry, ...(edited.error ? { error: edited.error } : {}) };
    void entries.save(entry);
  }

  return (
    <Modal labelledBy={titleId} onClose={() => entries.close()} class="dialog-box entry-editor">
      <form
        class="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <h2 id={titleId}>{isNew ? t.newEntryTitle : t.editorTitle(edited.entry.id)}</h2>
        {refusal ? (
          <div class="flash" role="alert" id="entry-error">
            <p>{refusal.text}</p>
            {isKefuError(cause) && cause.code === 'conflict' && !isNew ? (
              <button type="button" class="secondary" onClick={() => void entries.reload(edited.entry.id)}>
                {t.reload}
              </button>
            ) : null}
            {isKefuError(cause) && cause.code === 'not_found' && !isNew ? (
              <button type="button" class="secondary" onClick={() => save(true)}>
                {t.saveAsNew}
              </button>
            ) : null}
          </div>
        ) : null}
        {isNew ? (
          <div class="field">
            <label for="entry-id">{t.fieldId}</label>
            <input
              id="entry-id"
              data-field="id"
              value={draft.id}
              aria-required="true"
              aria-describedby="entry-id-help"
              {...invalid('id')}
              onInput={(e) => set({ id: (e.currentTarget as HTMLInputElement).value })}
            />
            <span id="entry-id-help" class="muted small">
              {t.idHelp}
            </span>
          </div>
        ) : null}
        <label class="field">
          <span>{t.fieldQuestion}</span>
          <input
            data-field="question"
            value={draft.question}
            aria-required="true"
            maxLength={500}
            {...invalid('question')}
            onInput={(e) => set({ question: (e.currentTarget as HTMLInputElement).value })}
          />
        </label>
        <fieldset class="alternatives">
          <legend>{t.fieldAlternatives}</legend>
          <ol>
            {alts.map((a, i) => (
              <li key={i}>
                <label class="inline">
                  <span class="sr-only">{t.alternative(i + 1)}</span>
                  <input
                    data-alt={i}
                    data-field={i === 0 ? 'alternatives' : undefined}
                    value={a}
                    maxLength={500}
                    {...invalid('alternatives', i)}
                    onInput={(e) =>
                      set({
                        alternatives: alts.map((x, j) =>
                          j === i ? (e.currentTarget as HTMLInputElement).value : x,
                        ),
                      })
                    }
                  />
                </label>
                <button
                  type="button"
                  class="secondary"
                  aria-label={t.removeAlternative(i + 1)}
                  onClick={() => {
                    set({ alternatives: alts.filter((_, j) => j !== i) });
                    // Focus stays in the list: on the phrasing that took this one's place, else the add button.
                    if (alts.length > 1) setFocusAlt(Math.min(i, alts.length - 2));
                    else document.querySelector<HTMLElement>('[data-add-alt]')?.focus();
                  }}
                >
                  ×
                </button>
              </li>
            ))}
          </ol>
          <button
            type="button"
            class="secondary"
            data-add-alt
            disabled={alts.length >= 100}
            onClick={() => {
              set({ alternatives: [...alts, ''] });
              setFocusAlt(alts.length);
            }}
          >
            {t.addAlternative}
          </button>
        </fieldset>
        <label class="field">
          <span>{t.fieldAnswer}</span>
          <textarea
            data-field="answer"
            rows={4}
            value={draft.answer}
            aria-required="true"
            maxLength={4000}
            {...invalid('answer')}
            onInput={(e) => set({ answer: (e.currentTarget as HTMLTextAreaElement).value })}
          />
        </label>
        <div class="field">
          <label for="entry-locale">{t.fieldLocale}</label>
          <input
            id="entry-locale"
            data-field="locale"
            value={draft.locale ?? ''}
            maxLength={35}
            list="entry-locales"
            aria-describedby="entry-locale-help"
            {...invalid('locale')}
            onInput={(e) => set({ locale: (e.currentTarget as HTMLInputElement).value })}
          />
          <datalist id="entry-locales">
            <option value="zh-CN" />
            <option value="zh-TW" />
            <option value="en" />
          </datalist>
          <span id="entry-locale-help" class="muted small">
            {t.localeHelp}
          </span>
        </div>
        {confirming ? (
          <div class="notice" role="alert">
            <p>{t.confirmDelete}</p>
            <button type="button" class="danger" disabled={edited.busy} onClick={() => void entries.remove()}>
              {t.deleteYes}
            </button>
            <button type="button" class="secondary" data-keep onClick={() => setConfirming(false)}>
              {t.keep}
            </button>
          </div>
        ) : null}
        <div class="actions">
          <button type="submit" disabled={edited.busy}>
            {edited.busy ? t.saving : t.save}
          </button>
          <button type="button" class="secondary" onClick={() => entries.close()}>
            {t.close}
          </button>
          {isNew || confirming ? null : (
            <button type="button" class="secondary danger" onClick={() => setConfirming(true)}>
              {t.deleteEntry}
            </button>
          )}
        </div>
      </form>
    </Modal>
  );
}

/** A refusal from the hub in the page's words, and the field it names. */
function refusalText(
  cause: unknown,
  isNew: boolean,
  t: KnowledgeStrings,
  lang: 'zh' | 'en',
): { field?: Field; text: string } | undefined {
  if (cause === undefined) return undefined;
  if (!isKefuError(cause)) return { text: actionErrorText(cause, STRINGS[lang]) };
  if (cause.code === 'not_found' && !isNew) return { text: t.entryRefused.gone };
  if (cause.code === 'conflict')
    return isNew ? { field: { name: 'id' }, text: t.entryRefused.idTaken } : { text: t.entryRefused.changed };
  if (cause.code === 'invalid_frame') {
    const field = refusedField(cause.message);
    if (field) return { field, text: t.invalidField(fieldLabel(field, t)) };
  }
  return { text: actionErrorText(cause, STRINGS[lang]) };
}

function fieldLabel(field: Field, t: KnowledgeStrings): string {
  switch (field.name) {
    case 'id':
      return t.fieldId;
    case 'question':
      return t.fieldQuestion;
    case 'answer':
      return t.fieldAnswer;
    case 'locale':
      return t.fieldLocale;
    case 'alternatives':
      return field.index === undefined ? t.fieldAlternatives : t.alternative(field.index + 1);
  }
}
