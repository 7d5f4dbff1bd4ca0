import type { KbEntry, KbEntrySummary } from '@kefu/protocol';
import type { AgentClient } from '@kefu/sdk/agent';
import { signal } from '@preact/signals';

/** What the entry editor uses of the agent client (supervisors' `kb.entries`, `kb.entry`, `kb.save`, `kb.delete`). */
export type EntriesClient = Pick<
  AgentClient,
  'knowledgeEntries' | 'knowledgeEntry' | 'saveKnowledgeEntry' | 'deleteKnowledgeEntry'
>;

/** The entry open in the editor: as read (with its fingerprint), or a new one. */
export interface EditedEntry {
  /** As the hub holds it, or the draft of a new one. */
  entry: KbEntry;
  /** What it was when read; absent for a new entry (its save creates it). */
  fingerprint?: string;
  /** Why the last save or delete was refused, kept as thrown: the editor says it in its language. */
  error?: { cause: unknown };
  /** A save or delete is under way. */
  busy?: boolean;
}

/** A new entry's blank draft, or one started from text (a phrasing the doctor named). */
export function blankEntry(seed: Partial<KbEntry> = {}): KbEntry {
  return { id: '', question: '', alternatives: [], answer: '', ...seed };
}

/**
 * The knowledge page's entries: a list (searched), and the one open in the editor. A save or delete
 * goes through the hub's own editor, so the bot answers with it at once; `changed` then runs (the
 * doctor's findings are refreshed).
 * @example
 * const entries = createEntriesState(client, () => knowledge.refresh());
 * await entries.open('shipping-fee');
 * await entries.save({ ...entries.editing.value!.entry, answer: '满 99 元包邮' });
 */
export function createEntriesState(client: EntriesClient, changed: () => Promise<void>) {
  const items = signal<KbEntrySummary[] | undefined>(undefined);
  const total = signal(0);
  const query = signal('');
  /** A refused list or open, shown above the list. */
  const error = signal<{ cause: unknown } | undefined>(undefined);
  const editing = signal<EditedEntry | undefined>(undefined);
  /** What the last save or delete did, for a line of feedback once the editor closes. */
  const done = signal<{ id: string; action: 'saved' | 'created' | 'deleted' } | undefined>(undefined);

  async function search(q = query.value): Promise<void> {
    query.value = q;
    try {
      const listed = await client.knowledgeEntries(q.trim() || undefined);
      items.value = listed.items;
      total.value = listed.total;
      error.value = undefined;
    } catch (e) {
      error.value = { cause: e };
    }
  }

  async function open(id: string): Promise<boolean> {
    try {
      const { entry, fingerprint } = await client.knowledgeEntry(id);
      editing.value = { entry, fingerprint };
      error.value = undefined;
      return true;
    } catch (e) {
      error.value = { cause: e };
      return false;
    }
  }

  /** After a change: the list and the doctor as they are now. */
  async function after(): Promise<void> {
    await Promise.all([items.value ? search() : Promise.resolve(), changed()]);
  }

  async function save(entry: KbEntry): Promise<boolean> {
    const current = editing.value;
    if (!current) return false;
    editing.value = { ...current, entry, busy: true };
    try {
      const saved = await client.saveKnowledgeEntry(entry, current.fingerprint);
      done.value = { id: saved.entry.id, action: current.fingerprint ? 'saved' : 'created' };
      editing.value = undefined;
      await after();
      return true;
    } catch (e) {
      // The draft stays, with why: the supervisor fixes the field, or reloads a colleague's change.
      editing.value = { ...current, entry, error: { cause: e } };
      return false;
    }
  }

  async function remove(): Promise<boolean> {
    const current = editing.value;
    if (!current?.fingerprint) return false;
    editing.value = { ...current, busy: true };
    try {
      await client.deleteKnowledgeEntry(current.entry.id, current.fingerprint);
      done.value = { id: current.entry.id, action: 'deleted' };
      editing.value = undefined;
      await after();
      return true;
    } catch (e) {
      editing.value = { ...current, error: { cause: e } };
      return false;
    }
  }

  return {
    items,
    total,
    query,
    error,
    editing,
    done,
    search,
    open,
    /** Opens the editor on a new entry (`seed`: its first fields). */
    create(seed?: Partial<KbEntry>): void {
      editing.value = { entry: blankEntry(seed) };
    },
    save,
    remove,
    /** Reads the entry again (after a conflict: a colleague's change), dropping the draft. */
    reload: (id: string) => open(id),
    close(): void {
      editing.value = undefined;
    },
  };
}

export type EntriesState = ReturnType<typeof createEntriesState>;
