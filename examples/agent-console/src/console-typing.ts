import { signal } from '@preact/signals';

/**
 * "Typing" not renewed for this long is gone: the widget renews it every 3 s while the shopper types,
 * and the hub passes a repeat on after 3 s (so one renewal may be dropped by a few ms of jitter).
 */
const TYPING_STALE_MS = 10_000;

/**
 * Which shoppers are typing, per conversation, as the hub says it, and its staleness.
 * @example
 * const shoppers = consoleTyping(Date.now);
 * client.on('typing', ({ conversationId, on }) => shoppers.said(conversationId, on));
 */
export function consoleTyping(now: () => number) {
  const typing = signal<Record<string, boolean>>({});
  /** When each shopper last said they type: the widget says it again every 3 s while they do. */
  const typingAt = new Map<string, number>();
  return {
    typing,
    /** The hub's word that a shopper types, or stopped. */
    said(conversationId: string, on: boolean): void {
      if (on) typingAt.set(conversationId, now());
      else typingAt.delete(conversationId);
      typing.value = { ...typing.value, [conversationId]: on };
    },
    /**
     * A shopper who stopped typing and left the box focused (or whose "stopped" was lost) never says
     * so: "typing…" stood above the conversation until they sent something. Unrenewed, it goes.
     */
    expire(at: number): void {
      const stale: Record<string, boolean> = {};
      for (const [id, since] of typingAt)
        if (at - since > TYPING_STALE_MS) {
          typingAt.delete(id);
          if (typing.peek()[id]) stale[id] = false;
        }
      if (Object.keys(stale).length) typing.value = { ...typing.value, ...stale };
    },
  };
}
