import type { ReportFrame } from '@kefu/protocol';
import { dayKey } from './time-format.ts';

/** A report as the agent client returns it. */
export type ReportData = Omit<ReportFrame, 'v' | 'type' | 're'>;

// The CSV export is the SDK's (browser-safe `@kefu/sdk/metrics`): one definition of the columns.
export { reportToCsv } from '@kefu/sdk/metrics';

/**
 * The export's file name, dated by the day the report starts in the hub's zone (the one its days
 * are cut in): the UTC date named a Shanghai morning's report after the day before.
 * @example
 * reportFileName({ from, groupBy: 'agent', timeZone: 'Asia/Shanghai' }); // 'kefu-report-agent-2026-12-07.csv'
 */
export function reportFileName(report: Pick<ReportData, 'from' | 'groupBy' | 'timeZone'>): string {
  return `kefu-report-${report.groupBy ?? 'total'}-${dayKey(report.from, report.timeZone)}.csv`;
}
