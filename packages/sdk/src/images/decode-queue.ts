import type { Clock } from '../clock.ts';
import { ImageRefusal } from './image-refusal.ts';

export interface DecodeQueueOptions {
  /** Decodes running at once on this node (default 2). */
  concurrency?: number;
  /** Uploads waiting for a decode; one more is refused `busy` (default 8). */
  maxWaiting?: number;
  /** How long an upload waits for a decode before it is refused `busy` (default 10 s). */
  maxWaitMs?: number;
}

export const DECODE_QUEUE_DEFAULTS: Readonly<Required<DecodeQueueOptions>> = Object.freeze({
  concurrency: 2,
  maxWaiting: 8,
  maxWaitMs: 10_000,
});

export type DecodeOutcome<T> = { ok: true; value: T } | { ok: false; error: ImageRefusal };

interface Waiter {
  start(): void;
  timer: unknown;
}

/**
 * The node's decodes, a few at a time. A photo's decode holds one of libuv's 4 threads for
 * seconds (a 40-megapixel PNG: ~6 s of CPU and ~65 MB), and the per-address upload limits do not
 * bound the sum over addresses: unqueued, a handful of addresses could take every thread and
 * stall the hub's file and DNS work. Uploads beyond the queue are refused `busy` (retryable), so a
 * flood costs a refusal, not a thread.
 * @example
 * const decodes = createDecodeQueue(clock);
 * const outcome = await decodes.run(() => processImage(bytes));
 * if (!outcome.ok) refuse(429, outcome.error.message);
 */
export function createDecodeQueue(clock: Clock, options: DecodeQueueOptions = {}) {
  const { concurrency, maxWaiting, maxWaitMs } = { ...DECODE_QUEUE_DEFAULTS, ...options };
  for (const [name, value, min] of [
    ['concurrency', concurrency, 1],
    ['maxWaiting', maxWaiting, 0],
    ['maxWaitMs', maxWaitMs, 1],
  ] as const)
    if (!Number.isSafeInteger(value) || value < min)
      throw new RangeError(`decode queue: ${name} must be an integer of at least ${min}, got ${value}`);
  let running = 0;
  const waiting: Waiter[] = [];

  /** Hands the finished decode's slot straight to the first waiter, so no newcomer can slip in between. */
  function release(): void {
    const waiter = waiting.shift();
    if (!waiter) {
      running--;
      return;
    }
    clock.clearTimeout(waiter.timer);
    waiter.start();
  }

  return {
    /** Decodes running now. */
    get running() {
      return running;
    },
    /** Uploads waiting for a decode now. */
    get waiting() {
      return waiting.length;
    },

    /** Runs `task` when a decode is free; refused `busy` when the queue is full or the wait too long. */
    async run<T>(task: () => Promise<T>): Promise<DecodeOutcome<T>> {
      if (running >= concurrency) {
        if (waiting.length >= maxWaiting)
          return busy('the server is processing too many photos; retry in a few seconds');
        const started = await new Promise<boolean>((resolve) => {
          const waiter: Waiter = {
            start: () => resolve(true),
            timer: clock.setTimeout(() => {
              waiting.splice(waiting.indexOf(waiter), 1);
              resolve(false);
            }, maxWaitMs),
          };
          waiting.push(waiter);
        });
        if (!started) return busy('the server is busy with other photos; retry in a few seconds');
      } else running++;
      try {
        return { ok: true, value: await task() };
      } finally {
        release();
      }
    },
  };
}

function busy(message: string): DecodeOutcome<never> {
  return { ok: false, error: new ImageRefusal('busy', message) };
}

export type DecodeQueue = ReturnType<typeof createDecodeQueue>;
