import type { Writable } from 'node:stream';
import { ERROR_CODES, type ErrorCode, PROTOCOL_VERSION } from '@kefu/protocol';
import type WebSocket from 'ws';
import type { Clock } from '../clock.ts';
import type { AddressBacklog } from './address-backlog.ts';
import { encodeFrameText } from './frame-text.ts';
import type { HubLimits } from './hub-limits.ts';
import { TokenBucket } from './rate-limiter.ts';
import { holdWrites } from './write-batch.ts';

export type Role = 'pending' | 'shopper' | 'agent';

/** Unsent bytes a connection may hold before its address's total is looked at (see `overAddressBudget`). */
export const SHARE_FLOOR = 64 * 1024;
/** How long a closed connection's peer has to answer the closing handshake before its socket is cut. */
export const CLOSE_GRACE_MS = 5_000;

/**
 * One client socket as the hub sees it: sending with a backpressure cap, closing with a typed
 * reason, rate limiting and liveness. Knows nothing about conversations.
 */
export class Connection {
  private currentRole: Role = 'pending';
  /** Set once a shopper's hello is accepted. */
  shopperId?: string;
  /** Set once an agent is signed in: whose console this is. */
  agentId?: string;
  lastSeen: number;
  readonly openedAt: number;
  private bucket: TokenBucket;
  private strikes = 0;
  closed = false;
  /** Set once the hub has sent its welcome: until then the connection is not signed in. */
  welcomed = false;
  /**
   * What the client sent before the welcome, against the pre-welcome allowance; `since`, when its
   * first frame (the hello) arrived: from then on the sign-in is the hub's work, not the client's.
   */
  readonly beforeWelcome: { frames: number; bytes: number; since?: number } = { frames: 0, bytes: 0 };

  constructor(
    readonly socket: WebSocket,
    readonly ip: string,
    readonly origin: string | undefined,
    /** Site key from the upgrade URL (`?site=`), for shopper connections. */
    readonly siteKey: string | undefined,
    private readonly limits: HubLimits,
    private readonly clock: Clock,
    private readonly onSlowConsumer: () => void,
    /** The TCP socket under `socket`: what is sent in one turn of the event loop goes out in one write. */
    private readonly stream?: Writable,
    /** What the connections of each address hold unsent, for `maxBufferedBytesPerAddress`. */
    private readonly backlog?: Pick<AddressBacklog, 'bytes'>,
  ) {
    this.openedAt = this.lastSeen = clock.now();
    this.bucket = new TokenBucket(limits.framesPerSecond, limits.frameBurst, this.openedAt);
  }

  get role(): Role {
    return this.currentRole;
  }

  /**
   * Set once the hello is accepted. A signed-in agent gets the agents' frame budget, full
   * (`agentFramesPerSecond`, `agentFrameBurst`): one console speaks in many conversations, and
   * its client drains a backlog 20 sends at a time after an outage.
   */
  set role(role: Role) {
    if (role === 'agent' && this.currentRole !== 'agent') {
      this.bucket = new TokenBucket(
        this.limits.agentFramesPerSecond,
        this.limits.agentFrameBurst,
        this.clock.now(),
      );
    }
    this.currentRole = role;
  }

  /**
   * Sends a frame, or closes the connection when the client reads too slowly: it holds more than
   * `maxBufferedBytes` unsent, or more than its share while its address holds more than
   * `maxBufferedBytesPerAddress`. A string is a frame already encoded, for a frame many
   * connections get (encoded once, see `shared-frames.ts`).
   */
  send(frame: object | string): void {
    if (this.closed) return;
    if (this.socket.bufferedAmount > this.limits.maxBufferedBytes) {
      this.closeSlowConsumer();
      return;
    }
    if (this.stream) holdWrites(this.stream);
    if (typeof frame === 'string') this.socket.send(frame);
    else {
      this.socket.send(encodeFrameText(frame));
      // Marked here, where every session's welcome passes, so no session has to remember to.
      if ((frame as { type?: unknown }).type === 'welcome') this.welcomed = true;
    }
    // After the write, so the frame that takes the address past its budget is counted: checked
    // only before, each of an address's sockets could be handed one large page more.
    if (this.overAddressBudget()) this.closeSlowConsumer();
  }

  /** Bytes sent and not yet handed to the kernel (what this turn's held writes hold included). */
  get buffered(): number {
    return this.socket.bufferedAmount;
  }

  private overAddressBudget(): boolean {
    const { maxBufferedBytesPerAddress: budget, maxConnectionsPerIp } = this.limits;
    // A connection within its share cannot take the address past the budget on its own, so the
    // common case (a client that reads) never walks the address's connections. The share is at
    // least SHARE_FLOOR: a frame just written sits in the buffer until the turn ends, and with a
    // high maxConnectionsPerIp (many shoppers behind one proxy or NAT; 10,000 in the soak) the share
    // was 84 bytes, so every write walked all of the address's connections (the soak's hub on
    // PostgreSQL fell behind at 1,000 msg/s).
    return (
      this.backlog !== undefined &&
      this.socket.bufferedAmount > Math.max(budget / maxConnectionsPerIp, SHARE_FLOOR) &&
      this.backlog.bytes(this.ip) > budget
    );
  }

  private closeSlowConsumer(): void {
    this.onSlowConsumer();
    // An error frame would only queue behind the backlog; the close code says it all.
    this.closed = true;
    this.socket.close(ERROR_CODES.slow_consumer.close, 'slow_consumer: reconnect and resume');
    // A full buffer may never drain, so do not wait for the closing handshake.
    this.clock.setTimeout(() => this.socket.terminate(), 1000);
  }

  /** `retryable` overrides the code's own where this case differs from it (a plug-in that may work later). */
  sendError(
    code: ErrorCode,
    message: string,
    extra: { re?: string; clientMsgId?: string; retryable?: boolean; retryAfterMs?: number } = {},
  ): void {
    this.send({
      v: PROTOCOL_VERSION,
      type: 'error',
      ...(extra.re === undefined ? {} : { re: extra.re }),
      code,
      message,
      retryable: extra.retryable ?? ERROR_CODES[code].retryable,
      ...(extra.clientMsgId === undefined ? {} : { clientMsgId: extra.clientMsgId }),
      ...(extra.retryAfterMs === undefined ? {} : { retryAfterMs: extra.retryAfterMs }),
    });
  }

  /**
   * Sends an error frame, then closes with the code's WebSocket close code. `retryable` as in
   * {@link sendError}: a client stops for good after a hello refused as not retryable. `frame:
   * false` closes with the close code alone, for a code newer than some clients (they would
   * refuse the whole error frame as unreadable; every client reconnects on a close it does not know).
   * `retryAfterMs` tells the client when to try again (the error frame's field).
   */
  close(
    code: ErrorCode,
    message: string,
    re?: string,
    how: { retryable?: boolean; frame?: boolean; retryAfterMs?: number } = {},
  ): void {
    if (this.closed) return;
    if (how.frame !== false)
      this.sendError(code, message, {
        ...(re === undefined ? {} : { re }),
        ...(how.retryable === undefined ? {} : { retryable: how.retryable }),
        ...(how.retryAfterMs === undefined ? {} : { retryAfterMs: how.retryAfterMs }),
      });
    this.closed = true;
    const closeCode = ERROR_CODES[code].close ?? 1011;
    this.socket.close(closeCode, closeReason(`${code}: ${message}`));
    // ws waits 30 s for the peer's closing frame: a peer that never answers (gone, or holding its
    // address's connection slots on purpose) kept its socket that long. Real time, as in cutOff.
    const grace = setTimeout(() => this.socket.terminate(), CLOSE_GRACE_MS);
    grace.unref();
    this.socket.once('close', () => clearTimeout(grace));
  }

  /**
   * Closes as {@link close} for a client that abuses the connection, and stops reading it: what it
   * still has in flight (megabytes of frames, say) is never parsed, and the socket is destroyed a
   * second later whether or not the client answers the close.
   */
  cutOff(code: ErrorCode, message: string): void {
    if (this.closed) return;
    this.close(code, message);
    this.socket.pause();
    // Real time, not the injected clock: this is about a real socket, which a test's manual clock
    // would otherwise hold open.
    setTimeout(() => this.socket.terminate(), 1000).unref();
  }

  /** Counts a frame against the rate limit; false when it must be refused. */
  admit(): boolean {
    const now = this.clock.now();
    this.lastSeen = now;
    if (this.bucket.take(now)) {
      this.strikes = 0;
      return true;
    }
    this.strikes++;
    // Frames refused past twice the bucket's burst in a row cut the connection off.
    const burst = this.currentRole === 'agent' ? this.limits.agentFrameBurst : this.limits.frameBurst;
    if (this.strikes > burst * 2) this.cutOff('rate_limited', 'too many frames; slow down');
    return false;
  }
}

/** The longest close reason a WebSocket may carry, in bytes of UTF-8. */
const MAX_CLOSE_REASON_BYTES = 123;

/**
 * `text` cut to what a close frame may carry, between characters. Cutting by UTF-16 units let a
 * reason quoting a client's non-ASCII site key or origin pass 123 bytes, and ws then threw out of
 * the upgrade, ending the hub's process.
 * @example
 * closeReason(`forbidden: origin ${origin} may not connect`); // at most 123 bytes
 */
export function closeReason(text: string): string {
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    bytes += Buffer.byteLength(char);
    if (bytes > MAX_CLOSE_REASON_BYTES) break;
    end += char.length;
  }
  return text.slice(0, end);
}
