import type { QaViolation } from '@kefu/protocol';
import { batch, signal } from '@preact/signals';

/** Which assist answer or canned reply a draft came from, so the hub can learn which ones help. */
export interface Suggestion {
  kind: 'kb' | 'canned';
  id: string;
}

/** A message quality inspection held back: what the agent wrote and why it was held. */
export interface Held {
  text: string;
  violations: QaViolation[];
}

/** Where drafts outlive the page (the tab's sessionStorage): a reload or a fresh sign-in finds them again. */
export interface DraftStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * What each conversation's composer holds: the draft, the suggestion it was built from (kept
 * through the agent's edits until sent), a reply quality inspection held back, and the id a
 * reply is sent under.
 * @example
 * const composer = consoleDrafts();
 * composer.setDraft(id, 'Hello');
 * const clientMsgId = composer.replyId(id, 'Hello');
 */
export function consoleDrafts(storage?: { store: DraftStorage; key: string }) {
  const drafts = signal<Record<string, string>>({});
  /** The key of the signed-in agent's drafts, once the hub said who they are (a tab may change agent). */
  let saveAs: string | undefined;
  const save = () => {
    if (!storage || !saveAs) return;
    const kept = Object.fromEntries(Object.entries(drafts.value).filter(([, text]) => text.trim()));
    try {
      if (Object.keys(kept).length) storage.store.setItem(saveAs, JSON.stringify(kept));
      else storage.store.removeItem(saveAs);
    } catch {
      // Storage full or disabled: the drafts still live for this page.
    }
  };
  const suggestions = signal<Record<string, Suggestion>>({});
  const held = signal<Record<string, Held>>({});
  // A reply whose send failed keeps its id while its text stays the same, so sending it again
  // retries that send: one cut short (the client disconnected) may have been stored after all,
  // and the hub stores a message once per id instead of the shopper getting it twice.
  const replyIds = new Map<string, { text: string; clientMsgId: string }>();

  function forget(id: string): void {
    const { [id]: _used, ...rest } = suggestions.value;
    suggestions.value = rest;
  }

  function dismissHeld(id: string): void {
    const { [id]: _gone, ...rest } = held.value;
    held.value = rest;
  }

  return {
    drafts,
    suggestions,
    held,
    replyId(id: string, body: string): string {
      const kept = replyIds.get(id);
      if (kept?.text === body) return kept.clientMsgId;
      const fresh = { text: body, clientMsgId: randomId() };
      replyIds.set(id, fresh);
      return fresh.clientMsgId;
    },
    /**
     * The reply went out: the next one gets a new id, and the suggestion and the draft are done
     * with unless the agent changed them meanwhile (`draftAtSend`: the box when Send was pressed).
     */
    sent(id: string, suggestion: Suggestion | undefined, draftAtSend: string): void {
      replyIds.delete(id);
      batch(() => {
        dismissHeld(id);
        if (suggestions.value[id] === suggestion) forget(id);
        // The reply stays in the box until the hub has it, and an agent goes on typing after it
        // (offline, say): what follows it is the next reply, the reply itself is sent.
        const now = drafts.value[id] ?? '';
        if (now.startsWith(draftAtSend))
          drafts.value = { ...drafts.value, [id]: now.slice(draftAtSend.length).trimStart() };
      });
      save();
    },
    hold(id: string, text: string, violations: QaViolation[]): void {
      held.value = { ...held.value, [id]: { text, violations } };
    },
    dismissHeld,
    /**
     * Records that the agent put a suggestion into the draft. With several, the latest counts: the
     * protocol names one per message, and the last one inserted is most likely what the reply became.
     */
    suggested(id: string, suggestion: Suggestion): void {
      suggestions.value = { ...suggestions.value, [id]: suggestion };
    },
    setDraft(id: string, text: string): void {
      drafts.value = { ...drafts.value, [id]: text };
      // An emptied draft is a fresh start: what comes next is the agent's own words.
      if (!text.trim() && suggestions.value[id]) forget(id);
      save();
    },
    /**
     * The hub named the agent: their drafts saved before (a reload, Sign in again) come back, under
     * what this page typed since. Per agent: a colleague signing in on this tab never sees them.
     */
    restore(agentId: string): void {
      if (!storage) return;
      saveAs = `${storage.key} ${agentId}`;
      let saved: unknown;
      try {
        saved = JSON.parse(storage.store.getItem(saveAs) ?? '{}');
      } catch {
        saved = {};
      }
      const texts = Object.entries(saved && typeof saved === 'object' ? saved : {}).filter(
        (e): e is [string, string] => typeof e[1] === 'string',
      );
      drafts.value = { ...Object.fromEntries(texts), ...drafts.value };
      save();
    },
    /** The conversation left this desk (handed on, its tab closed): its draft is no one's now. */
    drop(id: string): void {
      if (!(id in drafts.value)) return;
      const { [id]: _gone, ...rest } = drafts.value;
      drafts.value = rest;
      save();
    },
    /** Signed out: nothing typed stays in the tab for whoever uses it next. */
    forgetAll(): void {
      drafts.value = {};
      try {
        if (storage && saveAs) storage.store.removeItem(saveAs);
      } catch {
        // Storage disabled: nothing was kept.
      }
      saveAs = undefined;
    },
  };
}

/** A random message id; `crypto.randomUUID` needs a secure context, which a console over plain http lacks. */
function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
