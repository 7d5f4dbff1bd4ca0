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

/**
 * What each conversation's composer holds: the draft, the suggestion it was built from (kept
 * through the agent's edits until sent), a reply quality inspection held back, and the id a
 * reply is sent under.
 * @example
 * const composer = consoleDrafts();
 * composer.setDraft(id, 'Hello');
 * const clientMsgId = composer.replyId(id, 'Hello');
 */
export function consoleDrafts() {
  const drafts = signal<Record<string, string>>({});
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
        if ((drafts.value[id] ?? '') === draftAtSend) drafts.value = { ...drafts.value, [id]: '' };
      });
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
    },
  };
}

/** A random message id; `crypto.randomUUID` needs a secure context, which a console over plain http lacks. */
function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
