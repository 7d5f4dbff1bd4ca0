import { KefuError } from '@kefu/protocol';

/**
 * Reports waiting for the one being computed on a node; one more is refused `rate_limited`. A console's
 * dashboard asks for two at each refresh, so several supervisors' refreshes at once all wait their turn.
 */
export const REPORTS_WAITING = 8;

/**
 * A node's reports, one at a time. A report reads the event log of its whole window (a shop's
 * history: ~1 s of the hub's CPU for 200,000 events), so reports asked for at once, by a `read`
 * API key at its request rate or a supervisor's console, took the event loop from every chat.
 * One runs, {@link REPORTS_WAITING} wait their turn, the rest are refused `rate_limited` (retryable).
 * @example
 * const reports = createReportQueue();
 * const report = await reports.run(() => reportFromStore(store, options, timeZone));
 */
export function createReportQueue(maxWaiting = REPORTS_WAITING) {
  let running = false;
  const waiting: Array<() => void> = [];
  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (running) {
        if (waiting.length >= maxWaiting)
          throw new KefuError(
            'rate_limited',
            'other reports are being computed on this node; retry in a few seconds',
          );
        // The finishing report hands its turn straight to the first waiting: no newcomer slips in.
        await new Promise<void>((resolve) => waiting.push(resolve));
      } else running = true;
      try {
        return await task();
      } finally {
        const next = waiting.shift();
        if (next) next();
        else running = false;
      }
    },
  };
}
