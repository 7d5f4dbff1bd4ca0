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
 * How many queued sends (held behind a refused one, or kept through a reconnect) may be on the wire
 * unanswered in all; of one conversation, one (`pump`). All at once on the welcome, a backlog past the hub's
 * frame burst (30) was refused, and after 60 refusals in a row the hub cut the connection (4429),
 * again on every reconnect. Of one conversation, one: with ten on the wire, the hub refusing one of
 * them for now (its frame budget spent, a batch that failed) and storing the next put the later
 * reply first for the shopper (seen under load, 1 run in 4). Each waits for the answer to the one
 * before it in its conversation, so the order typed is the order stored; conversations drain side
 * by side, 20 in all, which leaves room in the burst for the re-joins.
 */
const DRAIN_WINDOW = 20;

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
   * Queued sends: unacked sends refused for now or kept through a reconnect, not stored yet, each
   * waiting for its pause, held behind an older one of its conversation, or on the wire again (see
   * `pump`). Each pausing on its own, a reply typed early in an outage (its pause doubled more
   * often) was stored after one typed late, and the shopper read them shuffled: so only the oldest
   * of a conversation pauses, and the ones after it go once it is stored.
   */
  const refused = new Set<string>();
  /** Queued sends on the wire again (see `pump`), not answered yet: not sent twice. */
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
        if (frame && send(frame)) released.add(re);
      }, pause),
    );
  }

  /**
   * Sends queued sends (`refused`: refused for now, held, or kept through a reconnect) in the order
   * sent, one per conversation (see DRAIN_WINDOW), up to DRAIN_WINDOW on the wire at once, each
   * answer letting the next go. A send on the wire again, or waiting for its pause, holds back what
   * follows it in its conversation: the hub may refuse it again (the store still down).
   */
  function pump(): void {
    let all = released.size;
    const busy = new Set<unknown>();
    for (const re of released) busy.add(line(unacked.get(re)));
    for (const re of retrying.keys()) busy.add(line(unacked.get(re)));
    for (const [re, frame] of unacked) {
      const c = line(frame);
      if (!refused.has(re) || busy.has(c)) continue;
      // Not connected: the next welcome re-sends them all.
      if (all >= DRAIN_WINDOW || !send(frame)) return;
      released.add(re);
      all++;
      busy.add(c);
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
              fail(id, new KefuError('timeout', `no answer to ${String(frame.type)} within ${timeoutMs} ms`)),
            timeoutMs,
          );
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer, what: String(frame.type) });
      if (options.resendOnReconnect) {
        // Behind a refused send of its conversation: held, and sent after it.
        const held = oldestRefused(frame.conversationId) !== undefined;
        unacked.set(id, full);
        if (held) {
          refused.add(id);
          pump();
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
      unacked.delete(re);
      refusals.delete(re);
      stopRetry(re);
      released.delete(re);
      // The hub answered: the queued sends behind it go now.
      if (refused.delete(re)) pump();
    },
    /**
     * The hub refused this request for now. An unacked send goes again after a pause (or with the
     * next welcome's re-send, whichever is first) and keeps waiting: true. Anything else: false.
     */
    retryLater(re: string): boolean {
      if (!unacked.has(re)) return false;
      if (retrying.has(re)) return true;
      refused.add(re);
      // Refused again while queued (see `pump`): it waits, and is sent again, as any refused send.
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
    /**
     * After a welcome: re-sends what the hub has not acknowledged, in the order sent, a window at a
     * time (see `pump`), so a backlog does not outrun the hub's frame budget.
     */
    resend(): void {
      for (const re of [...retrying.keys()]) stopRetry(re);
      released.clear();
      // A fresh welcome: the hub serves again, so a refusal after it pauses from 1 s again.
      refusals.clear();
      refused.clear();
      for (const re of unacked.keys()) refused.add(re);
      pump();
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
