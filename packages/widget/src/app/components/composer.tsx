import { MAX_TEXT_CHARS } from '@kefu/protocol';
import { useRef, useState } from 'preact/hooks';
import type { Strings } from '../strings.ts';

export interface ComposerProps {
  t: Strings;
  /** False while disconnected: the composer still takes messages and says they will go later. */
  online: boolean;
  /** Returns false when the text could not be queued (empty or too long): the draft stays. */
  onSend(text: string): boolean;
  onTyping?(on: boolean): void;
  /** Photos picked (the attach button) or pasted; without it the composer takes text only. */
  onFiles?(files: File[]): void;
  /**
   * Whether photos are taken is not known yet: the button's place is kept from the first drawing,
   * filled if they are, left empty for this opening if not, so the message box never moves.
   */
  slot?: boolean;
  /** Photos wait in the tray: sending is possible without text (the text is their caption). */
  photos?: boolean;
  max?: number;
  inputRef?: preact.RefObject<HTMLTextAreaElement | null>;
  /** Where the unsent text is kept: it outlives the composer (the panel closed, the page reloaded). */
  draft?: { text: string };
}

/** How close to the limit the counter appears. */
const COUNTER_FROM = 200;

/**
 * The message box. IME-safe: an Enter that confirms a Chinese or Japanese composition
 * (`isComposing`, or keyCode 229 on engines that end the composition first) never sends.
 * Shift+Enter is a new line.
 */
export function Composer({
  t,
  online,
  onSend,
  onTyping,
  onFiles,
  slot,
  photos,
  max = MAX_TEXT_CHARS,
  inputRef,
  draft = { text: '' },
}: ComposerProps) {
  const [text, setDraft] = useState(draft.text);
  const setText = (next: string) => {
    draft.text = next;
    setDraft(next);
  };
  const [reserved] = useState(slot);
  const composing = useRef(false);
  const typingSince = useRef(0);
  const own = useRef<HTMLTextAreaElement>(null);
  const ref = inputRef ?? own;
  // Code points, as the protocol's limit counts them: an emoji is one character, not two.
  const length = [...text].length;
  const over = length - max;
  const canSend = (photos || text.trim().length > 0) && over <= 0;

  const grow = (el: HTMLTextAreaElement) => {
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, 120)}px`;
  };

  const submit = () => {
    if (!canSend) return;
    if (onSend(text)) {
      setText('');
      typingSince.current = 0;
      onTyping?.(false);
      const el = ref.current;
      if (el) {
        el.value = '';
        grow(el);
        // The send button, pressed, is disabled (nothing to send) and drops focus to the page: on a
        // phone that closed the keyboard after every message. The box takes it back.
        el.focus();
      }
    }
  };

  return (
    <form
      class="composer"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      {onFiles ? (
        // A label around the file input: the picker opens natively (camera included on phones), no script needed.
        <label class="icon-btn att" title={t.attach}>
          <input
            type="file"
            accept="image/*"
            multiple
            class="sr"
            aria-label={t.attach}
            onChange={(e) => {
              const el = e.currentTarget;
              onFiles([...(el.files ?? [])]);
              el.value = '';
            }}
          />
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <path d="M21 19V5a2 2 0 0 0-2-2H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2zM8.5 13.5l2.5 3 3.5-4.5 4.5 6H5z" />
          </svg>
        </label>
      ) : reserved ? (
        <i class="icon-btn" />
      ) : null}
      <textarea
        ref={ref}
        rows={1}
        value={text}
        // The browser counts UTF-16 units: room for `max` characters of any kind, and some over.
        maxLength={max * 2 + 1000}
        placeholder={t.placeholder}
        aria-label={t.placeholder}
        aria-describedby="kefu-hint"
        enterkeyhint="send"
        // Arabic, Hebrew or Uyghur typed in the left-to-right panel: laid out right to left as typed,
        // as its bubble is once sent (its punctuation at the sentence's end, not its start).
        dir="auto"
        onInput={(e) => {
          const el = e.currentTarget;
          setText(el.value);
          grow(el);
          // Tell the shop "typing" at most every 3 s, not on every key.
          const now = Date.now();
          if (onTyping && el.value && now - typingSince.current > 3000) {
            typingSince.current = now;
            onTyping(true);
          }
        }}
        onPaste={(e) => {
          const data = e.clipboardData;
          const files = [...(data?.files ?? [])];
          // A cell or text copied from Excel, Word or Numbers comes with a picture of itself beside its
          // text and HTML: the text is what was meant. A copied image has no text.
          if (files.length && onFiles && !(data?.getData('text/plain') && data.getData('text/html'))) {
            e.preventDefault();
            onFiles(files);
          }
        }}
        onCompositionStart={() => {
          composing.current = true;
        }}
        onCompositionEnd={() => {
          composing.current = false;
        }}
        onKeyDown={(e) => {
          if (e.key !== 'Enter' || e.shiftKey) return;
          if (e.isComposing || composing.current || e.keyCode === 229) return;
          e.preventDefault();
          submit();
        }}
        onBlur={() => {
          if (typingSince.current) {
            typingSince.current = 0;
            onTyping?.(false);
          }
        }}
      />
      <button type="submit" class="send" aria-label={t.send} disabled={!canSend}>
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M3.4 20.4 21 12 3.4 3.6 3.4 10l12.6 2-12.6 2z" />
        </svg>
      </button>
      <div id="kefu-hint" class="hint">
        {over > 0 ? (
          <span class="count over" role="status">
            {t.tooLong(over)}
          </span>
        ) : max - length <= COUNTER_FROM ? (
          <span class="count" role="status">
            {t.remaining(max - length)}
          </span>
        ) : (
          <span class="sr">{t.composerHint}</span>
        )}
        {online ? null : <span class="offline-note">{t.willSend}</span>}
      </div>
    </form>
  );
}
