import type { Message, Note } from '@kefu/protocol';
import type { ConsoleImages } from '../console-images.ts';
import type { Strings } from '../strings.ts';
import { formatTime } from '../time-format.ts';
import { ImageMessage } from './image-message.tsx';
import { MessageBody } from './message-body.tsx';
import { pure, sameProps } from './pure.ts';
import { Said } from './said.tsx';

type Entry = { at: number; message: Message } | { at: number; note: Note };

/** Messages per block of rows: a new message draws its own block again, and only compares the others. */
const BLOCK_SEQS = 50;

/** A run of transcript entries drawn together, keyed by where its messages' seqs fall. */
export interface EntryBlock {
  key: number;
  entries: Entry[];
}

/**
 * Messages and notes in time order, in blocks by seq (`seq / 50`; a note joins the block of the
 * message before it). A block keeps its key as messages come after it or earlier pages load before
 * it, so its rows stay where they are.
 * @example
 * blocksOf(messages, notes).map((b) => <EntryRows key={b.key} entries={b.entries} … />);
 */
export function blocksOf(messages: readonly Message[], notes: readonly Note[]): EntryBlock[] {
  const entries: Entry[] = [
    ...messages.map((m) => ({ at: m.createdAt, message: m })),
    ...notes.map((n) => ({ at: n.createdAt, note: n })),
  ].sort((a, b) => a.at - b.at);
  const blocks: EntryBlock[] = [];
  for (const entry of entries) {
    const before = blocks.at(-1);
    // Never below the block before: a message stamped earlier than one with a lower seq stays in order.
    const key = Math.max(
      before?.key ?? 0,
      'message' in entry ? Math.floor(entry.message.seq / BLOCK_SEQS) : 0,
    );
    if (before?.key === key) before.entries.push(entry);
    else blocks.push({ key, entries: [entry] });
  }
  return blocks;
}

/**
 * One message of the transcript, drawn again only when its own props change: drawing every row on
 * each message (times formatted, links split) made a burst of 250 shopper messages cost seconds.
 */
const MessageEntry = pure(function MessageEntry({
  message,
  who,
  read,
  mine,
  conversationId,
  t,
  images,
  onView,
}: {
  message: Message;
  /** Who wrote it, as the transcript names them. */
  who: string;
  /** The shopper has read it (shown on the agent's last message). */
  read: boolean;
  /** Written by the agent at this console (or their other tab): not read back to them. */
  mine: boolean;
  conversationId: string;
  t: Strings;
  images: ConsoleImages;
  /** Only drawn again by: the time formats against the current date (see `Transcript`). */
  today: string;
  onView: (seq: number) => void;
}) {
  return (
    <div
      class={`entry msg ${message.author.kind}`}
      data-seq={message.seq}
      // The agent's own reply is no news to them: the log read each one back after Ctrl+Enter.
      aria-live={mine ? 'off' : undefined}
    >
      {message.author.kind === 'system' ? null : (
        <span class="meta">
          <Said text={who} /> · {formatTime(message.createdAt, t.lang)}
        </span>
      )}
      {/* Each message in its own direction (an Arabic or Hebrew one among Chinese). */}
      <span class="text" dir="auto">
        {message.content.kind === 'image' ? (
          <ImageMessage
            conversationId={conversationId}
            seq={message.seq}
            image={message.content}
            images={images}
            t={t}
            onOpen={() => onView(message.seq)}
          />
        ) : (
          <MessageBody message={message} t={t} />
        )}
      </span>
      {read ? <span class="read">✓ {t.readUpTo}</span> : null}
    </div>
  );
});

/** One internal note of the transcript, drawn again only when it changes. */
const NoteEntry = pure(function NoteEntry({
  note,
  t,
}: {
  note: Note;
  t: Strings;
  /** See `MessageEntry`. */
  today: string;
}) {
  return (
    <div class="entry note" data-note={note.id}>
      <span class="meta">
        <span class="tag">{t.note}</span> {note.author.name} · {formatTime(note.createdAt, t.lang)}
      </span>
      <span class="text" dir="auto">
        {note.text}
      </span>
    </div>
  );
});

interface EntryRowsProps {
  entries: Entry[];
  /** The shopper's name, else undefined (the transcript says "Shopper"). */
  shopperName: string | undefined;
  /** The seq of the agent's message marked read, when it is in this block. */
  readSeq: number | undefined;
  /** The signed-in agent's id: their own messages are not announced to them. */
  me: string | undefined;
  conversationId: string;
  t: Strings;
  images: ConsoleImages;
  /** Today's date: the rows' times are drawn again when it changes. */
  today: string;
  onView: (seq: number) => void;
}

/** The same entries (the same messages and notes), though in a new list. */
function sameRows(before: EntryRowsProps, after: EntryRowsProps): boolean {
  const { entries: a, ...restBefore } = before;
  const { entries: b, ...restAfter } = after;
  if (a.length !== b.length || !sameProps(restBefore, restAfter)) return false;
  return a.every((e, i) => {
    const other = b[i]!;
    return 'message' in e
      ? 'message' in other && e.message === other.message
      : 'note' in other && e.note === other.note;
  });
}

/**
 * A block of transcript rows, drawn again only when one of its messages or notes changed: with every
 * row in one list, each message compared all the rows before it, and a burst of 1,000 cost a million.
 */
export const EntryRows = pure(function EntryRows({
  entries,
  shopperName,
  readSeq,
  me,
  conversationId,
  t,
  images,
  today,
  onView,
}: EntryRowsProps) {
  const author = (m: Message) =>
    m.author.kind === 'shopper'
      ? (shopperName ?? t.shopper)
      : m.author.kind === 'agent'
        ? (m.author.name ?? m.author.kind)
        : m.author.kind === 'bot'
          ? (m.author.name ?? t.bot)
          : t.system;
  return (
    <>
      {entries.map((e) =>
        'note' in e ? (
          <NoteEntry key={`n-${e.note.id}`} note={e.note} t={t} today={today} />
        ) : (
          <MessageEntry
            key={`m-${e.message.seq}`}
            message={e.message}
            who={author(e.message)}
            read={e.message.seq === readSeq}
            mine={e.message.author.kind === 'agent' && e.message.author.id === me}
            conversationId={conversationId}
            t={t}
            images={images}
            today={today}
            onView={onView}
          />
        ),
      )}
    </>
  );
}, sameRows);
