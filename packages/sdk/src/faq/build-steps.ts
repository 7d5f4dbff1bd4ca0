import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * A build written as a generator that yields between stretches of work: run at once with
 * {@link runToEnd}, or spread over turns of the event loop with {@link runInSlices}, so a
 * knowledge-base edit on a hub does not hold every conversation while the index is rebuilt
 * (a 10,000-entry base took 0.16 s quiet, over 1 s on a busy machine).
 */
export type BuildSteps<T> = Generator<void, T, void>;

export function runToEnd<T>(steps: BuildSteps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * How long one slice may hold the event loop: a shopper's message waits for at most one slice,
 * and a slice is long enough that the build still finishes in about the time it takes at once.
 */
export const SLICE_MS = 8;

export async function runInSlices<T>(steps: BuildSteps<T>): Promise<T> {
  for (;;) {
    const until = performance.now() + SLICE_MS;
    do {
      const step = steps.next();
      if (step.done) return step.value;
    } while (performance.now() < until);
    await nextTurn();
  }
}

/** Whether a loop at index `i` should let a slice end: every `every` (a power of two) iterations. */
export const pause = (i: number, every: number): boolean => (i & (every - 1)) === every - 1;
