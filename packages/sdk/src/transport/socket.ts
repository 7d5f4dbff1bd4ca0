import { type DecodeResult, FATAL_CLOSE_CODES } from '@kefu/protocol';
import type { Clock } from '../clock.ts';
import { type BackoffOptions, backoffDelay } from './backoff.ts';
import { toJson } from './to-json.ts';

/**
 * A handler slot the socket calls with its own event type: a DOM `MessageEvent`, or `ws`'s, which
 * have at least the fields read here. Method syntax makes the parameter bivariant, so both the
 * browser's `WebSocket` and `ws` fit without a cast; a plain function type would demand that
 * their handlers accept any `{ data }` (TS2322 under `strictFunctionTypes`).
 */
type Handler<E> = { bivarianceHack(event: E): void }['bivarianceHack'] | null;

/** The WebSocket the SDK needs: the browser's, Node 22's global, or `ws`. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: Handler<unknown>;
  onclose: Handler<{ code: number; reason: string }>;
  onerror: Handler<unknown>;
  onmessage: Handler<{ data: unknown }>;
}
/**
 * A WebSocket constructor: the browser's, Node's global one, or `ws` (`import WebSocket from 'ws'`).
 * The clients call it with the URL alone, unless a shopper client has an `origin` (see `SocketOptions`).
 */
export type WebSocketConstructor = new (url: string) => WebSocketLike;

/**
 * Where the connection is. `open` means the hub said welcome; `reconnecting` waits for the next
 * attempt; `offline` means the browser reports no network; `failed` is final (the hub refused
 * us for a reason a retry cannot fix).
 */
export type ConnectionStatus =
  | 'idle'
  | 'connecting'
  | 'open'
  | 'reconnecting'
  | 'offline'
  | 'failed'
  | 'closed';

export interface SocketOptions<In> {
  url: string;
  WebSocket: WebSocketConstructor;
  /**
   * The `Origin` header to send (Node): passed as `{ headers: { Origin } }`, the options `ws` and
   * Node's own WebSocket (undici) take. A browser's WebSocket takes subprotocols there and throws
   * on an object; it is then called with the URL alone and sends the page's origin, as it must.
   */
  origin?: string;
  /**
   * Reads one text message from the hub; never throws. A function rather than a schema, so a
   * bundle can read frames without zod (the shopper client's `light` entry).
   */
  decode(raw: string): DecodeResult<In>;
  clock: Clock;
  backoff?: BackoffOptions;
  /**
   * false: no answer check after a message or ping (see `send`), for a client that watches the
   * connection itself (the agent client, agent/liveness.ts). The shopper client relies on it.
   */
  answerCheck?: false;
  /** Called on every open socket: send hello here. */
  onOpen(): void;
  onFrame(frame: In): void;
  onStatus(status: ConnectionStatus, detail?: { code?: number; reason?: string }): void;
  /**
   * A frame the client could not read: the hub and this client disagree about the protocol. `raw`
   * is the frame as received, so a client can tell which of its requests it answered.
   */
  onInvalid(message: string, raw: string): void;
}

/**
 * A WebSocket that reconnects with backoff and jitter, checks liveness with app-level pings
 * (browsers cannot see protocol pings), and stops on close codes that mean "do not retry".
 */
/** The longest heartbeat a client keeps to, whatever the hub announces. */
const MAX_HEARTBEAT_MS = 10 * 60_000;
/** How long the hub has to answer a message (its ack) or a ping (a pong): it answers both at once. */
const ANSWER_MS = 4000;

export class ReconnectingSocket<In> {
  #ws?: WebSocketLike;
  #attempt = 0;
  #retryTimer: unknown;
  #heartbeatTimer: unknown;
  /** The pending answer checks (see `send`): stop() clears them, so a closed client asks nothing more. */
  #checks = new Set<unknown>();
  #lastReceived = 0;
  /** Frames heard: an answer check looks for one heard after its frame (a clock may not tick between). */
  #heard = 0;
  #heartbeatMs = 25_000;
  #stopped = true;
  status: ConnectionStatus = 'idle';

  readonly #o: SocketOptions<In>;

  constructor(o: SocketOptions<In>) {
    this.#o = o;
  }

  /**
   * Starts connecting; `offline` (the browser knows it has no network) starts in the "offline"
   * status instead, with no attempt, until reconnectNow() (see setOffline).
   */
  start(offline = false): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    if (offline) this.#setStatus('offline');
    else this.#open();
  }

  /** Closes for good (until start() again). */
  stop(): void {
    this.#stopped = true;
    this.#o.clock.clearTimeout(this.#retryTimer);
    this.#o.clock.clearTimeout(this.#heartbeatTimer);
    for (const check of this.#checks) this.#o.clock.clearTimeout(check);
    this.#checks.clear();
    const ws = this.#ws;
    this.#ws = undefined;
    if (ws) closeQuietly(ws, 1000, 'client closed');
    this.#setStatus('closed');
  }

  /** Drops the current socket and reconnects at once (e.g. when the browser comes back online). */
  reconnectNow(): void {
    if (this.#stopped) return;
    this.#o.clock.clearTimeout(this.#retryTimer);
    this.#attempt = 0;
    if (this.#ws && this.status === 'open') return;
    this.#drop();
    this.#open();
  }

  /** Marks the welcome: the session is usable, and the backoff starts over. */
  markOpen(heartbeatMs: number): void {
    this.#attempt = 0;
    // Timers past 2^31-1 ms fire at once: a hub announcing a huge heartbeat would be pinged in a loop.
    this.#heartbeatMs = Math.min(heartbeatMs, MAX_HEARTBEAT_MS);
    this.#setStatus('open');
    this.#scheduleHeartbeat();
  }

  setOffline(): void {
    if (this.#stopped) return;
    this.#drop();
    this.#o.clock.clearTimeout(this.#retryTimer);
    this.#setStatus('offline');
  }

  /**
   * Sends a frame if the socket is open; false otherwise (the caller keeps it for later). A message
   * (`send`) or a ping the hub does not answer within ANSWER_MS starts the answer check.
   */
  send(frame: object): boolean {
    const ws = this.#ws;
    if (ws?.readyState !== 1) return false;
    try {
      ws.send(toJson(frame));
    } catch {
      return false;
    }
    // The hub acks a message and answers a ping as they arrive: silence after either means a
    // connection that died without a close (a NAT dropped it, a laptop slept). Unanswered, a
    // message gets a ping after it, and a ping a reconnect: the shopper's message goes out within
    // seconds instead of waiting out two heartbeats (50–75 s) with no sign.
    const { type } = frame as { type?: unknown };
    if ((type === 'send' || type === 'ping') && this.#o.answerCheck !== false) {
      const heard = this.#heard;
      const check = this.#o.clock.setTimeout(() => {
        this.#checks.delete(check);
        // Anything heard since counts: the connection is alive (and an ack may be queued behind it).
        if (this.#ws === ws && this.#heard === heard) type === 'send' ? this.#ping() : this.#lost();
      }, ANSWER_MS);
      this.#checks.add(check);
    }
    return true;
  }

  #open(): void {
    this.#setStatus(this.#attempt === 0 && this.status !== 'reconnecting' ? 'connecting' : 'reconnecting');
    let ws: WebSocketLike;
    try {
      ws = this.#connect();
    } catch {
      this.#scheduleRetry();
      return;
    }
    this.#ws = ws;
    // Browsers give a handshake no timeout of their own: one the hub never answers (a stalled hub, a
    // proxy holding the connection), or a hello never welcomed, is dropped as a silent socket is.
    this.#lastReceived = this.#o.clock.now();
    this.#scheduleHeartbeat();
    // A dropped socket can still deliver what it had buffered: only the current one may speak.
    ws.onopen = () => {
      if (this.#ws !== ws) return;
      this.#lastReceived = this.#o.clock.now();
      this.#o.onOpen();
    };
    ws.onmessage = (event) => {
      if (this.#ws !== ws) return;
      this.#lastReceived = this.#o.clock.now();
      this.#heard++;
      if (typeof event.data !== 'string') return;
      const decoded = this.#o.decode(event.data);
      if (decoded.ok) this.#o.onFrame(decoded.frame);
      else this.#o.onInvalid(decoded.message, event.data);
    };
    ws.onerror = () => {};
    ws.onclose = (event) => {
      if (this.#ws !== ws) return;
      this.#ws = undefined;
      this.#o.clock.clearTimeout(this.#heartbeatTimer);
      if (this.#stopped) return;
      if (FATAL_CLOSE_CODES.includes(event.code)) {
        this.#stopped = true;
        this.#setStatus('failed', { code: event.code, reason: event.reason });
        return;
      }
      this.#setStatus('reconnecting', { code: event.code, reason: event.reason });
      this.#scheduleRetry();
    };
  }

  #connect(): WebSocketLike {
    const { WebSocket: Ctor, url, origin } = this.#o;
    if (origin) {
      try {
        // The public type takes the URL alone, so that a browser's constructor fits it too.
        return new (Ctor as new (url: string, options: object) => WebSocketLike)(url, {
          headers: { Origin: origin },
        });
      } catch {
        // A constructor that takes no options (a browser's): see `origin`.
      }
    }
    return new Ctor(url);
  }

  #drop(): void {
    const ws = this.#ws;
    this.#ws = undefined;
    this.#o.clock.clearTimeout(this.#heartbeatTimer);
    // A handshake that hangs is aborted at once here: waiting for it would pile up sockets.
    if (ws) closeNow(ws, 4000, 'client reconnects');
  }

  #scheduleRetry(): void {
    if (this.#stopped) return;
    const delay = backoffDelay(this.#attempt++, this.#o.backoff);
    this.#retryTimer = this.#o.clock.setTimeout(() => this.#open(), delay);
  }

  #scheduleHeartbeat(): void {
    this.#o.clock.clearTimeout(this.#heartbeatTimer);
    this.#heartbeatTimer = this.#o.clock.setTimeout(() => {
      if (this.#stopped || !this.#ws) return;
      // Two heartbeats without a word from the hub: the socket is dead even if it looks open.
      if (this.#o.clock.now() - this.#lastReceived > this.#heartbeatMs * 2) return this.#lost();
      this.#ping();
      this.#scheduleHeartbeat();
    }, this.#heartbeatMs);
  }

  #ping(): void {
    this.send({ v: 1, type: 'ping', t: this.#o.clock.now() });
  }

  /** Gives up a connection that went silent; the backoff's first step opens the next one. */
  #lost(): void {
    this.#drop();
    this.#setStatus('reconnecting', { reason: 'no answer from the hub' });
    this.#scheduleRetry();
  }

  #setStatus(status: ConnectionStatus, detail?: { code?: number; reason?: string }): void {
    if (this.status === status && !detail) return;
    this.status = status;
    this.#o.onStatus(status, detail);
  }
}

/**
 * Stops listening to a socket being dropped. An error listener stays: closing a socket that is
 * still connecting makes `ws` emit an error, which would be thrown with no listener.
 */
const CONNECTING = 0;

function detach(ws: WebSocketLike): void {
  ws.onclose = ws.onmessage = ws.onopen = null;
  ws.onerror = () => {};
}

function closeNow(ws: WebSocketLike, code: number, reason: string): void {
  detach(ws);
  try {
    ws.close(code, reason);
  } catch {
    // Closing a socket that never opened can throw in some runtimes; it is gone either way.
  }
}

/**
 * Closes a socket for good. One still connecting is closed once it opens: closing it at once
 * makes a browser log "WebSocket is closed before the connection is established" on the host
 * page's console (a page navigating away mid-handshake), which reads like an error of the page.
 */
function closeQuietly(ws: WebSocketLike, code: number, reason: string): void {
  if (ws.readyState !== CONNECTING) {
    closeNow(ws, code, reason);
    return;
  }
  detach(ws);
  ws.onopen = () => closeNow(ws, code, reason);
}
