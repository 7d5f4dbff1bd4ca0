import type { ConversationState } from '@kefu/protocol';
import type { Strings } from '../strings.ts';

/**
 * The note's styles, added with its chunk (kefu-status-note.js). A latest update may hold a tracking
 * number or a link longer than the line: broken anywhere, as in the message bubbles, not cut off.
 * On a short panel the note gives way and scrolls (it keeps none of its height), so the message box
 * below it stays whole: the transcript keeps its 30 %, and the header already says a reply will come.
 */
export const NOTE_CSS = `.note{overflow:auto;outline-offset:-2px;display:flex;flex-direction:column;gap:2px;padding:8px 14px;font-size:12.5px;background:var(--soft);border-bottom:1px solid var(--line);overflow-wrap:anywhere}`;

/**
 * A time the shop promised, in the shopper's local time: the clock time today, else with the date.
 * Written as the browser's own variant of the panel's language writes it (en-GB: 17:32, 7 Dec; the
 * panel's `en` alone is American: 5:32 PM, Dec 7).
 */
export function formatWhen(
  at: number,
  locale: string,
  now = Date.now(),
  reader = navigator.language,
): string {
  const d = new Date(at);
  const today = new Date(now).toDateString() === d.toDateString();
  return d.toLocaleString(reader.slice(0, 2) === locale.slice(0, 2) ? reader : locale, {
    ...(today ? {} : { month: 'short', day: 'numeric' }),
    hour: 'numeric',
    minute: '2-digit',
  });
}

/**
 * What the shopper is waiting for, when it is not a live chat: a ticket's promised reply time,
 * its status and latest update; or, while `pending`, that the shop waits for the shopper.
 */
export interface StatusNoteProps {
  state: ConversationState | undefined;
  t: Strings;
  locale: string;
}

export function StatusNote({ state, t, locale }: StatusNoteProps) {
  const ticket = state?.status === 'ticket' || state?.status === 'pending' ? state.ticket : undefined;
  if (!ticket && state?.status !== 'pending') return null;
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a note scrolled on a short panel must be reachable by keyboard (axe scrollable-region-focusable)
    <div class="note" role="status" tabIndex={0}>
      {ticket ? (
        <>
          <strong>
            {t.ticket} · {t.ticketStatus[ticket.status]}
          </strong>
          {ticket.expectedReplyAt && ticket.status !== 'resolved' ? (
            <span>{t.replyBy(formatWhen(ticket.expectedReplyAt, locale))}</span>
          ) : null}
          {ticket.lastUpdate ? <span>{t.lastUpdate(ticket.lastUpdate)}</span> : null}
        </>
      ) : null}
      {state?.status === 'pending' ? (
        <>
          <strong>{t.waitingForYou}</strong>
          {/* Past the protocol's last date (year 9999) there is none to show: Invalid Date. */}
          {state.followUpAt && state.followUpAt < 3e14 ? (
            <span>{t.followUpBy(formatWhen(state.followUpAt, locale))}</span>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
