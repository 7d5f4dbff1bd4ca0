import type { Clock } from '../clock.ts';
import type { LogFields, Logger } from '../logger.ts';

/** How often a fault that keeps repeating is summed up in one line (default 10 s). */
export const FAULT_SUMMARY_EVERY_MS = 10_000;

/**
 * Wraps `logger` so that repeated identical `hub.fault` lines do not flood the log: during a
 * database outage every frame fails the same way. The first occurrence of each distinct fault is
 * written as is; its repeats are counted and written as one `hub.fault.repeated` line per
 * `everyMs` with `count`. A fault quiet for a whole interval is new again. Faults differing only
 * by conversation are one fault (the first line names its conversation). Every other line passes
 * through untouched. `flush` writes the pending counts and stops the timer (on shutdown).
 * @example
 * const faults = throttleFaults(logger, clock);
 * faults.logger.log('error', 'hub.fault', { where: 'frame', error: 'connect ECONNREFUSED' });
 * faults.flush();
 */
export function throttleFaults(
  logger: Logger,
  clock: Clock,
  everyMs = FAULT_SUMMARY_EVERY_MS,
): { logger: Logger; flush(): void } {
  const seen = new Map<string, { fields: LogFields; count: number }>();
  let timer: unknown;

  const summarize = () => {
    timer = undefined;
    for (const [key, fault] of seen) {
      if (fault.count === 0) {
        seen.delete(key);
        continue;
      }
      const { conversation: _, ...fields } = fault.fields;
      logger.log('error', 'hub.fault.repeated', { ...fields, count: fault.count, everyMs });
      fault.count = 0;
    }
    if (seen.size > 0) arm();
  };
  const arm = () => {
    timer = clock.setTimeout(summarize, everyMs);
    // A summary pending must not keep a process alive on its own.
    (timer as { unref?: () => void } | null)?.unref?.();
  };

  return {
    logger: {
      log(level, event, fields = {}) {
        if (event !== 'hub.fault') return logger.log(level, event, fields);
        const { conversation: _, ...same } = fields;
        const key = JSON.stringify(same);
        const fault = seen.get(key);
        if (fault) {
          fault.count++;
          return;
        }
        seen.set(key, { fields, count: 0 });
        logger.log(level, event, fields);
        if (timer === undefined) arm();
      },
    },
    flush() {
      if (timer !== undefined) clock.clearTimeout(timer);
      summarize();
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
      seen.clear();
    },
  };
}
