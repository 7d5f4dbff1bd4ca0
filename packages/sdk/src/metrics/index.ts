export { type LiveGauges, reportToCsv, reportToPrometheus } from './export-formats.ts';
export { computeReport, type GroupBy, type Report, type ReportOptions } from './report.ts';
