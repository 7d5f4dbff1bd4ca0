import type { MetricsRow } from '@kefu/protocol';

/** A report as the agent client returns it. */
export interface ReportData {
  from: number;
  to: number;
  groupBy?: 'group' | 'agent' | 'day' | undefined;
  total: MetricsRow;
  rows: MetricsRow[];
}

// The same columns as the SDK's reportToCsv (its module is bundled with Node-only code, so the
// browser keeps its own copy of these few lines; the export test compares both).
const COLUMNS: Array<[string, (r: MetricsRow) => number | undefined]> = [
  ['conversations', (r) => r.conversations],
  ['first_response_count', (r) => r.firstResponse.count],
  ['first_response_mean_s', (r) => seconds(r.firstResponse.meanMs)],
  ['first_response_p90_s', (r) => seconds(r.firstResponse.p90Ms)],
  ['handling_mean_s', (r) => seconds(r.handling.meanMs)],
  ['queue_wait_mean_s', (r) => seconds(r.queueWait.meanMs)],
  ['queue_wait_p90_s', (r) => seconds(r.queueWait.p90Ms)],
  ['fcr_rate', (r) => r.fcr.rate],
  ['csat_count', (r) => r.csat.count],
  ['csat_mean', (r) => r.csat.mean],
  ['csat_satisfied_rate', (r) => r.csat.satisfiedRate],
  ['bot_containment_rate', (r) => r.containment.rate],
  ['sla_breach_rate', (r) => r.sla.breachRate],
  ['transfer_rate', (r) => r.transfers.rate],
  ['qa_score', (r) => r.qa.score],
];

const seconds = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);
const cell = (value: number | undefined) =>
  value === undefined ? '' : String(Math.round(value * 1000) / 1000);

/**
 * RFC 4180 CSV: a header, one line per row, then the total. Keys with commas, quotes or
 * newlines are quoted; a key starting with = + - @ gets a leading quote so a spreadsheet never
 * runs it as a formula.
 * @example
 * reportToCsv(await client.report(from, to, 'agent')); // 'agent,conversations,…\r\nmei,3,…'
 */
export function reportToCsv(report: ReportData): string {
  const quote = (raw: string) => {
    const s = /^[=+\-@]/.test(raw) ? `'${raw}` : raw;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [[report.groupBy ?? 'key', ...COLUMNS.map(([name]) => name)].join(',')];
  for (const row of [...report.rows, report.total])
    lines.push([quote(row.key), ...COLUMNS.map(([, get]) => cell(get(row)))].join(','));
  return `${lines.join('\r\n')}\r\n`;
}
