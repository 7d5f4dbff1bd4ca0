import { KefuError } from '@kefu/protocol';

const DAY = 86_400_000;

/**
 * The longest window one report covers. A report reads every event of its window (and 7 days on
 * each side) into memory: on PostgreSQL with 500 conversations a day, 30 days took 7 s and 280 MB,
 * 365 days about ten times that. Longer periods are asked for month by month.
 */
export const MAX_REPORT_DAYS = 31;

/**
 * The one rule every way of asking for a report follows (`hub.admin.report`, the console's
 * `report` frame, `GET /api/v1/reports`): `from` before `to`, at most {@link MAX_REPORT_DAYS} apart.
 * @throws KefuError `invalid_frame` naming both values (and the limit).
 * @example
 * checkReportRange(from, to); // before reading any event
 */
export function checkReportRange(from: number, to: number): void {
  if (!(from < to))
    throw new KefuError('invalid_frame', `a report's from (${from}) must be before its to (${to})`);
  if (to - from > MAX_REPORT_DAYS * DAY)
    throw new KefuError(
      'invalid_frame',
      `a report covers at most ${MAX_REPORT_DAYS} days; from (${from}) to (${to}) is ${Math.ceil((to - from) / DAY)} days: ask for a longer period month by month`,
    );
}
