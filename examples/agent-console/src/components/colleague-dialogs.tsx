import { useEffect, useState } from 'preact/hooks';
import type { AssignableColleague } from '../console-actions.ts';
import { distinctLabels } from '../look-alike-names.ts';
import type { Strings } from '../strings.ts';
import { Dialog } from './action-dialogs.tsx';

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
