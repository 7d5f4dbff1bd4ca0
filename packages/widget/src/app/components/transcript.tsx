import type { Message } from '@kefu/protocol';
import type { OutboxEntry } from '@kefu/sdk/client/light';
import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Strings } from '../strings.ts';
import { Feedback } from './feedback.tsx';
import { MessageItem } from './message-item.tsx';
import { OutboxItem } from './outbox-item.tsx';
import type { PhotoActions } from './photo-thumb.tsx';

export interface TranscriptProps {
  messages: Message[];
  outbox: OutboxEntry[];
  agentReadSeq: number;
  online: boolean;
  t: Strings;
  locale: string;
  typingName?: string | null;
  /** Asks for the messages before the first one (a button above it while that is not seq 1). */
  onEarlier(): void;
  onRetry(clientMsgId: string): void;
  photo: PhotoActions;
  /** Adds styles to the shadow root, for parts loaded later (the order card). */
  addStyles?(css: string): void;
  /** Whether a message is one the shopper had seen when the panel was drawn: not read out again. */
  old?(m: Message): boolean;
  /** While the bot is answering: feedback on its latest answer and a way to a person. */
  botFeedback?: { onFeedback(seq: number, helpful: boolean): void; onHuman(): void } | undefined;
  /**
   * The latest message's chips, last in the log: they scroll with it, so on a short or zoomed panel
   * each is reached as the transcript is, not in a row of their own squeezed to one chip.
   */
  children?: ComponentChildren;
}

/**
 * The conversation: stored messages, then my messages still in the outbox. A polite live region,
 * so a screen reader announces new messages without interrupting.
 */
export function Transcript(props: TranscriptProps) {
  const { messages, outbox, agentReadSeq, online, t, locale } = props;
  const ref = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  const lastTop = useRef(0);
  /** Pixels from the bottom when earlier messages were asked for (0: not asked), and the first message then. */
  const kept = useRef(0);
  const first = useRef<Message | undefined>(undefined);
  /** My latest message drawn: one sent while scrolled up is shown, not sent out of sight. */
  const mine = outbox.at(-1)?.clientMsgId;
  const drawn = useRef(mine);
  /** The newest message drawn, and whether one from the shop came below while the shopper was scrolled up. */
  const last = messages.at(-1);
  const lastDrawn = useRef(last?.seq);
  const [below, setBelow] = useState(false);
  const stored = new Set(messages.map((m) => m.clientMsgId));
  const waiting = outbox.filter((e) => !stored.has(e.clientMsgId));
  // Only the newest message, when it is a bot answer: the question is about what was just said.
  // An answer's follow-up chips (quick replies without text) come after it: the text is rated.
  const newest = messages.findLast((m) => m.content.kind !== 'quick_replies' || m.content.text);
  const answered = messages.some((m) => m.author.kind === 'shopper');
  const lastAnswer =
    answered && newest?.author.kind === 'bot' && newest.content.kind === 'text' ? newest : undefined;

  // Stay at the bottom when new messages come, unless the shopper scrolled up to read (what they
  // send themselves brings them back down).
  // Earlier messages drawn above keep the one the shopper was reading in place (at the top, the
  // browser's scroll anchoring does not: the oldest of the page came into view instead).
  useLayoutEffect(() => {
    const el = ref.current!;
    if (mine && mine !== drawn.current) pinned.current = true;
    drawn.current = mine;
    if (kept.current && messages[0] !== first.current) {
      el.scrollTop = el.scrollHeight - kept.current;
      kept.current = 0;
    } else if (pinned.current) el.scrollTop = el.scrollHeight;
    else if (
      last &&
      last.seq !== lastDrawn.current &&
      (last.author.kind === 'bot' || last.author.kind === 'agent')
    )
      setBelow(true);
    lastDrawn.current = last?.seq;
  });
  // What changes size after it is drawn moves no scroll position: a photo that loads, a card
  // whose chunk arrives, the transcript itself made shorter by the survey or a note below it.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const follow = new ResizeObserver(() => {
      if (pinned.current) el.scrollTop = el.scrollHeight;
    });
    follow.observe(el);
    for (const row of el.children) follow.observe(row);
    return () => follow.disconnect();
  });

  return (
    <div
      class="log"
      ref={ref}
      role="log"
      aria-live="polite"
      aria-label={t.transcript}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable log must be reachable by keyboard (axe scrollable-region-focusable)
      tabIndex={0}
      onScroll={(e) => {
        const el = e.currentTarget;
        // Only a move up leaves the bottom: this event is read a frame late, and the content may
        // have grown since (a photo loaded), which is no reason to stop following it.
        if (el.scrollHeight - el.scrollTop - el.clientHeight < 40) {
          pinned.current = true;
          setBelow(false);
        } else if (el.scrollTop < lastTop.current) pinned.current = false;
        lastTop.current = el.scrollTop;
      }}
    >
      {(messages[0]?.seq ?? 1) > 1 ? (
        <button
          type="button"
          class="earlier link"
          onClick={() => {
            const el = ref.current!;
            kept.current = el.scrollHeight - el.scrollTop;
            first.current = messages[0];
            props.onEarlier();
          }}
        >
          {t.earlier}
        </button>
      ) : null}
      {messages.map((m, i) => {
        const prev = messages[i - 1];
        const showAuthor =
          !prev ||
          prev.author.kind !== m.author.kind ||
          prev.author.name !== m.author.name ||
          prev.content.kind === 'system';
        const tick = m.author.kind === 'shopper' ? (m.seq <= agentReadSeq ? 'read' : 'sent') : undefined;
        return (
          <MessageItem
            key={m.seq}
            message={m}
            t={t}
            locale={locale}
            showAuthor={showAuthor}
            quiet={props.old?.(m)}
            photo={props.photo}
            addStyles={props.addStyles}
            tick={tick}
          />
        );
      })}
      {lastAnswer && props.botFeedback ? (
        <Feedback seq={lastAnswer.seq} quiet={props.old?.(lastAnswer)} t={t} {...props.botFeedback} />
      ) : null}
      {waiting.map((entry) => (
        <OutboxItem
          key={entry.clientMsgId}
          entry={entry}
          t={t}
          locale={locale}
          offline={!online}
          onRetry={props.onRetry}
          photo={props.photo}
        />
      ))}
      {props.typingName != null ? (
        // Seen, not said: a screen reader heard "Mei is typing…" each time the agent began again,
        // between the replies it was reading (the agent console's indicator is silent too).
        <div class="typing" aria-live="off">
          <span class="dots" aria-hidden="true">
            <i />
            <i />
            <i />
          </span>
          {t.typing(props.typingName || undefined)}
        </div>
      ) : null}
      {props.children}
      {/* Last in the log, held to its bottom edge: its live region says it once as it appears. */}
      {below ? (
        <button
          type="button"
          class="chip jump"
          onClick={() => {
            const el = ref.current!;
            el.scrollTop = el.scrollHeight;
            el.focus();
          }}
        >
          {t.jump}
        </button>
      ) : null}
    </div>
  );
}
