import { KefuError, PROTOCOL_VERSION } from '@kefu/protocol';
import type { Clock } from '../clock.ts';
import { randomToken } from '../ids.ts';

/** Sends a frame with a fresh id and waits for the answer that names it. */
export type AgentRequest = <T>(
  frame: Record<string, unknown>,
  options?: { resendOnReconnect?: boolean },
) => Promise<T>;

interface Pending {
  resolve(value: unknown): void;
  reject(error: KefuError): void;
  /** The answer's deadline; none for a send that is re-sent until answered. */
  timer: unknown;
  /** The frame's type, to name it in an error. */
  what: string;
}

/**
 * The pause before a send the hub refused for now (rate limited, store down) goes again: 1 s,
 * doubled after each refusal of the same send up to 5 s, so a send the hub keeps failing is not
 * re-sent every second for as long as the fault lasts. The cap was 30 s: a reply refused through a
 * 45 s database outage then waited up to 30 s more after the store was back, past the 15 s
 * first-response SLA (three conversations breached in an ops drill). Retrying the oldest send of
 * each conversation every 5 s costs the hub one frame per conversation per 5 s (its default budget
 * is 10 a second per connection), and any answer of the hub cuts a pause short (see `hubAnswered`).
 */
const RETRY_PAUSE_MS = { first: 1000, max: 5000 } as const;

/**
 * How many sends of one conversation, held behind a refused one, go out together once it is stored.
 * One at a time, each waited for the previous one's ack: against PostgreSQL just back, 17–40 a second.
 * All go on one connection, which the hub handles in order, so they are stored in the order sent;
 * 10 stays within the hub's default frame budget (a burst of 30, 10 a second) for a conversation.
 */
const DRAIN_WINDOW = 10;

/**
 * The agent client's request/answer bookkeeping: each request waits for the hub's answer that
 * names its id, for at most `timeoutMs`, or until the connection it went out on is lost
 * (`connectionLost`: it rejects then with `connection_lost`). Sends that must survive a reconnect
 * (messages, notes) stay "unacked" until the hub acknowledges them or refuses them for good, and
 * are re-sent with the same ids after the next welcome, and after a growing pause when refused
 * for now (the hub de-duplicates by clientMsgId), as the shopper's outbox does. They have no
 * deadline: a slow or failing store is waited out rather than reported as a failure whose message
 * may yet be stored; only an answer or `rejectAll` (the client's disconnect) settles them. `send`
 * returns false when the frame could not go out now.
 */
export function createAgentRequests(
  clock: Clock,
  timeoutMs: number,
  send: (frame: object) => boolean,
  /** Why no connection will come unless connect() is called (stopped, refused for good), if so. */
  stopped: () => KefuError | undefined = () => undefined,
) {
  const pending = new Map<string, Pending>();
  const unacked = new Map<string, object>();
  /** Pause timers of unacked sends refused for now. */
  const retrying = new Map<string, unknown>();
  /** How often the hub has refused each unacked send for now. */
  const refusals = new Map<string, number>();
  /**
   * Unacked sends refused for now and not stored yet, each waiting for its pause or held behind an
   * older one of its conversation. Each pausing on its own, a reply typed early in an outage (its
   * pause doubled more often) was stored after one typed late, and the shopper read them shuffled:
   * so only the oldest of a conversation pauses, and the next goes once it is stored.
   */
  const refused = new Set<string>();
  /** Refused sends on the wire again, drained behind the one before them (see `drain`): not sent twice. */
  const released = new Set<string>();
  /** When each send waiting for its pause was last refused: a pause cut short still lasts `first` from it. */
  const refusedAt = new Map<string, number>();
  const line = (frame: object | undefined) =>
    (frame as { conversationId?: unknown } | undefined)?.conversationId;
  /** The oldest refused send of `conversationId`, if any (unacked keeps the order sent). */
  function oldestRefused(conversationId: unknown): string | undefined {
    for (const [re, frame] of unacked) if (refused.has(re) && line(frame) === conversationId) return re;
    return undefined;
  }

  function stopRetry(re: string): void {
    clock.clearTimeout(retrying.get(re));
    retrying.delete(re);
    refusedAt.delete(re);
  }

  /** Sends `re` again after `pause` (or with the next welcome's re-send, whichever is first). */
  function retryAfter(re: string, pause: number): void {
    clock.clearTimeout(retrying.get(re));
    retrying.set(
      re,
      clock.setTimeout(() => {
        retrying.delete(re);
        refusedAt.delete(re);
        const frame = unacked.get(re);
        // Not connected now: the next welcome re-sends it.
        if (frame) send(frame);
      }, pause),
    );
  }

  /**
   * Sends, in the order sent, the refused sends of `conversationId` that wait behind none still
   * refused: up to DRAIN_WINDOW on the wire at once, each ack letting the next go. They go on one
   * connection, which the hub handles in order, so they are stored in that order without waiting
   * for each other's acks. A send waiting for its pause stops the drain: what follows it waits.
   */
  function drain(conversationId: unknown): void {
    let inFlight = 0;
    for (const re of released) if (line(unacked.get(re)) === conversationId) inFlight++;
    for (const [re, frame] of unacked) {
      if (line(frame) !== conversationId || !refused.has(re) || released.has(re)) continue;
      if (retrying.has(re) || inFlight >= DRAIN_WINDOW) return;
      // Not connected: the next welcome re-sends them all.
      if (!send(frame)) return;
      released.add(re);
      inFlight++;
    }
  }

  /**
   * The hub answered a request: it is serving again (the store is back), so the sends waiting out a
   * pause go now rather than when a pause doubled through the outage ends (up to 30 s after it, when
   * the cap was 30 s), and their next refusal pauses from 1 s again. Not hammering a hub that answers
   * some requests while refusing these: each still goes at most once per `first` (1 s) after its
   * last refusal.
   */
  function hubAnswered(): void {
    refusals.clear();
    const now = clock.now();
    for (const re of [...retrying.keys()])
      retryAfter(re, Math.max(0, (refusedAt.get(re) ?? now) + RETRY_PAUSE_MS.first - now));
  }

  function settle(re: string | undefined, value: unknown): void {
    if (!re) return;
    const p = pending.get(re);
    if (!p) return;
    pending.delete(re);
    clock.clearTimeout(p.timer);
    p.resolve(value);
    hubAnswered();
  }

  function fail(re: string, error: KefuError): void {
    const p = pending.get(re);
    if (!p) return;
    pending.delete(re);
    clock.clearTimeout(p.timer);
    p.reject(error);
  }

  const request: AgentRequest = <T>(
    frame: Record<string, unknown>,
    options: { resendOnReconnect?: boolean } = {},
  ) => {
    const id = randomToken(12);
    // `id` before the frame's fields: a hub refusing a frame unread (rate_limited) finds the id in
    // the frame's head, before any nested object (a send's content), to name the refused request.
    const full = { v: PROTOCOL_VERSION, id, ...frame };
    return new Promise<T>((resolve, reject) => {
      // A stopped client re-sends nothing: a send kept for a connection that never comes would
      // leave its caller waiting for ever.
      const stop = options.resendOnReconnect ? stopped() : undefined;
      if (stop) {
        reject(stop);
        return;
      }
      const timer = options.resendOnReconnect
        ? undefined
        : clock.setTimeout(
            () =>
              fail(
                id,
                new KefuError('internal', `no answer to ${String(frame.type)} within ${timeoutMs} ms`),
              ),
            timeoutMs,
          );
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer, what: String(frame.type) });
      if (options.resendOnReconnect) {
        // Behind a refused send of its conversation: held, and sent after it.
        const held = oldestRefused(frame.conversationId) !== undefined;
        unacked.set(id, full);
        if (held) {
          refused.add(id);
          return;
        }
      }
      const sent = send(full);
      // Offline, reconnecting, or between a reconnect and its welcome: nothing would answer it.
      if (!sent && !options.resendOnReconnect)
        fail(id, new KefuError('connection_lost', 'not connected to the hub; try again once reconnected'));
    });
  };

  return {
    request,
    settle,
    fail,
    /** A request with this id is waiting for its answer. */
    waits: (re: string) => pending.has(re),
    /** The hub has this frame (or refused it for good): a reconnect need not re-send it. */
    forget(re: string | undefined): void {
      if (!re) return;
      const conversationId = line(unacked.get(re));
      unacked.delete(re);
      refusals.delete(re);
      stopRetry(re);
      released.delete(re);
      // The hub answered: the refused sends of the conversation behind it go now.
      if (refused.delete(re)) drain(conversationId);
    },
    /**
     * The hub refused this request for now. An unacked send goes again after a pause (or with the
     * next welcome's re-send, whichever is first) and keeps waiting: true. Anything else: false.
     */
    retryLater(re: string): boolean {
      if (!unacked.has(re)) return false;
      if (retrying.has(re)) return true;
      refused.add(re);
      // Refused again while draining (see `drain`): it waits, and is sent again, as any refused send.
      released.delete(re);
      // An older send of its conversation pauses: this one goes after it.
      if (oldestRefused(line(unacked.get(re))) !== re) return true;
      const times = refusals.get(re) ?? 0;
      refusals.set(re, times + 1);
      refusedAt.set(re, clock.now());
      retryAfter(re, Math.min(RETRY_PAUSE_MS.max, RETRY_PAUSE_MS.first * 2 ** times));
      return true;
    },
    /**
     * The connection they went out on is gone: every waiting request that is not re-sent on the
     * next one rejects now with `connection_lost`. The hub answers on the connection that asked,
     * so none of them can be answered any more; they waited out `timeoutMs` before (an agent
     * closing a conversation during a blip waited 10 s for "no answer"). Re-sent sends wait on.
     */
    connectionLost(): void {
      for (const [id, p] of [...pending])
        if (!unacked.has(id))
          fail(
            id,
            new KefuError(
              'connection_lost',
              `the connection to the hub was lost before it answered ${p.what}; it may not have been done: try again`,
            ),
          );
    },
    /** Re-sends what the hub has not acknowledged. */
    resend(sendNow: (frame: object) => void): void {
      for (const re of [...retrying.keys()]) stopRetry(re);
      refused.clear();
      released.clear();
      // A fresh welcome: the hub serves again, so a refusal after it pauses from 1 s again.
      refusals.clear();
      for (const frame of unacked.values()) sendNow(frame);
    },
    /** Rejects every waiting request (clearing its timer) and forgets what was not acknowledged. */
    rejectAll(error: KefuError): void {
      for (const re of [...retrying.keys()]) stopRetry(re);
      unacked.clear();
      refusals.clear();
      refused.clear();
      released.clear();
      for (const id of [...pending.keys()]) fail(id, error);
    },
  };
}

export type AgentRequests = ReturnType<typeof createAgentRequests>;
