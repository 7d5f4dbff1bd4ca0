import { type KbEntry, KefuError } from '@kefu/protocol';
import type { EntriesClient } from '../knowledge-entries-state.ts';

/**
 * The hub's entry editing without a hub: entries by id, each with a fingerprint that changes on
 * every write, refusing as the hub does (a stale fingerprint `conflict`, a gone entry `not_found`).
 * `change` and `drop` are a colleague's edits meanwhile; `refuse` makes the next save fail with it.
 */
export function fakeKnowledgeBase(
  record: (method: string, ...args: unknown[]) => void,
  entries: readonly KbEntry[] = [],
) {
  let writes = 0;
  const held = new Map(
    entries.map((e) => [e.id, { entry: structuredClone(e), fingerprint: `f${writes++}` }]),
  );
  let refusal: KefuError | undefined;
  const write = (entry: KbEntry) => {
    const fingerprint = `f${writes++}`;
    held.set(entry.id, { entry: structuredClone(entry), fingerprint });
    return { entry: structuredClone(entry), fingerprint };
  };
  const expect = (id: string, fingerprint: string | undefined, creating: boolean) => {
    const now = held.get(id);
    if (fingerprint === undefined) {
      if (now && creating) throw new KefuError('conflict', `an entry ${id} exists already`);
      return;
    }
    if (!now) throw new KefuError('not_found', `no entry ${id}: it was deleted meanwhile`);
    if (now.fingerprint !== fingerprint) throw new KefuError('conflict', `entry ${id} was changed meanwhile`);
  };
  const client: EntriesClient = {
    async knowledgeEntries(query) {
      record('knowledgeEntries', query);
      const q = query?.toLowerCase();
      const items = [...held.values()]
        .map((h) => h.entry)
        .filter(
          (e) =>
            !q || [e.id, e.question, e.answer, ...e.alternatives].some((t) => t.toLowerCase().includes(q)),
        )
        .map((e) => ({
          id: e.id,
          question: e.question,
          alternatives: e.alternatives.length,
          ...(e.locale ? { locale: e.locale } : {}),
        }));
      return { items, total: items.length };
    },
    async knowledgeEntry(id) {
      record('knowledgeEntry', id);
      const h = held.get(id);
      if (!h) throw new KefuError('not_found', `no entry ${id}`);
      return { entry: structuredClone(h.entry), fingerprint: h.fingerprint };
    },
    async saveKnowledgeEntry(entry, fingerprint) {
      record('saveKnowledgeEntry', entry, fingerprint);
      const refused = refusal;
      refusal = undefined;
      if (refused) throw refused;
      expect(entry.id, fingerprint, true);
      return write(entry);
    },
    async deleteKnowledgeEntry(id, fingerprint) {
      record('deleteKnowledgeEntry', id, fingerprint);
      expect(id, fingerprint, false);
      if (!held.delete(id)) throw new KefuError('not_found', `no entry ${id}`);
    },
  };
  return {
    client,
    held: (id: string) => held.get(id)?.entry,
    change: (entry: KbEntry) => void write(entry),
    drop: (id: string) => void held.delete(id),
    refuse: (error: KefuError) => {
      refusal = error;
    },
  };
}
