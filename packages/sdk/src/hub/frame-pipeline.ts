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
  return (frame, ctx) => new FrameRun(list, frame, ctx).step(0);
}

/**
 * One frame's way down the steps. Not async functions, nor closures made per frame beyond each
 * step's `next`: every frame goes through every step, and a step that returns next()'s promise
 * (most do) needs no promise of its own around it.
 */
class FrameRun<F, C> {
  private reached = -1;

  constructor(
    private readonly list: readonly FrameStep<F, C>[],
    private readonly frame: F,
    private readonly ctx: C,
  ) {}

  step(i: number): Promise<void> {
    // A second next() would handle the same frame twice (e.g. send a message twice).
    if (i <= this.reached) return Promise.reject(new Error('a frame step called next() more than once'));
    this.reached = i;
    const step = this.list[i];
    if (!step) return DONE;
    try {
      // A bound function, not an arrow: the arrow's context of `this` and `i` made it 104 bytes to
      // the bound function's 72, on every step of every frame.
      return Promise.resolve(step(this.frame, this.ctx, this.step.bind(this, i + 1)));
    } catch (error) {
      return Promise.reject(error);
    }
  }
}

const DONE = Promise.resolve();
