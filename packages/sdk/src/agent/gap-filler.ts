import { LIMITS } from '@kefu/protocol';
import type { Emitter } from '../emitter.ts';
import type { AgentClientEvents } from './agent-client-events.ts';
import type { AgentRequest } from './agent-requests.ts';
import type { AgentView } from './agent-view.ts';
import { contiguousSeq } from './open-conversation.ts';

/**
 * Fills, one history page at a time, the hole a re-join leaves in an open conversation: a console
 * more than a page behind gets the latest page (the hub streams nothing older), so the messages
 * between what it held and that page are asked for, newest first, each page after the last
 * answered. A failed page stops the fill; the next re-join (from the last seq held without a
 * gap) starts it again. Each page is told as a `conversation` event: a UI that redraws on events
 * shows the filled messages as they come, not at its next redraw.
 */
export function createGapFiller(view: AgentView, events: Emitter<AgentClientEvents>, request: AgentRequest) {
  const filling = new Set<string>();

  /** The next page to ask for: the messages just below the first one held after the hole. */
  function nextPage(conversationId: string): { before: number; limit: number } | undefined {
    const c = view.open.get(conversationId);
    if (!c) return undefined;
    const upTo = contiguousSeq(c.messages);
    const after = c.messages.find((m) => m.seq > upTo + 1);
    if (!after) return undefined;
    return { before: after.seq, limit: Math.min(LIMITS.maxHistoryPage, after.seq - upTo - 1) };
  }

  return {
    /** Starts filling the conversation's hole, unless a fill of it is already under way. */
    fill(conversationId: string): void {
      if (filling.has(conversationId)) return;
      filling.add(conversationId);
      void (async () => {
        try {
          for (let page = nextPage(conversationId); page; page = nextPage(conversationId)) {
            await request({ type: 'history', conversationId, ...page });
            const c = view.open.get(conversationId);
            if (c) events.emit('conversation', c);
          }
        } catch {
          // Disconnected or refused: the re-join after the next welcome asks again.
        } finally {
          filling.delete(conversationId);
        }
      })();
    },
  };
}
