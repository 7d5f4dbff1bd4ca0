import { useRef, useState } from 'preact/hooks';
import type { Strings } from '../strings.ts';

/** The hub's bounds on a conversation's tags (protocol `AgentTags`). */
export const MAX_TAGS = 20;
export const MAX_TAG_CHARS = 40;

/** Tags shown as chips, nothing else: the inbox rows use these. */
export function TagChips({ tags, t }: { tags: readonly string[] | undefined; t: Strings }) {
  if (!tags?.length) return null;
  return (
    <ul class="tag-chips" aria-label={t.tags}>
      {tags.map((tag) => (
        <li key={tag} class="tag-chip" data-tag={tag}>
          {tag}
        </li>
      ))}
    </ul>
  );
}

/**
 * The conversation's tags as chips with a remove button each, and an input that adds one on
 * Enter. `tags` comes from the conversation's state, so a chip appears once the hub has it;
 * `onChange` saves the whole new list (the hub replaces the tags).
 */
export function TagEditor({
  conversationId,
  tags,
  t,
  onChange,
}: {
  conversationId: string;
  tags: readonly string[];
  t: Strings;
  onChange: (tags: string[]) => Promise<boolean>;
}) {
  const [text, setText] = useState('');
  const inputId = `tag-input-${conversationId}`;
  const full = tags.length >= MAX_TAGS;
  // Saves run one at a time, each on the list the one before it asked for (the hub replaces the
  // whole list): a tag added while another is saving joins it. Before, Enter did nothing then
  // (the add button was disabled), and "refund⏎vip⏎" typed quickly left vip in the box, unsaved.
  const latest = useRef(tags);
  latest.current = tags;
  const asked = useRef<readonly string[] | null>(null);
  const queue = useRef<Promise<unknown>>(Promise.resolve());

  function save(change: (current: readonly string[]) => string[] | null): Promise<boolean> {
    const done = queue.current.then(async () => {
      const next = change(asked.current ?? latest.current);
      if (!next) return true;
      asked.current = next;
      const ok = await onChange(next).catch(() => false);
      // A refused list is not the hub's: the next save starts from what the hub holds.
      if (!ok) asked.current = null;
      return ok;
    });
    queue.current = done;
    return done.finally(() => {
      if (queue.current === done) asked.current = null;
    });
  }

  async function add() {
    const tag = text.trim().slice(0, MAX_TAG_CHARS);
    if (!tag || full) return;
    // Empty at once (the chip may come back from the hub before the save's answer does); on
    // failure the tag comes back into the box unless something new was typed meanwhile.
    setText('');
    const ok = await save((current) =>
      // Tags compare as typed, so 'Refund' and 'refund' stay one tag whichever came first.
      current.some((x) => x.toLowerCase() === tag.toLowerCase()) || current.length >= MAX_TAGS
        ? null
        : [...current, tag],
    );
    if (!ok) setText((now) => (now === '' ? tag : now));
  }

  /** From the keyboard, focus goes to the tag box: the chip took it to <body>. */
  async function remove(tag: string, focused: boolean) {
    await save((current) => current.filter((x) => x !== tag));
    if (focused) document.getElementById(inputId)?.focus();
  }

  return (
    <section class="conv-tags" aria-labelledby={`${inputId}-title`}>
      <h3 id={`${inputId}-title`} class="sr-only">
        {t.tags}
      </h3>
      {tags.length > 0 ? (
        <ul class="tag-chips" aria-label={t.tags}>
          {tags.map((tag) => (
            <li key={tag} class="tag-chip" data-tag={tag}>
              {tag}
              <button
                type="button"
                class="x"
                aria-label={t.removeTag(tag)}
                onClick={(e) => void remove(tag, document.activeElement === e.currentTarget)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <form
        class="tag-add"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <label for={inputId} class="sr-only">
          {t.addTag}
        </label>
        <input
          id={inputId}
          type="text"
          value={text}
          maxLength={MAX_TAG_CHARS}
          disabled={full}
          placeholder={full ? t.tagsFull(MAX_TAGS) : t.addTagPlaceholder}
          aria-describedby={full ? `${inputId}-full` : undefined}
          onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
          onKeyDown={(e) => {
            // Enter while an IME is composing picks a candidate; it must not add the tag.
            if (e.key === 'Enter' && (e.isComposing || e.keyCode === 229)) e.preventDefault();
          }}
        />
        <button type="submit" class="small secondary" disabled={full || !text.trim()}>
          {t.addTag}
        </button>
        {full ? (
          <span id={`${inputId}-full`} class="hint">
            {t.tagsFull(MAX_TAGS)}
          </span>
        ) : null}
      </form>
    </section>
  );
}
