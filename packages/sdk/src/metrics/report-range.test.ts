import { afterEach, describe, expect, it } from 'vitest';
import type { Hub } from '../hub/create-hub.ts';
import { agent, SUPERVISOR_TOKEN, startHub } from '../testing/hub-fixture.ts';
import { checkReportRange } from './report-range.ts';

const DAY = 86_400_000;
let hub: Hub | undefined;
const clients: { disconnect(): void }[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.disconnect();
  await hub?.close();
  hub = undefined;
});

describe('the window a report covers', () => {
  it('is one rule: from before to', () => {
    expect(() => checkReportRange(0, 1)).not.toThrow();
    expect(() => checkReportRange(5, 5)).toThrow("a report's from (5) must be before its to (5)");
  });

  it('refuses from after to in process and from the console with a typed error naming both', async () => {
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
    // The right way round is answered.
    await expect(hub.admin.report({ from: to, to: from })).resolves.toMatchObject({ from: to, to: from });
  });
});
