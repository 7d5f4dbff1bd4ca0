import type { AgentStatus } from '@kefu/protocol';
import type { Clock } from '../clock.ts';
import type { BackoffOptions } from '../transport/backoff.ts';
import type { WebSocketConstructor } from '../transport/socket.ts';
import type { LivenessOptions } from './liveness.ts';

export interface AgentClientOptions {
  url: string;
  token: string;
  WebSocket?: WebSocketConstructor;
  /** Status on connect (default online). */
  status?: AgentStatus;
  /**
   * Reconnect backoff (default 0.5 s doubling to 5 s, jittered; the shopper client's tops out at
   * 15 s): fields left out keep the agent's defaults.
   */
  backoff?: BackoffOptions;
  clock?: Clock;
  /**
   * The hub's HTTP origin, where it takes uploads and serves images; default: the origin of `url`
   * (`wss://hub.example/kefu` → `https://hub.example`).
   */
  httpOrigin?: string;
  /**
   * How long a request waits for the hub's answer (default 10 s), then rejects with `timeout`
   * (retryable; before 2026-12 `internal`); with `connection_lost` sooner if its connection drops. Not `send` nor `note`: they are re-sent until the hub stores
   * or refuses them, and wait for that however long it takes.
   */
  requestTimeoutMs?: number;
  /**
   * How fast a connection that died without a close (a laptop asleep, a Wi-Fi switch) is noticed:
   * the hub is pinged after `quietMs` (10 s) of silence or `answerMs` (4 s) after a frame it did not
   * answer, and the client reconnects when a ping gets no answer within `answerMs`, or when the hub
   * has not welcomed a new connection within `quietMs + answerMs`.
   */
  liveness?: LivenessOptions;
}

/** How long a `connect()` may wait for the hub's welcome. */
export interface ConnectOptions {
  /**
   * Gives up after this many ms without the hub's welcome (default: waits for as long as the hub
   * takes to come back, as a console should).
   */
  timeoutMs?: number;
  /** Gives up when it aborts. */
  signal?: AbortSignal;
}
