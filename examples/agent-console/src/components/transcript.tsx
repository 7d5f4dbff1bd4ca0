import type { Message, Note } from '@kefu/protocol';
import type { OpenConversation } from '@kefu/sdk/agent';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ConsoleImages } from '../console-images.ts';
import type { Strings } from '../strings.ts';
import { formatTime } from '../time-format.ts';
import { ImageMessage } from './image-message.tsx';
import { ImageViewer } from './image-viewer.tsx';
import { MessageBody } from './message-body.tsx';
import { Said } from './said.tsx';

type Entry = { at: number; message: Message } | { at: number; note: Note };

/**
 * Messages and internal notes in time order. A live log: screen readers announce what arrives,
 * and the view keeps to the bottom unless the agent scrolled up to read. Photos show as
 * thumbnails that open the viewer.
 */
export function Transcript({
  conversation,
  t,
  typing,
  images,
  onLoadOlder,
}: {
  conversation: OpenConversation;
  t: Strings;
  typing: boolean;
  images: ConsoleImages;
  onLoadOlder: () => void;
}) {
  const log = useRef<HTMLDivElement>(null);
  /** The seq of the photo open in the viewer: the viewer reads the message held now, so fresh URLs reach it. */
  const [viewing, setViewing] = useState<number | undefined>(undefined);
  const viewed = conversation.messages.find((m) => m.seq === viewing)?.content;
  const pinned = useRef(true);
  /** Set when "load earlier" was pressed with focus on it: it goes once the first message is in. */
  const olderFocused = useRef(false);
  const entries: Entry[] = [
    ...conversation.messages.map((m) => ({ at: m.createdAt, message: m })),
    ...conversation.notes.map((n) => ({ at: n.createdAt, note: n })),
  ].sort((a, b) => a.at - b.at);
  const last = conversation.messages.at(-1)?.seq;

  // Before paint, in the task that drew the new message: a deferred effect let the browser's
  // scroll event (from the last scroll to the bottom) read the grown log as "scrolled up" first.
  useLayoutEffect(() => {
    const el = log.current;
    if (el && pinned.current) el.scrollTop = el.scrollHeight;
    // Focus left with the button would fall to <body>, and the next Tab would start at the header.
    if (el && olderFocused.current && !el.querySelector('button.older')) {
      olderFocused.current = false;
      if (document.activeElement === document.body) el.focus({ preventScroll: true });
    }
  });

  const author = (m: Message) =>
    m.author.kind === 'shopper'
      ? (conversation.shopper.name ?? t.shopper)
      : m.author.kind === 'agent'
        ? (m.author.name ?? m.author.kind)
        : m.author.kind === 'bot'
          ? (m.author.name ?? t.bot)
          : t.system;

  return (
    <>
      <div
        class="transcript"
        ref={log}
        role="log"
        aria-label={t.transcript}
        aria-live="polite"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling log must be reachable by keyboard (axe scrollable-region-focusable)
        tabIndex={0}
        onScroll={(e) => {
          const el = e.currentTarget;
          pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
        }}
      >
        {(conversation.messages[0]?.seq ?? 1) > 1 ? (
          <button
            type="button"
            class="link older"
            onClick={(e) => {
              olderFocused.current = document.activeElement === e.currentTarget;
              onLoadOlder();
            }}
          >
            {t.loadOlder}
          </button>
        ) : null}
        {entries.map((e) =>
          'note' in e ? (
            <div class="entry note" key={`n-${e.note.id}`} data-note={e.note.id}>
              <span class="meta">
                <span class="tag">{t.note}</span> {e.note.author.name} ·{' '}
                {formatTime(e.note.createdAt, t.lang)}
              </span>
              <span class="text" dir="auto">
                {e.note.text}
              </span>
            </div>
          ) : (
            <div
              class={`entry msg ${e.message.author.kind}`}
              key={`m-${e.message.seq}`}
              data-seq={e.message.seq}
            >
              {e.message.author.kind === 'system' ? null : (
                <span class="meta">
                  <Said text={author(e.message)} /> · {formatTime(e.message.createdAt, t.lang)}
                </span>
              )}
              {/* Each message in its own direction (an Arabic or Hebrew one among Chinese). */}
              <span class="text" dir="auto">
                {e.message.content.kind === 'image' ? (
                  <ImageMessage
                    conversationId={conversation.id}
                    seq={e.message.seq}
                    image={e.message.content}
                    images={images}
                    t={t}
                    onOpen={() => setViewing(e.message.seq)}
                  />
                ) : (
                  <MessageBody message={e.message} t={t} />
                )}
              </span>
              {e.message.author.kind === 'agent' &&
              e.message.seq === last &&
              conversation.shopperReadSeq >= e.message.seq ? (
                <span class="read">✓ {t.readUpTo}</span>
              ) : null}
            </div>
          ),
        )}
        {typing ? (
          <div class="typing" aria-live="off">
            {t.typing}
          </div>
        ) : null}
      </div>
      {viewing !== undefined && viewed?.kind === 'image' ? (
        <ImageViewer
          conversationId={conversation.id}
          seq={viewing}
          image={viewed}
          images={images}
          t={t}
          onClose={() => setViewing(undefined)}
        />
      ) : null}
    </>
  );
}
