import { LIMITS } from '@kefu/protocol';
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useState } from 'preact/hooks';
import type { AssignableColleague, TicketAction } from '../console-actions.ts';
import { distinctLabels } from '../look-alike-names.ts';
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

export interface Colleague {
  id: string;
  name: string;
  /** Their skill groups, when the hub said (a colleague online). */
  groups?: string[];
}

export function TransferDialog({
  t,
  error,
  agents,
  groups,
  nobodyOnline = false,
  onCancel,
  onTransfer,
}: {
  t: Strings;
  error?: string | undefined;
  agents: Colleague[];
  groups: string[];
  /** The hub said no colleague is online: only a group can take the conversation. */
  nobodyOnline?: boolean;
  onCancel: () => void;
  onTransfer: (to: { agentId: string } | { group: string }, note: string) => void;
}) {
  const [kind, setKind] = useState<'agent' | 'group'>(agents.length > 0 ? 'agent' : 'group');
  const [agentId, setAgentId] = useState(agents[0]?.id ?? '');
  const [group, setGroup] = useState(groups[0] ?? 'default');
  const [note, setNote] = useState('');
  // The colleagues read again after a refusal: one who left is neither offered nor still chosen.
  const ids = agents.map((a) => a.id).join('\n');
  useEffect(() => {
    if (!agents.some((a) => a.id === agentId)) setAgentId(agents[0]?.id ?? '');
    if (agents.length === 0) setKind('group');
  }, [ids]);
  return (
    <Dialog
      title={t.transferTitle}
      t={t}
      error={error}
      onCancel={onCancel}
      onConfirm={() => {
        if (kind === 'agent' && agentId.trim()) onTransfer({ agentId: agentId.trim() }, note);
        else if (kind === 'group' && group.trim()) onTransfer({ group: group.trim() }, note);
      }}
    >
      <fieldset>
        <legend>{t.transferTo}</legend>
        <label class="inline">
          <input
            type="radio"
            name="transfer-kind"
            checked={kind === 'agent'}
            disabled={nobodyOnline}
            aria-describedby={nobodyOnline ? 'transfer-nobody-online' : undefined}
            onChange={() => setKind('agent')}
          />
          {t.transferToAgent}
        </label>
        <label class="inline">
          <input
            type="radio"
            name="transfer-kind"
            checked={kind === 'group'}
            onChange={() => setKind('group')}
          />
          {t.transferToGroup}
        </label>
        {nobodyOnline ? (
          <p class="hint" id="transfer-nobody-online">
            {t.nobodyOnline}
          </p>
        ) : null}
      </fieldset>
      {kind === 'agent' && agents.length > 0 ? (
        <ColleagueSelect t={t} agents={agents} value={agentId} onChange={setAgentId} />
      ) : kind === 'agent' ? (
        <label>
          {t.agentId}
          <input
            name="agent"
            value={agentId}
            required
            onInput={(e) => setAgentId((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
      ) : (
        <label>
          {t.transferToGroup}
          <select
            name="group"
            value={group}
            onChange={(e) => setGroup((e.currentTarget as HTMLSelectElement).value)}
          >
            {groups.map((g) => (
              <option key={g} value={g}>
                {t.group(g)}
              </option>
            ))}
          </select>
        </label>
      )}
      <NoteField t={t} value={note} onChange={setNote} />
    </Dialog>
  );
}

/**
 * Assign a waiting conversation to a colleague online now, each shown with their load; a
 * supervisor may tick "assign even if full" (the hub refuses a full colleague otherwise).
 */
export function AssignDialog({
  t,
  error,
  agents,
  supervisor,
  onCancel,
  onAssign,
}: {
  t: Strings;
  error?: string | undefined;
  agents: AssignableColleague[];
  supervisor: boolean;
  onCancel: () => void;
  onAssign: (agentId: string, options: { force: boolean; note: string }) => void;
}) {
  const [agentId, setAgentId] = useState(agents[0]?.id ?? '');
  const [force, setForce] = useState(false);
  const [note, setNote] = useState('');
  return (
    <Dialog
      title={t.assignTitle}
      t={t}
      error={error}
      onCancel={onCancel}
      onConfirm={() => {
        if (agentId) onAssign(agentId, { force, note });
      }}
    >
      {agents.length === 0 ? (
        <p class="hint">{t.assignNobody}</p>
      ) : (
        <ColleagueSelect t={t} agents={agents} value={agentId} onChange={setAgentId} />
      )}
      {supervisor ? (
        <label class="inline">
          <input
            type="checkbox"
            name="force"
            checked={force}
            onChange={(e) => setForce(e.currentTarget.checked)}
          />
          {t.assignForce}
        </label>
      ) : null}
      <NoteField t={t} value={note} onChange={setNote} />
    </Dialog>
  );
}

/** The colleague picker of the transfer and assign dialogs, with each one's load when the hub says it. */
function ColleagueSelect({
  t,
  agents,
  value,
  onChange,
}: {
  t: Strings;
  agents: (Colleague & { active?: number; capacity?: number })[];
  value: string;
  onChange: (id: string) => void;
}) {
  // Names that look alike (a Cyrillic е, an invisible mark, two people of one name) show their ids.
  const labels = distinctLabels(agents);
  return (
    <label>
      {t.agentId}
      <select
        name="agent"
        value={value}
        onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value)}
      >
        {agents.map((a, i) => (
          <option key={a.id} value={a.id}>
            {a.active === undefined || a.capacity === undefined
              ? labels[i]
              : `${labels[i]} · ${t.assignLoad(a.active, a.capacity)}`}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The note for the colleague who gets the conversation. */
function NoteField({ t, value, onChange }: { t: Strings; value: string; onChange: (note: string) => void }) {
  return (
    <label>
      {t.transferNote}
      <textarea name="note" rows={2} value={value} onInput={(e) => onChange(e.currentTarget.value)} />
    </label>
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
