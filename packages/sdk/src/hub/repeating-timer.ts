import type { Clock } from '../clock.ts';

/**
 * Runs `tick` on the injected clock, `everyMs` after the previous tick has settled, until the
 * returned function is called. The `Clock` seam has timeouts only, so this re-arms one; arming
 * after an async tick settles means runs never overlap, and a tick can hold the next one back
 * until something has happened (see the hub's connection sweep).
 * @example
 * const stop = repeatEvery(clock, 3_600_000, () => applyRetention(store, maxAgeMs, clock.now()).catch(report));
 * stop(); // on shutdown
 */
export function repeatEvery(clock: Clock, everyMs: number, tick: () => void | Promise<void>): () => void {
  let stopped = false;
  let handle: unknown;
  const arm = () => {
    if (stopped) return;
    handle = clock.setTimeout(run, everyMs);
    // Housekeeping must not keep a process alive on its own (on Node's clock the handle can unref).
    (handle as { unref?: () => void } | null)?.unref?.();
  };
  const run = () => {
    let pending: Promise<void> | undefined;
    try {
      const result = tick();
      if (result instanceof Promise) pending = result;
    } finally {
      // A tick that throws still leaves the next one armed, as with setInterval.
      if (pending) void pending.finally(arm);
      else arm();
    }
  };
  arm();
  return () => {
    stopped = true;
    clock.clearTimeout(handle);
  };
}
