import { KefuError } from '@kefu/protocol';

/**
 * The one rule every way of asking for a report follows (`hub.admin.report`, the console's
 * `report` frame, `GET /api/v1/reports`): `from` before `to`.
 * @throws KefuError `invalid_frame` naming both values.
 * @example
 * checkReportRange(from, to); // before reading any event
 */
export function checkReportRange(from: number, to: number): void {
  if (!(from < to))
    throw new KefuError('invalid_frame', `a report's from (${from}) must be before its to (${to})`);
}
