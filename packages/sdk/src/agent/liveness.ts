import { PROTOCOL_VERSION } from '@kefu/protocol';
import type { Clock } from '../clock.ts';
import type { WebSocketConstructor, WebSocketLike } from '../transport/socket.ts';

/**
 * How fast the agent client notices a connection that died without a close. A connection the hub
 * has not welcomed within `quietMs + answerMs` (14 s) is given up too.
 */
export interface LivenessOptions {
  /** Nothing heard from the hub for this long: the client asks it for a word (a ping). Default 10 s. */
  quietMs?: number;
  /**
   * How long the hub has to say anything after the client wrote to it (a request, a message, typing,
   * a ping) before the client pings; and after a ping before the connection counts as dead and the
   * client reconnects. Default 4 s.
   */
  answerMs?: number;
}

/** The close a dead connection is reported with: a browser's word for a connection lost without a close frame. */
const LOST = { code: 1006, reason: 'no answer from the hub' } as const;

/**
 * Notices a connection that died without a close frame (a laptop asleep, a Wi-Fi switch, a proxy
 * that stopped forwarding) within seconds rather than the ~50 s two missed heartbeats take: an
 * agent sees "reconnecting" while what they type waits for the next connection. Pings go out only
 * when the hub has been quiet (one per `quietMs` on an idle desk) or has not answered something the
 * client wrote, so a busy connection costs the hub nothing extra.
 *
 * It wraps the WebSocket the ReconnectingSocket makes, rather than living in it, because the
 * shopper widget shares that socket and has no bytes to spare; a dead connection is reported as
 * the socket's close (1006), so the socket's own reconnect and backoff take over.
 * @example
 * const liveness = watchLiveness(WebSocket, systemClock);
 * const socket = new ReconnectingSocket({ WebSocket: liveness.WebSocket, ... });
 * // on the hub's welcome:
 * liveness.watch();
 * // when the page becomes visible again, or the browser is back online:
 * liveness.check();
 */
export function watchLiveness(Real: WebSocketConstructor, clock: Clock, options: LivenessOptions = {}) {
  const quietMs = positive(options.quietMs ?? 10_000, 'quietMs');
  const answerMs = positive(options.answerMs ?? 4_000, 'answerMs');
  /** The newest socket made: the only one that can be watched (older ones were dropped). */
  let newest: Watched | undefined;
  /** True from the welcome on the newest socket until it closes. */
  let watching = false;
  let lastHeard = 0;
  /** When the client first wrote something the hub has not answered yet. */
  let owed: number | undefined;
  let pingedAt: number | undefined;
  /**
   * Until the welcome: when the newest socket is given up if none came. A path that stalls during
   * the handshake took ~75 s before (the socket's heartbeat check), with the sign-in saying nothing;
   * the hub closes a connection it has not welcomed within its hello timeout (10 s) anyway.
   */
  let welcomeBy: number | undefined;
  let timer: unknown;
  let timerAt = Number.POSITIVE_INFINITY;

  function arm(at: number): void {
    if (at >= timerAt) return;
    clock.clearTimeout(timer);
    timerAt = at;
    timer = clock.setTimeout(tick, Math.max(0, at - clock.now()));
  }

  function stop(): void {
    watching = false;
    welcomeBy = undefined;
    clock.clearTimeout(timer);
    timerAt = Number.POSITIVE_INFINITY;
  }

  function tick(): void {
    timerAt = Number.POSITIVE_INFINITY;
    const ws = newest;
    if (!ws) return;
    const now = clock.now();
    if (welcomeBy !== undefined) {
      if (now < welcomeBy) arm(welcomeBy);
      else {
        stop();
        ws.lost();
      }
      return;
    }
    if (!watching) return;
    if (pingedAt !== undefined) {
      if (now - pingedAt >= answerMs) {
        stop();
        ws.lost();
      } else arm(pingedAt + answerMs);
      return;
    }
    const due = Math.min(
      lastHeard + quietMs,
      owed === undefined ? Number.POSITIVE_INFINITY : owed + answerMs,
    );
    if (now >= due) ping(ws);
    else arm(due);
  }

  function ping(ws: Watched): void {
    const now = clock.now();
    pingedAt = now;
    try {
      ws.send(JSON.stringify({ v: PROTOCOL_VERSION, type: 'ping', t: now }));
    } catch {
      // Not open after all: no answer comes, and the connection is given up as one that is silent.
    }
    arm(now + answerMs);
  }

  const hooks: Hooks = {
    heard(ws) {
      if (ws !== newest) return;
      lastHeard = clock.now();
      owed = pingedAt = undefined;
    },
    wrote(ws) {
      if (ws !== newest || !watching || owed !== undefined) return;
      owed = clock.now();
      arm(owed + answerMs);
    },
    gone(ws) {
      if (ws === newest) stop();
    },
  };

  /** A WebSocket whose every frame in and out the watch sees, and which it can declare lost. */
  class Watched implements WebSocketLike {
    onopen: WebSocketLike['onopen'] = null;
    onclose: WebSocketLike['onclose'] = null;
    onerror: WebSocketLike['onerror'] = null;
    onmessage: WebSocketLike['onmessage'] = null;
    private readonly real: WebSocketLike;

    constructor(url: string) {
      stop();
      newest = this;
      const real = new Real(url);
      this.real = real;
      welcomeBy = clock.now() + quietMs + answerMs;
      arm(welcomeBy);
      real.onopen = (event) => this.onopen?.(event);
      real.onerror = (event) => this.onerror?.(event);
      real.onmessage = (event) => {
        hooks.heard(this);
        this.onmessage?.(event);
      };
      real.onclose = (event) => {
        hooks.gone(this);
        this.onclose?.(event);
      };
    }

    get readyState(): number {
      return this.real.readyState;
    }

    send(data: string): void {
      this.real.send(data);
      hooks.wrote(this);
    }

    close(code?: number, reason?: string): void {
      hooks.gone(this);
      this.real.close(code, reason);
    }

    /** Gives the connection up: closed without waiting for a closing handshake that cannot come. */
    lost(): void {
      const real = this.real;
      real.onopen = real.onmessage = real.onclose = null;
      // `ws` emits an error when a close cannot be sent; nobody should hear of it.
      real.onerror = () => {};
      try {
        const terminate = (real as { terminate?: () => void }).terminate;
        if (terminate) terminate.call(real);
        else real.close(4000, LOST.reason);
      } catch {
        // Already closing: it is gone either way.
      }
      this.onclose?.({ ...LOST });
    }
  }

  return {
    /** The WebSocket to give the ReconnectingSocket. */
    WebSocket: Watched as WebSocketConstructor,
    /** Starts watching the newest socket: call on the hub's welcome, when it is known to answer. */
    watch(): void {
      if (!newest) return;
      watching = true;
      welcomeBy = undefined;
      lastHeard = clock.now();
      owed = pingedAt = undefined;
      arm(lastHeard + quietMs);
    },
    /**
     * Asks the hub for a word now (the page is visible again, the network is back); the connection
     * is given up if none comes within `answerMs`. Nothing happens while a ping is out or the
     * client is not connected.
     */
    check(): void {
      if (watching && newest && pingedAt === undefined) ping(newest);
    },
  };
}

interface Hooks {
  heard(ws: object): void;
  wrote(ws: object): void;
  gone(ws: object): void;
}

function positive(ms: number, name: string): number {
  if (!Number.isFinite(ms) || ms <= 0)
    throw new RangeError(`createAgentClient: liveness.${name} must be a positive number of ms, got ${ms}`);
  return ms;
}
