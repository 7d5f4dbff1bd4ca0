/**
 * One step of the hub's inbound frame pipeline, in the style of Hono's middleware: it does its
 * part and calls `next()` to hand the frame on, or returns without calling it to stop the frame
 * there (after answering it, say, with an error frame).
 */
export type FrameStep<F, C> = (frame: F, ctx: C, next: () => Promise<void>) => void | Promise<void>;

/**
 * Composes steps into one handler that runs them in list order. A step may run code after
 * `await next()` as well, which then sees the later steps done.
 * @example
 * const handle = composeFrameSteps<string, { log: string[] }>([
 *   (frame, ctx, next) => (frame === '' ? undefined : next()), // stops empty frames here
 *   (frame, ctx) => void ctx.log.push(frame),
 * ]);
 * await handle('hi', { log: [] });
 */
export function composeFrameSteps<F, C>(
  steps: readonly FrameStep<F, C>[],
): (frame: F, ctx: C) => Promise<void> {
  const list = [...steps];
  return (frame, ctx) => {
    let reached = -1;
    // Not an async function: every frame goes through every step, and a step that returns
    // next()'s promise (most do) needs no promise of its own around it.
    const run = (i: number): Promise<void> => {
      // A second next() would handle the same frame twice (e.g. send a message twice).
      if (i <= reached) return Promise.reject(new Error('a frame step called next() more than once'));
      reached = i;
      const step = list[i];
      if (!step) return DONE;
      try {
        return Promise.resolve(step(frame, ctx, () => run(i + 1)));
      } catch (error) {
        return Promise.reject(error);
      }
    };
    return run(0);
  };
}

const DONE = Promise.resolve();
