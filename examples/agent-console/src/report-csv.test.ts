import { describe, expect, it } from 'vitest';
import { reportFileName, reportToCsv } from './report-csv.ts';
import { metricsRow } from './testing/fake-client.ts';

describe('CSV export', () => {
  const report = {
    from: 0,
    to: 86_400_000,
    groupBy: 'agent' as const,
    rows: [
      metricsRow('mei', {
        conversations: 2,
        firstResponse: { count: 2, meanMs: 12_345, p90Ms: 15_000 },
        csat: { count: 1, mean: 4, satisfiedRate: 1 },
        transfers: { count: 1, rate: 0.5 },
        qa: { checked: 3, violations: 0, score: 100 },
      }),
      metricsRow('lei, senior'),
    ],
    total: metricsRow('all', { conversations: 3 }),
  };

  it('writes one line per row and the total, with the figures in seconds', () => {
    expect(reportToCsv(report).split('\r\n')).toHaveLength(5);
    expect(reportToCsv(report).split('\r\n')[1]).toMatch(/^mei,2,2,12\.345,15,/);
  });

  it('never lets a spreadsheet run a key as a formula', () => {
    const csv = reportToCsv({ ...report, rows: [metricsRow('=HYPERLINK("x")')] });
    expect(csv.split('\r\n')[1]).toMatch(/^"'=HYPERLINK\(""x""\)",/);
    // A tab or a carriage return before the formula is skipped by spreadsheets: neutralised too.
    const tabbed = reportToCsv({
      ...report,
      rows: [metricsRow('\t=HYPERLINK("x")'), metricsRow('\r@SUM(1)')],
    });
    expect(tabbed).toContain(`\r\n"'\t=HYPERLINK(""x"")",`);
    expect(tabbed).toContain(`\r\n"'\r@SUM(1)",`);
  });
});

// Finding (2026-12-07): a Shanghai supervisor's "today" exported as kefu-report-group-2026-12-06.csv:
// the name took the UTC date of the report's start, Shanghai's midnight being 16:00 the day before.
describe('the CSV file name', () => {
  it('is dated by the day the report starts in the hub’s zone', () => {
    const shanghaiMidnight = Date.parse('2026-12-06T16:00:00Z');
    expect(reportFileName({ from: shanghaiMidnight, groupBy: 'group', timeZone: 'Asia/Shanghai' })).toBe(
      'kefu-report-group-2026-12-07.csv',
    );
    expect(reportFileName({ from: Date.parse('2026-12-07T00:00:00Z'), timeZone: 'UTC' })).toBe(
      'kefu-report-total-2026-12-07.csv',
    );
  });
});
