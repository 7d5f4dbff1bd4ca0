/** A connection's frames waiting their turn; see {@link createInboundQueue}. */
export interface InboundQueue<F> {
  /**
   * Queues a frame of `bytes`. False (and not queued) only past `hardMaxBytes`, which a socket
   * paused at `maxBytes` does not reach: it hands over at most what it had read.
   */
  push(frame: F, bytes: number): boolean;
  /** Drops every frame still waiting: the socket is gone, their memory goes with it. */
  clear(): void;
  /** Resolves once the frame in hand, if any, is handled (what waits is not awaited after a clear). */
  idle(): Promise<void>;
  /** Frames and bytes waiting (the one in hand not counted). */
  readonly waiting: { frames: number; bytes: number };
}

export interface InboundQueueHooks {
  onError(error: unknown): void;
  /** The bound is reached: stop reading from the client (TCP backpressure) until `onRoom`. */
  onFull(): void;
  /** Half of the bound is free again: read on. */
  onRoom(): void;
}

/**
 * Frames handled one at a time, in arrival order, with a bound on what may wait. Reaching it does
 * not drop or refuse anything: the queue asks the edge to stop reading the socket, so a client
 * that sends faster than its frames are handled (an outbox flushed after a reconnect, an agent's
 * burst, a slow store) is slowed by TCP and loses nothing, and a client cannot pile up frames
 * behind a slow one (a stalled sign-in) without limit. What a socket had already read when it was
 * paused still arrives; only a client past the hard bound of bytes is refused.
 * @example
 * const queue = createInboundQueue((frame) => handleFrame(frame, ctx), { maxFrames: 64, maxBytes: 1 << 20, hardMaxBytes: 3 << 20 },
 *   { onError: report, onFull: () => ws.pause(), onRoom: () => ws.resume() });
 */
export function createInboundQueue<F>(
  handle: (frame: F) => Promise<void>,
  bounds: { maxFrames: number; maxBytes: number; hardMaxBytes: number },
  hooks: InboundQueueHooks,
): InboundQueue<F> {
  const frames: F[] = [];
  const sizes: number[] = [];
  let bytes = 0;
  let full = false;
  let running: Promise<void> | undefined;

  function take(): F {
    const frame = frames.shift() as F;
    bytes -= sizes.shift() as number;
    if (full && frames.length <= bounds.maxFrames / 2 && bytes <= bounds.maxBytes / 2) {
      full = false;
      hooks.onRoom();
    }
    return frame;
  }

  // A promise chain on two callbacks made once per queue, not an async function per pump: the
  // queue is mostly empty, so nearly every frame starts a pump of its own.
  const next = (): Promise<void> | undefined => {
    if (frames.length === 0) {
      running = undefined;
      return undefined;
    }
    let handled: Promise<void>;
    try {
      handled = handle(take());
    } catch (error) {
      handled = Promise.reject(error);
    }
    return handled.then(next, failed);
  };
  const failed = (error: unknown): Promise<void> | undefined => {
    hooks.onError(error);
    return next();
  };

  function pump(): Promise<void> {
    // A turn first, so the frame is handled outside the socket's event (on a promise made once).
    return SETTLED.then(next);
  }

  return {
    push(frame, size) {
      if (bytes + size > bounds.hardMaxBytes) return false;
      frames.push(frame);
      sizes.push(size);
      bytes += size;
      if (!full && (frames.length >= bounds.maxFrames || bytes >= bounds.maxBytes)) {
        full = true;
        hooks.onFull();
      }
      running ??= pump();
      return true;
    },
    clear() {
      frames.length = 0;
      sizes.length = 0;
      bytes = 0;
      full = false;
    },
    idle: () => running ?? Promise.resolve(),
    get waiting() {
      return { frames: frames.length, bytes };
    },
  };
}

const SETTLED: Promise<void> = Promise.resolve();
