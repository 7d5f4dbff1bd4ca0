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
  timer: unknown;
}

/**
 * The agent client's request/answer bookkeeping: each request waits for the hub's answer that
 * names its id, for at most `timeoutMs`. Sends that must survive a reconnect stay "unacked"
 * until the hub acknowledges them, and are re-sent after the next welcome (the hub
 * de-duplicates). `send` returns false when the frame could not go out now.
 */
export function createAgentRequests(clock: Clock, timeoutMs: number, send: (frame: object) => boolean) {
  const pending = new Map<string, Pending>();
  const unacked = new Map<string, object>();

  function settle(re: string | undefined, value: unknown): void {
    if (!re) return;
    const p = pending.get(re);
    if (!p) return;
    pending.delete(re);
    clock.clearTimeout(p.timer);
    p.resolve(value);
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
    const full = { v: PROTOCOL_VERSION, ...frame, id };
    return new Promise<T>((resolve, reject) => {
      const timer = clock.setTimeout(() => {
        unacked.delete(id);
        fail(id, new KefuError('internal', `no answer to ${String(frame.type)} within ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      if (options.resendOnReconnect) unacked.set(id, full);
      const sent = send(full);
      if (!sent && !options.resendOnReconnect)
        fail(id, new KefuError('internal', 'not connected to the hub'));
    });
  };

  return {
    request,
    settle,
    fail,
    /** A request with this id is waiting for its answer. */
    waits: (re: string) => pending.has(re),
    /** The hub has this frame: a reconnect need not re-send it. */
    forget(re: string | undefined): void {
      if (re) unacked.delete(re);
    },
    /** Re-sends what the hub has not acknowledged. */
    resend(sendNow: (frame: object) => void): void {
      for (const frame of unacked.values()) sendNow(frame);
    },
    /** Rejects every waiting request (clearing its timer) and forgets what was not acknowledged. */
    rejectAll(error: KefuError): void {
      unacked.clear();
      for (const id of [...pending.keys()]) fail(id, error);
    },
  };
}

export type AgentRequests = ReturnType<typeof createAgentRequests>;
