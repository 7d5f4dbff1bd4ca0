import { type CannedReply, MAX_NOTE_CHARS, MAX_TEXT_CHARS } from '@kefu/protocol';
import { useEffect, useRef, useState } from 'preact/hooks';
import { fillCanned, searchCanned } from '../canned.ts';
import type { ConsoleState } from '../console-state.ts';
import { markMatches } from '../message-text.ts';
import { QaWarning } from './qa-warning.tsx';

/** The `/query` being typed just before the caret: at the start or after a space. */
const TRIGGER = /(?:^|\s)\/([^\n/]{0,40})$/;

/** The composer's textarea id for a conversation, so other panels can focus it. */
export const composerId = (conversationId: string) => `composer-${conversationId}`;

/** Adds text to a draft: on its own line when the draft already has something. */
export function appendToDraft(draft: string, text: string): string {
  return draft.trim() ? `${draft.replace(/\s+$/, '')}\n${text}` : text;
}

/**
 * Focuses a conversation's reply box once `draft` (with `text` inserted at `at`) is in it, and
 * selects the first variable left unfilled ({orderId} with no order on the page), so typing the
 * value replaces it instead of the agent hunting for it after Send refused; else the caret goes
 * after the text. Waits a frame for the box to show the new draft.
 */
export function focusInserted(conversationId: string, draft: string, at: number, text: string): void {
  requestAnimationFrame(() => {
    const el = document.getElementById(composerId(conversationId)) as HTMLTextAreaElement | null;
    if (!el) return;
    el.focus();
    // Keys typed before this frame already moved the caret on; putting it back would split them.
    if (el.value !== draft) return;
    const unfilled = /\{\w+\}/.exec(text);
    if (unfilled) el.setSelectionRange(at + unfilled.index, at + unfilled.index + unfilled[0].length);
    else el.setSelectionRange(at + text.length, at + text.length);
  });
}

/** How near the limit (as a share of it) the composer starts showing its length. */
const COUNTER_FROM = 0.9;

/** The first image among pasted or picked files. */
const firstImage = (files: FileList | null | undefined) =>
  [...(files ?? [])].find((f) => f.type.startsWith('image/'));

/**
 * Reply (or internal note) composer. `/` opens the canned-reply search (title, category, text),
 * arrows choose, Enter inserts with {name} and {orderId} filled in (and stages the reply's image,
 * if it has one); Ctrl+Enter sends. An image is attached with the button, pasted or dropped; it is uploaded
 * on send, with the reply as its caption. A message quality inspection holds back stays here with
 * the reasons, to edit or send anyway.
 */
export function Composer({ state, conversationId }: { state: ConsoleState; conversationId: string }) {
  const t = state.t.value;
  const draft = state.drafts.value[conversationId] ?? '';
  const held = state.held.value[conversationId];
  const attachment = state.images.staged.value[conversationId];
  const picker = useRef<HTMLInputElement>(null);
  const closed = state.active.value?.state.status === 'closed';
  const [mode, setMode] = useState<'reply' | 'note'>('reply');
  // A hub without `images` refuses every upload: nothing to attach, by button, paste or drop.
  const attachable = mode === 'reply' && state.photos.value !== false;
  const [caret, setCaret] = useState(0);
  const [dismissed, setDismissed] = useState<number | undefined>(undefined);
  const [choice, setChoice] = useState(0);
  const [busy, setBusy] = useState(false);
  const box = useRef<HTMLTextAreaElement>(null);
  const typingOff = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const before = draft.slice(0, caret);
  const trigger = mode === 'reply' ? TRIGGER.exec(before) : null;
  const slashAt = trigger ? before.length - trigger[1]!.length - 1 : -1;
  const searching = trigger !== null && dismissed !== slashAt;
  const matches: CannedReply[] = searching
    ? searchCanned(state.canned.value, trigger![1]!, 8, state.replyLanguageOf(conversationId))
    : [];
  const listId = `canned-${conversationId}`;
  // What Send would send: a reply's variables filled from what the console knows. A variable it
  // does not know stays `{name}` and blocks sending, so a placeholder never reaches the shopper.
  const outgoing =
    mode === 'reply'
      ? fillCanned(draft, state.cannedContext(conversationId))
      : { text: draft, missing: [] as string[] };
  const text = outgoing.text.trim();
  const missing = outgoing.missing;
  // Code points, as the protocol counts them (`[...text].length`).
  const length = [...text].length;
  const max = mode === 'reply' ? MAX_TEXT_CHARS : MAX_NOTE_CHARS;
  const tooLong = length > max;
  const blocked = tooLong || missing.length > 0;

  useEffect(() => {
    setChoice(0);
  }, [trigger?.[1]]);
  useEffect(() => () => clearTimeout(typingOff.current), []);

  function setDraft(text: string, at = text.length) {
    state.setDraft(conversationId, text);
    setCaret(at);
  }

  function insertCanned(reply: CannedReply) {
    const { text } = fillCanned(reply.text, state.cannedContext(conversationId));
    const next = draft.slice(0, slashAt) + text + draft.slice(caret);
    setDraft(next, slashAt + text.length);
    setDismissed(undefined);
    state.suggested(conversationId, { kind: 'canned', id: reply.id });
    if (reply.image) state.images.attachCanned(conversationId, reply.image);
    focusInserted(conversationId, next, slashAt, text);
  }

  async function submit() {
    if ((!text && !(attachment && mode === 'reply')) || busy || blocked) return;
    setBusy(true);
    clearTimeout(typingOff.current);
    if (mode === 'reply') {
      state.typingOn(conversationId, false);
      await state.send(conversationId, text);
    } else if (await state.note(conversationId, text)) {
      const now = state.drafts.value[conversationId] ?? '';
      if (now === draft) {
        setDraft('');
        // The next thing typed is for the shopper again: staying in Note mode turned it into a note.
        setMode('reply');
      } else if (now.startsWith(draft)) {
        // Typed on after the note while it was saved (offline, say): the rest stays, a note; the
        // saved note itself goes, or the next Save would write it twice.
        setDraft(now.slice(draft.length).trimStart());
      }
    }
    setBusy(false);
  }

  function onKeyDown(e: KeyboardEvent) {
    if (e.isComposing || e.keyCode === 229) return;
    if (searching && matches.length > 0) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        setChoice((c) => (c + (e.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length);
        return;
      }
      if ((e.key === 'Enter' && !e.ctrlKey && !e.metaKey) || e.key === 'Tab') {
        e.preventDefault();
        insertCanned(matches[Math.min(choice, matches.length - 1)]!);
        return;
      }
    }
    if (searching && e.key === 'Escape') {
      // Closes the search only; a dialog behind does not see this Escape.
      e.preventDefault();
      e.stopPropagation();
      setDismissed(slashAt);
      return;
    }
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void submit();
    }
  }

  function onPaste(e: ClipboardEvent) {
    const data = e.clipboardData;
    // A cell or text copied from Excel, Word or Numbers comes with a picture of itself beside its text
    // and HTML: the text is what was meant. A copied image or a screenshot has no text.
    if (data?.getData('text/plain') && data.getData('text/html')) return;
    const image = attachable ? firstImage(data?.files) : undefined;
    if (!image) return;
    e.preventDefault();
    state.images.attach(conversationId, image, image.name || 'pasted image');
  }

  function onInput(e: Event) {
    const el = e.currentTarget as HTMLTextAreaElement;
    setDraft(el.value, el.selectionStart ?? el.value.length);
    if (held) state.dismissHeld(conversationId);
    if (mode === 'reply') {
      state.typingOn(conversationId, true);
      clearTimeout(typingOff.current);
      typingOff.current = setTimeout(() => state.typingOn(conversationId, false), 3000);
    }
  }

  const activeOption = searching && matches.length > 0 ? `${listId}-${choice}` : undefined;

  return (
    <form
      class={`composer mode-${mode}`}
      // A picture dropped anywhere on the composer is attached, as one pasted or picked.
      onDragOver={(e) => {
        if (attachable && !closed && e.dataTransfer?.types.includes('Files')) e.preventDefault();
      }}
      onDrop={(e) => {
        const image = attachable && !closed ? firstImage(e.dataTransfer?.files) : undefined;
        if (!image) return;
        e.preventDefault();
        state.images.attach(conversationId, image);
      }}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      {held ? (
        <QaWarning
          held={held}
          t={t}
          onEdit={() => {
            state.dismissHeld(conversationId);
            box.current?.focus();
          }}
          onSendAnyway={() => void state.send(conversationId, held.text, true)}
        />
      ) : null}
      <div class="modes" role="radiogroup" aria-label={t.modeSwitch(mode === 'note')}>
        {(['reply', 'note'] as const).map((m) => (
          <label key={m} class={mode === m ? 'on' : ''}>
            <input
              type="radio"
              name={`mode-${conversationId}`}
              checked={mode === m}
              onChange={() => setMode(m)}
            />
            {m === 'reply' ? t.modeReply : t.modeNote}
          </label>
        ))}
      </div>
      {searching ? (
        <div class="canned-pop">
          {matches.length === 0 ? (
            <p class="muted">{t.cannedNone}</p>
          ) : (
            <div id={listId} role="listbox" aria-label={t.cannedSearch} class="options">
              {matches.map((reply, i) => (
                <div
                  key={reply.id}
                  id={`${listId}-${i}`}
                  role="option"
                  tabIndex={-1}
                  aria-selected={i === choice}
                  data-canned={reply.id}
                  onMouseDown={(e) => {
                    e.preventDefault();
                    insertCanned(reply);
                  }}
                >
                  <span class="title">
                    {reply.title}
                    {reply.category ? <span class="cat">{reply.category}</span> : null}
                    {reply.image ? <span class="cat">🖼 {t.withImage}</span> : null}
                  </span>
                  <span class="text">
                    {markMatches(reply.text, trigger![1]!.split(/\s+/).filter(Boolean)).map((p, k) =>
                      p.hit ? <mark key={k}>{p.text}</mark> : p.text,
                    )}
                  </span>
                </div>
              ))}
            </div>
          )}
          <p class="hint">{t.cannedHint}</p>
        </div>
      ) : null}
      {attachment && mode === 'reply' ? (
        <fieldset class="attachment" data-status={attachment.status}>
          <legend class="sr-only">{t.attachment}</legend>
          {attachment.source === 'file' && attachment.preview ? (
            <img src={attachment.preview} alt={attachment.name} />
          ) : attachment.source === 'canned' ? (
            <img src={state.images.src(attachment.url)} alt={attachment.alt} />
          ) : null}
          <span class="name">{attachment.source === 'file' ? attachment.name : attachment.alt}</span>
          {attachment.status === 'uploading' ? (
            <span class="uploading" role="status">
              <progress aria-label={t.uploading} /> {t.uploading}
            </span>
          ) : null}
          {attachment.status === 'failed' ? (
            <span class="error" role="alert">
              {attachment.error}
            </span>
          ) : null}
          <button
            type="button"
            class="secondary"
            disabled={attachment.status === 'uploading'}
            onClick={() => state.images.remove(conversationId)}
          >
            {t.removeAttachment}
          </button>
        </fieldset>
      ) : null}
      <div class="row">
        {state.photos.value === false ? null : (
          <>
            <input
              ref={picker}
              type="file"
              accept="image/*"
              class="sr-only"
              tabIndex={-1}
              aria-hidden="true"
              data-attach-input={conversationId}
              onChange={(e) => {
                const el = e.currentTarget;
                const image = el.files?.[0];
                if (image) state.images.attach(conversationId, image);
                el.value = '';
              }}
            />
            <button
              type="button"
              class="secondary attach"
              disabled={closed || mode !== 'reply' || attachment?.status === 'uploading'}
              onClick={() => picker.current?.click()}
            >
              {t.attachImage}
            </button>
          </>
        )}
        <textarea
          ref={box}
          id={composerId(conversationId)}
          rows={3}
          value={draft}
          disabled={closed}
          aria-label={mode === 'reply' ? t.composer : t.note}
          placeholder={mode === 'reply' ? t.composerPlaceholder : t.notePlaceholder}
          aria-activedescendant={activeOption}
          aria-controls={searching && matches.length > 0 ? listId : undefined}
          onInput={onInput}
          onPaste={onPaste}
          onKeyDown={onKeyDown}
          onKeyUp={(e) => setCaret((e.currentTarget as HTMLTextAreaElement).selectionStart ?? 0)}
          onClick={(e) => setCaret((e.currentTarget as HTMLTextAreaElement).selectionStart ?? 0)}
        />
        <button
          type="submit"
          disabled={closed || busy || blocked || (!text && !(attachment && mode === 'reply'))}
        >
          {mode === 'reply' ? t.send : t.saveNote}
        </button>
      </div>
      {state.sending.value[conversationId] ? (
        <p class="hint" role="status">
          {t.sending}
        </p>
      ) : null}
      {length >= max * COUNTER_FROM ? (
        <p class={`hint counter${tooLong ? ' warn' : ''}`} data-length={length} aria-live="polite">
          {tooLong ? t.tooLong(length, max) : t.lengthCount(length, max)}
        </p>
      ) : null}
      {missing.length > 0 ? (
        <p class="hint warn" role="status">
          {missing.map((m) => t.missingVariable(m)).join(' · ')}
        </p>
      ) : null}
    </form>
  );
}
