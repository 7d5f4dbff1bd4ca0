import { isKefuError, LIMITS } from '@kefu/protocol';
import type { Clock } from '../clock.ts';
import type { Emitter } from '../emitter.ts';
import type { AgentClientEvents } from './agent-client-events.ts';
import type { AgentRequest } from './agent-requests.ts';
import type { AgentView } from './agent-view.ts';
import { contiguousSeq } from './open-conversation.ts';

/**
 * Fills, one history page at a time, the hole a re-join leaves in an open conversation: a console
 * more than a page behind gets the latest page (the hub streams nothing older), so the messages
 * between what it held and that page are asked for, newest first, each page after the last
 * answered. A page refused or timed out is asked again after 1 s (up to 30 times in a row); one
 * lost with its connection is not: the next connection's re-join starts the fill afresh. Each
 * page is told as a `conversation` event: a UI that redraws on events shows the filled messages
 * as they come, not at its next redraw.
 */
export function createGapFiller(
  view: AgentView,
  events: Emitter<AgentClientEvents>,
  request: AgentRequest,
  clock: Pick<Clock, 'setTimeout'>,
) {
  const filling = new Set<string>();
  /** Failed fills in a row per conversation: a page that timed out (a hub busy with a burst) is asked again. */
  const failures = new Map<string, number>();

  /** The next page to ask for: the messages just below the first one held after the hole. */
  function nextPage(conversationId: string): { before: number; limit: number } | undefined {
    const c = view.open.get(conversationId);
    if (!c) return undefined;
    const upTo = contiguousSeq(c.messages);
    const after = c.messages.find((m) => m.seq > upTo + 1);
    if (!after) return undefined;
    return { before: after.seq, limit: Math.min(LIMITS.maxHistoryPage, after.seq - upTo - 1) };
  }

  /** Starts filling the conversation's hole, unless a fill of it is already under way. */
  function fill(conversationId: string): void {
    if (filling.has(conversationId)) return;
    filling.add(conversationId);
    void (async () => {
      try {
        for (let page = nextPage(conversationId); page; page = nextPage(conversationId)) {
          await request({ type: 'history', conversationId, ...page });
          const c = view.open.get(conversationId);
          if (c) events.emit('conversation', c);
        }
        failures.delete(conversationId);
      } catch (error) {
        // The connection was lost (the page asked on it rejects the moment it drops, so this fill
        // is over before the next welcome): that connection's re-join starts the fill afresh.
        if (isKefuError(error) && error.code === 'connection_lost') return;
        // Timed out or refused: asked again shortly. Without this, a page that timed out behind a
        // burst of sends left the hole until the next re-join.
        const n = (failures.get(conversationId) ?? 0) + 1;
        failures.set(conversationId, n);
        if (n <= MAX_RETRIES) clock.setTimeout(() => fill(conversationId), RETRY_MS);
      } finally {
        filling.delete(conversationId);
      }
    })();
  }

  return { fill };
}

const RETRY_MS = 1000;
const MAX_RETRIES = 30;
