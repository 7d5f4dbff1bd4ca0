import type { ReportFrame } from '@kefu/protocol';

/** A report as the agent client returns it. */
export type ReportData = Omit<ReportFrame, 'v' | 'type' | 're'>;

// The CSV export is the SDK's (browser-safe `@kefu/sdk/metrics`): one definition of the columns.
export { reportToCsv } from '@kefu/sdk/metrics';
