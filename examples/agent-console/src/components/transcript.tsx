import type { OpenConversation } from '@kefu/sdk/agent';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ReadingPlace } from '../console-conversations.ts';
import type { ConsoleImages } from '../console-images.ts';
import type { Strings } from '../strings.ts';
import { ImageViewer } from './image-viewer.tsx';
import { pure } from './pure.ts';
import { blocksOf, EntryRows } from './transcript-rows.tsx';

/**
 * Messages and internal notes in time order. A live log: screen readers announce what arrives,
 * and the view keeps to the bottom unless the agent scrolled up to read. Photos show as
 * thumbnails that open the viewer. Drawn again only when its props change (not on each clock
 * tick, assist or inbox update the conversation's view draws on).
 */
export const Transcript = pure(function Transcript({
  conversation,
  t,
  typing,
  images,
  today,
  onLoadOlder,
  onFollowing,
  me,
  places,
}: {
  conversation: OpenConversation;
  t: Strings;
  typing: boolean;
  images: ConsoleImages;
  /**
   * Today's date (`dayKey`): rows show a clock time for today's messages and a date for older
   * ones, so at midnight they are drawn again (once a day, not on each tick).
   */
  today: string;
  onLoadOlder: () => void;
  /** Whether the log follows the newest (false while the agent reads further up): not read meanwhile. */
  onFollowing?: (following: boolean) => void;
  /** The signed-in agent's id (their own messages are not announced to them). */
  me?: string | undefined;
  /**
   * Where the agent left each conversation scrolled up: this log takes its place from it when it is
   * drawn (the agent is back on its tab) and leaves it there when it goes (another tab is shown).
   */
  places?: Map<string, ReadingPlace>;
}) {
  const log = useRef<HTMLDivElement>(null);
  /** The seq of the photo open in the viewer: the viewer reads the message held now, so fresh URLs reach it. */
  const [viewing, setViewing] = useState<number | undefined>(undefined);
  const viewed =
    viewing === undefined ? undefined : conversation.messages.find((m) => m.seq === viewing)?.content;
  const [place] = useState(() => places?.get(conversation.id));
  const pinned = useRef(place === undefined);
  /**
   * The last seq in the log when the agent scrolled up to read; undefined while it follows the
   * bottom. What the shopper wrote after it is counted on a "new messages" button: the log keeps
   * still while the agent reads, and nothing else told them the shopper had written.
   */
  const [readTo, setReadTo] = useState<number | undefined>(place?.readTo);
  const readToNow = useRef(readTo);
  readToNow.current = readTo;
  /** Where the log was last scrolled to: only a move up from there lets go of the bottom. */
  const lastTop = useRef(place?.top ?? 0);
  /** The frame that will scroll the log to the bottom, once for all that arrived before it. */
  const frame = useRef<number | undefined>(undefined);
  /** Set when "load earlier" was pressed with focus on it: it goes once the first message is in. */
  const olderFocused = useRef(false);
  const { messages, notes } = conversation;
  /**
   * The log's first seq as drawn, and, while an earlier page goes in above it, how far the view was
   * from the log's end. At the log's top the browser's scroll anchoring does nothing, so without
   * this the earlier page took the agent's place: they saw its first message, 50 above theirs.
   */
  const drawnFirst = useRef<{ id: string; seq: number } | undefined>(undefined);
  const keepFromEnd = useRef<number | undefined>(undefined);
  const firstSeq = messages[0]?.seq;
  const drawn = drawnFirst.current;
  if (
    firstSeq !== undefined &&
    drawn?.id === conversation.id &&
    firstSeq < drawn.seq &&
    log.current &&
    !pinned.current
  )
    // Read before the new rows are in the page (this render has not reached the DOM yet).
    keepFromEnd.current = log.current.scrollHeight - log.current.scrollTop;
  if (firstSeq !== undefined) drawnFirst.current = { id: conversation.id, seq: firstSeq };
  const blocks = useMemo(() => blocksOf(messages, notes), [messages, notes]);
  const last = messages.at(-1);
  let below = 0;
  for (let i = messages.length - 1; readTo !== undefined && i >= 0 && messages[i]!.seq > readTo; i--)
    if (messages[i]!.author.kind === 'shopper') below++;
  /** The agent's last message, once the shopper has read it: it says so. */
  const readSeq =
    last?.author.kind === 'agent' && conversation.shopperReadSeq >= last.seq ? last.seq : undefined;

  // Back on a tab the agent left scrolled up: at the same message, not at the newest.
  useLayoutEffect(() => {
    if (!place) return;
    if (log.current) log.current.scrollTop = place.top;
    onFollowing?.(false);
  }, []);
  // What the log holds changed: to the bottom, if it kept to it, in the next frame and before its
  // paint. Reading the log's height at once laid the page out on every message (a few ms each, most
  // of a burst's cost); a frame lays it out once for all the messages that came in it.
  useLayoutEffect(() => {
    const el = log.current;
    if (el && keepFromEnd.current !== undefined) {
      el.scrollTop = el.scrollHeight - keepFromEnd.current;
      lastTop.current = el.scrollTop;
      keepFromEnd.current = undefined;
    }
    if (el && pinned.current && frame.current === undefined)
      frame.current = requestAnimationFrame(() => {
        frame.current = undefined;
        if (!pinned.current) return;
        el.scrollTop = el.scrollHeight;
        lastTop.current = el.scrollTop;
      });
    // Focus left with the button would fall to <body>, and the next Tab would start at the header.
    if (el && olderFocused.current && !el.querySelector('button.older')) {
      olderFocused.current = false;
      if (document.activeElement === document.body) el.focus({ preventScroll: true });
    }
  }, [blocks, typing, readSeq]);
  useEffect(
    () => () => {
      cancelAnimationFrame(frame.current ?? 0);
      const id = conversation.id;
      if (pinned.current || readToNow.current === undefined) places?.delete(id);
      else places?.set(id, { top: lastTop.current, readTo: readToNow.current });
      onFollowing?.(true);
    },
    [],
  );

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
          const top = el.scrollTop;
          const up = top < lastTop.current;
          lastTop.current = top;
          // Held at the bottom, only a move up lets go: the browser reports the log's own scroll to
          // the bottom at a later frame, and a message drawn before it made that read as "scrolled up".
          if (up || !pinned.current) pinned.current = el.scrollHeight - top - el.clientHeight < 40;
          if (pinned.current !== (readTo === undefined)) {
            setReadTo(pinned.current ? undefined : (last?.seq ?? 0));
            onFollowing?.(pinned.current);
          }
        }}
      >
        {(messages[0]?.seq ?? 1) > 1 ? (
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
        {blocks.map((b, i) => (
          <EntryRows
            key={b.key}
            entries={b.entries}
            shopperName={conversation.shopper.name}
            // The last message is in the last block.
            readSeq={i === blocks.length - 1 ? readSeq : undefined}
            me={me}
            conversationId={conversation.id}
            t={t}
            images={images}
            today={today}
            onView={setViewing}
          />
        ))}
        {typing ? (
          <div class="typing" aria-live="off">
            {t.typing}
          </div>
        ) : null}
        {below > 0 ? (
          <button
            type="button"
            class="new-below"
            onClick={(e) => {
              const el = log.current;
              if (!el) return;
              pinned.current = true;
              setReadTo(undefined);
              onFollowing?.(true);
              el.scrollTop = el.scrollHeight;
              lastTop.current = el.scrollTop;
              // The button goes: focus stays in the log, not on <body>.
              if (document.activeElement === e.currentTarget) el.focus({ preventScroll: true });
            }}
          >
            {t.unread(below)} ↓
          </button>
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
});
