import { LIMITS } from '@kefu/protocol';
import type { ComponentChildren } from 'preact';
import { useId, useState } from 'preact/hooks';
import type { TicketAction } from '../console-actions.ts';
import type { Strings } from '../strings.ts';
import { formatTime, toLocalInput } from '../time-format.ts';
import { Modal } from './modal.tsx';

/** A modal form: a title, the fields, Cancel and Confirm (see Modal for focus and keys). */
export function Dialog({
  title,
  onCancel,
  onConfirm,
  t,
  error,
  children,
}: {
  title: string;
  onCancel: () => void;
  onConfirm: () => void;
  t: Strings;
  /** Why the hub refused the last Confirm: said here, as the page's own notice is behind the backdrop. */
  error?: string | undefined;
  children: ComponentChildren;
}) {
  const titleId = useId();
  return (
    <Modal labelledBy={titleId} onClose={onCancel}>
      <form
        class="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          onConfirm();
        }}
      >
        <h2 id={titleId}>{title}</h2>
        {children}
        {error ? (
          <p class="error" role="alert">
            {error}
          </p>
        ) : null}
        <div class="buttons">
          <button type="button" class="secondary" onClick={onCancel}>
            {t.cancel}
          </button>
          <button type="submit">{t.confirm}</button>
        </div>
      </form>
    </Modal>
  );
}

export function CloseDialog({
  t,
  error,
  onCancel,
  onClose,
}: {
  t: Strings;
  error?: string | undefined;
  onCancel: () => void;
  onClose: (resolution: string) => void;
}) {
  const codes = Object.keys(t.resolutions);
  const [code, setCode] = useState(codes[0]!);
  return (
    <Dialog title={t.closeTitle} t={t} error={error} onCancel={onCancel} onConfirm={() => onClose(code)}>
      <label>
        {t.resolution}
        <select
          name="resolution"
          value={code}
          onChange={(e) => setCode((e.currentTarget as HTMLSelectElement).value)}
        >
          {codes.map((c) => (
            <option key={c} value={c}>
              {t.resolutions[c]}
            </option>
          ))}
        </select>
      </label>
    </Dialog>
  );
}

/** The earliest follow-up the dialog takes: the next whole minute, since the picker has no seconds. */
export function earliestFollowUp(now: number): number {
  return Math.floor(now / 60_000) * 60_000 + 60_000;
}

export function PendingDialog({
  t,
  error,
  now,
  onCancel,
  onPending,
}: {
  t: Strings;
  error?: string | undefined;
  /** The console's clock, which moves while the dialog is open: the earliest time follows it. */
  now: number;
  onCancel: () => void;
  onPending: (dueAt: number, note: string) => void;
}) {
  // Tomorrow at this time: the usual "I'll check with the warehouse and come back to you".
  const [due, setDue] = useState(toLocalInput(now + 86_400_000));
  const [note, setNote] = useState('');
  const [past, setPast] = useState(false);
  const errorId = useId();
  // The picker counts in whole minutes: a minimum of this minute let the agent pick a time already
  // gone (10:30 at 10:30:45), which the dialog then ignored without a word.
  const earliest = earliestFollowUp(now);
  return (
    <Dialog
      title={t.pendingTitle}
      t={t}
      error={error}
      onCancel={onCancel}
      onConfirm={() => {
        const at = new Date(due).getTime();
        if (Number.isFinite(at) && at >= earliest) onPending(at, note);
        else setPast(true);
      }}
    >
      <label>
        {t.dueAt}
        <input
          type="datetime-local"
          name="due"
          value={due}
          min={toLocalInput(earliest)}
          max={toLocalInput(now + LIMITS.maxFollowUpMs)}
          required
          aria-invalid={past || undefined}
          aria-describedby={past ? errorId : undefined}
          onInput={(e) => {
            setDue(e.currentTarget.value);
            setPast(false);
          }}
        />
      </label>
      {past ? (
        <p class="error" id={errorId} role="alert">
          {t.dueAtPast(formatTime(earliest, t.lang, now))}
        </p>
      ) : null}
      <label>
        {t.pendingNote}
        <textarea name="note" rows={2} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      </label>
    </Dialog>
  );
}

export function TicketDialog({
  t,
  error,
  hasTicket,
  onCancel,
  onTicket,
}: {
  t: Strings;
  error?: string | undefined;
  hasTicket: boolean;
  onCancel: () => void;
  onTicket: (action: TicketAction, note: string) => void;
}) {
  const actions: TicketAction[] = hasTicket ? ['progress', 'workaround', 'resolve'] : ['create'];
  const [action, setAction] = useState<TicketAction>(actions[0]!);
  const [note, setNote] = useState('');
  return (
    <Dialog
      title={t.ticketTitle}
      t={t}
      error={error}
      onCancel={onCancel}
      onConfirm={() => onTicket(action, note)}
    >
      <label>
        {t.ticketAction}
        <select
          name="action"
          value={action}
          onChange={(e) => setAction((e.currentTarget as HTMLSelectElement).value as TicketAction)}
        >
          {actions.map((a) => (
            <option key={a} value={a}>
              {t.ticketActions[a]}
            </option>
          ))}
        </select>
      </label>
      <label>
        {/* Opening one, the hub keeps the text as the ticket's title: the shopper is not told it. */}
        {action === 'create' ? t.ticketSubject : t.ticketNote}
        <input name="note" maxLength={200} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      </label>
    </Dialog>
  );
}

/**
 * Signing out with conversations still mine: their shoppers stay assigned to me and wait, so the
 * agent is told how many and may stay to transfer them first.
 */
export function SignOutDialog({
  t,
  count,
  onCancel,
  onSignOut,
}: {
  t: Strings;
  count: number;
  onCancel: () => void;
  onSignOut: () => void;
}) {
  return (
    <Dialog title={t.signOutOpenTitle(count)} t={t} onCancel={onCancel} onConfirm={onSignOut}>
      <p>{t.signOutOpenBody}</p>
    </Dialog>
  );
}

/**
 * Handing the shopper back to the bot ends the agent's part at once (the tab closes, the bot
 * answers), so the agent confirms it first, as with signing out.
 */
export function HandbackDialog({
  t,
  who,
  error,
  onCancel,
  onHandback,
}: {
  t: Strings;
  /** The shopper, as the conversation's tab names them. */
  who: string;
  error?: string | undefined;
  onCancel: () => void;
  onHandback: () => void;
}) {
  return (
    <Dialog title={t.handbackTitle(who)} t={t} error={error} onCancel={onCancel} onConfirm={onHandback}>
      <p>{t.handbackBody}</p>
    </Dialog>
  );
}
