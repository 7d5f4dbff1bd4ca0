import { afterEach, describe, expect, it } from 'vitest';
import type { Hub } from '../hub/create-hub.ts';
import { agent, SUPERVISOR_TOKEN, startHub } from '../testing/hub-fixture.ts';
import { checkReportRange, MAX_REPORT_DAYS } from './report-range.ts';

const DAY = 86_400_000;
let hub: Hub | undefined;
const clients: { disconnect(): void }[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.disconnect();
  await hub?.close();
  hub = undefined;
});

describe('the window a report may cover', () => {
  it('is one rule: from before to, at most the limit apart', () => {
    expect(() => checkReportRange(0, MAX_REPORT_DAYS * DAY)).not.toThrow();
    expect(() => checkReportRange(5, 5)).toThrow("a report's from (5) must be before its to (5)");
    expect(() => checkReportRange(0, MAX_REPORT_DAYS * DAY + 1)).toThrow(/at most 31 days.*month by month/);
  });

  it('refuses from after to, and a year, in process and from the console, with a typed error', async () => {
    const started = await startHub();
    hub = started.hub;
    const from = Date.UTC(2026, 11, 5);
    const to = from - DAY;
    const message = `a report's from (${from}) must be before its to (${to})`;
    await expect(hub.admin.report({ from, to })).rejects.toMatchObject({ code: 'invalid_frame', message });
    const boss = agent(started.url, SUPERVISOR_TOKEN);
    clients.push(boss);
    await boss.connect();
    await expect(boss.report(from, to, 'agent')).rejects.toMatchObject({ code: 'invalid_frame', message });
    const year = { from: from - 365 * DAY, to: from };
    await expect(hub.admin.report(year)).rejects.toMatchObject({
      code: 'invalid_frame',
      message: expect.stringContaining('at most 31 days'),
    });
    await expect(boss.report(year.from, year.to)).rejects.toMatchObject({ code: 'invalid_frame' });
    // A month is answered.
    await expect(hub.admin.report({ from: from - 31 * DAY, to: from })).resolves.toMatchObject({
      from: from - 31 * DAY,
    });
  });
});
