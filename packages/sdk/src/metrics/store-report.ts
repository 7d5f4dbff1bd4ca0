import type { Store } from '../store/store.ts';
import { exceptionTicketsResolvedAt } from './proactive-facts.ts';
import { createReportBuilder, type GroupBy, type Report } from './report.ts';
import { checkReportRange } from './report-range.ts';

/**
 * Conversations a report reads at once: their events (a dozen or so each) are all it holds beside
 * its per-row sums, so memory follows the batch, not the window.
 */
const REPORT_BATCH = 1000;
/** Events this far around the window are read too, so spans crossing its edges count. */
const MARGIN_MS = 7 * 86_400_000;

/**
 * Service metrics for a time window from the store's event log, a batch of conversations at a
 * time (the caller flushes its unwritten events first).
 * @throws KefuError `invalid_frame` when `from` is not before `to` (see {@link checkReportRange}).
 * @example
 * const report = await reportFromStore(store, { from, to, groupBy: 'agent' }, 'Asia/Shanghai');
 */
export async function reportFromStore(
  store: Pick<Store, 'listEventConversations' | 'listEvents' | 'getTicket'>,
  options: { from: number; to: number; groupBy?: GroupBy },
  timeZone: string | undefined,
): Promise<Report> {
  checkReportRange(options.from, options.to);
  const window = { from: options.from - MARGIN_MS, to: options.to + MARGIN_MS };
  const report = createReportBuilder({ ...options, ...(timeZone ? { timeZone } : {}) });
  const ids = await store.listEventConversations(window);
  for (let i = 0; i < ids.length; i += REPORT_BATCH) {
    const events = await store.listEvents({ ...window, conversationIds: ids.slice(i, i + REPORT_BATCH) });
    report.add(events, { ticketsResolvedAt: await exceptionTicketsResolvedAt(store, events) });
  }
  return report.finish();
}
