import { describe, expect, it } from 'vitest';
import type { EventRecord } from '../store/store.ts';
import { reportToCsv, reportToPrometheus } from './export-formats.ts';
import { computeReport, NO_AGENT, NO_GROUP } from './report.ts';

const DAY = 86_400_000;
const T = Date.UTC(2026, 10, 23, 8, 0, 0);
let n = 0;
/** An event `seconds` after T. */
const e = (
  seconds: number,
  kind: EventRecord['kind'],
  conversationId: string,
  extra: Partial<EventRecord> = {},
): EventRecord => ({
  id: `e${++n}`,
  at: T + seconds * 1000,
  kind,
  conversationId,
  ...extra,
});

// c1: escalated, waited 10 s, first reply after 30 s, closed at 90 s, rated 5.
// c2: escalated, transferred from mei to lei, closed, reopened 2 days later (not resolved at first contact).
// c3: the bot handled it alone.
const events: EventRecord[] = [
  e(0, 'conversation.created', 'c1'),
  e(1, 'message', 'c1', { data: { authorKind: 'shopper' } }),
  e(2, 'escalated', 'c1', { group: 'logistics' }),
  e(12, 'assigned', 'c1', { agentId: 'mei', group: 'logistics', data: { waitedMs: 10_000 } }),
  e(32, 'message', 'c1', { agentId: 'mei', data: { authorKind: 'agent' } }),
  e(33, 'qa', 'c1', { agentId: 'mei', data: { violations: 0 } }),
  e(40, 'sla', 'c1', {
    agentId: 'mei',
    group: 'logistics',
    data: { metric: 'first_response', outcome: 'breach' },
  }),
  e(92, 'closed', 'c1', { agentId: 'mei', group: 'logistics' }),
  e(95, 'csat', 'c1', { agentId: 'mei', data: { rating: 5 } }),
  e(100, 'conversation.created', 'c2'),
  e(101, 'message', 'c2', { data: { authorKind: 'shopper' } }),
  e(102, 'escalated', 'c2', { group: 'after-sale' }),
  e(104, 'assigned', 'c2', { agentId: 'mei', group: 'after-sale', data: { waitedMs: 2_000 } }),
  e(110, 'message', 'c2', { agentId: 'mei', data: { authorKind: 'agent' } }),
  e(111, 'qa', 'c2', { agentId: 'mei', data: { violations: 2 } }),
  e(120, 'transferred', 'c2', { agentId: 'mei', data: { to: 'lei' } }),
  e(120, 'released', 'c2', { agentId: 'mei' }),
  e(120, 'assigned', 'c2', { agentId: 'lei', group: 'after-sale' }),
  e(200, 'closed', 'c2', { agentId: 'lei', group: 'after-sale' }),
  e((2 * DAY) / 1000, 'reopened', 'c2'),
  e(300, 'conversation.created', 'c3'),
  e(301, 'message', 'c3', { data: { authorKind: 'shopper' } }),
  e(302, 'bot.answer', 'c3', { data: { seq: 3 } }),
  e(303, 'feedback', 'c3', { data: { seq: 3, helpful: true } }),
];

const LIVE = {
  queued: { vip: 2 },
  agentsOnline: {},
  connections: { shoppers: 1, agents: 0 },
  breachRate: 0,
  tickets: { open: { complaints: 3 }, overdue: { complaints: 1 } },
};

describe('service metrics from the event log', () => {
  const report = computeReport(events, { from: T - DAY, to: T + 3 * DAY, groupBy: 'agent' });

  it('computes each figure as defined', () => {
    expect(report.total).toMatchObject({
      conversations: 3,
      firstResponse: { count: 2, meanMs: (30_000 + 8_000) / 2 },
      queueWait: { count: 2, meanMs: 6_000 },
      fcr: { resolved: 1, closed: 2, rate: 0.5 },
      csat: { count: 1, mean: 5, satisfiedRate: 1 },
      containment: { botOnly: 1, total: 3 },
      sla: { met: 0, breached: 1, breachRate: 1 },
      transfers: { count: 1, rate: 0.5 },
      qa: { checked: 2, violations: 2, score: 50 },
      bot: { answers: 1, helpful: 1, notHelpful: 0, failures: 0 },
    });
    expect(report.total.containment.rate).toBeCloseTo(1 / 3);
    // Handling: mei 80 s on c1 and 16 s on c2 before the transfer; lei 80 s on c2.
    expect(report.total.handling).toMatchObject({ count: 3, meanMs: (80_000 + 16_000 + 80_000) / 3 });
  });

  it('counts a conversation closed as abandoned neither as handling time nor as a resolution', () => {
    const abandoned = [
      e(400, 'conversation.created', 'c4'),
      e(401, 'message', 'c4', { data: { authorKind: 'shopper' } }),
      e(402, 'escalated', 'c4', { group: 'logistics' }),
      e(403, 'assigned', 'c4', { agentId: 'mei', group: 'logistics' }),
      e(403 + 7 * 86_400, 'closed', 'c4', {
        agentId: 'mei',
        group: 'logistics',
        data: { resolution: 'abandoned', status: 'assigned', abandoned: true },
      }),
    ];
    const withAbandoned = computeReport([...events, ...abandoned], {
      from: T - DAY,
      to: T + 9 * DAY,
      groupBy: 'agent',
    });
    const without = computeReport(events, { from: T - DAY, to: T + 9 * DAY, groupBy: 'agent' });
    expect(withAbandoned.total.handling).toEqual(without.total.handling);
    expect(withAbandoned.total.fcr).toEqual(without.total.fcr);
  });

  it('cuts the same figures per agent', () => {
    const mei = report.rows.find((r) => r.key === 'mei')!;
    const lei = report.rows.find((r) => r.key === 'lei')!;
    expect(mei.firstResponse.count).toBe(2);
    expect(mei.qa.score).toBe(50);
    expect(lei.handling).toMatchObject({ count: 1, meanMs: 80_000 });
    expect(lei.fcr).toMatchObject({ resolved: 0, closed: 1 });
  });

  it("puts the bot answers before a hand-over in the conversation's row: no row of bot figures alone", () => {
    const handedOver = [
      e(500, 'conversation.created', 'c5'),
      e(501, 'message', 'c5', { data: { authorKind: 'shopper' } }),
      e(502, 'bot.answer', 'c5', { data: { seq: 2 } }),
      e(503, 'feedback', 'c5', { data: { seq: 2, helpful: false } }),
      e(504, 'escalated', 'c5', { group: 'logistics' }),
      e(510, 'assigned', 'c5', { agentId: 'mei', group: 'logistics', data: { waitedMs: 6_000 } }),
      e(520, 'message', 'c5', { agentId: 'mei', data: { authorKind: 'agent' } }),
      e(530, 'closed', 'c5', { agentId: 'mei', group: 'logistics' }),
    ];
    const window = { from: T - DAY, to: T + DAY };
    const byAgent = computeReport(handedOver, { ...window, groupBy: 'agent' });
    expect(byAgent.rows.map((r) => r.key)).toEqual(['mei']);
    expect(byAgent.rows[0]!.bot).toEqual({ answers: 1, helpful: 0, notHelpful: 1, failures: 0 });
    const byGroup = computeReport(handedOver, { ...window, groupBy: 'group' });
    expect(byGroup.rows.map((r) => r.key)).toEqual(['logistics']);
    // A conversation only the bot handled has figures: its row is named for that.
    const all = computeReport([...events, ...handedOver], { ...window, groupBy: 'agent' });
    expect(all.rows.map((r) => r.key)).toEqual([NO_AGENT, 'lei', 'mei']);
    expect(all.rows[0]).toMatchObject({ conversations: 1, containment: { botOnly: 1, total: 1 } });
    const groups = computeReport([...events, ...handedOver], { ...window, groupBy: 'group' });
    expect(groups.rows.map((r) => r.key)).toEqual([NO_GROUP, 'after-sale', 'logistics']);
  });

  it('counts a conversation whose bot failed for good once, in the row it ended in, however many turns failed', () => {
    const failed = [
      e(600, 'conversation.created', 'c6'),
      e(601, 'message', 'c6', { data: { authorKind: 'shopper' } }),
      e(602, 'bot.failed', 'c6', { data: { seq: 2, tries: 7, transient: true } }),
      e(602, 'escalated', 'c6', { group: 'logistics' }),
      e(603, 'bot.failed', 'c6', { data: { seq: 3, tries: 1, transient: false } }),
      e(610, 'assigned', 'c6', { agentId: 'lei', group: 'logistics', data: { waitedMs: 8_000 } }),
      e(700, 'conversation.created', 'c7'),
      e(701, 'bot.failed', 'c7', { data: { seq: 2, tries: 7, transient: true } }),
    ];
    const window = { from: T - DAY, to: T + DAY };
    const byAgent = computeReport([...events, ...failed], { ...window, groupBy: 'agent' });
    expect(byAgent.total.bot?.failures).toBe(2);
    expect(byAgent.rows.map((r) => [r.key, r.bot?.failures])).toEqual([
      [NO_AGENT, 1],
      ['lei', 1],
      ['mei', 0],
    ]);
    // Outside the window, nothing.
    expect(computeReport(failed, { from: T + DAY, to: T + 2 * DAY }).total.bot?.failures).toBe(0);
    expect(reportToCsv(byAgent).split('\r\n')[0]).toMatch(/,bot_failures$/);
    expect(reportToPrometheus(byAgent, LIVE)).toContain('kefu_bot_failures 2\n');
  });

  it('keeps the transfer rate a share: a conversation passed on twice counts once, an agent is rated on the ones they held', () => {
    const held = (id: string, agentId: string, at: number, waitedMs?: number) =>
      e(at, 'assigned', id, { agentId, ...(waitedMs === undefined ? {} : { data: { waitedMs } }) });
    const passed = (id: string, from: string, to: string, at: number) => [
      e(at, 'transferred', id, { agentId: from, data: { to } }),
      e(at, 'released', id, { agentId: from }),
      held(id, to, at),
    ];
    const conversation = (id: string, at: number) => [
      e(at, 'conversation.created', id),
      e(at + 1, 'message', id, { data: { authorKind: 'shopper' } }),
      e(at + 2, 'escalated', id),
      held(id, 'mei', at + 3, 1_000),
    ];
    // x1 goes mei → lei → mei; x2 and x3 mei → lei. Mei passed on all three she held, Lei one of three.
    const log = [
      ...conversation('x1', 1000),
      ...passed('x1', 'mei', 'lei', 1010),
      ...passed('x1', 'lei', 'mei', 1020),
      e(1030, 'closed', 'x1', { agentId: 'mei' }),
      ...conversation('x2', 2000),
      ...passed('x2', 'mei', 'lei', 2010),
      e(2030, 'closed', 'x2', { agentId: 'lei' }),
      ...conversation('x3', 3000),
      ...passed('x3', 'mei', 'lei', 3010),
    ];
    const byAgent = computeReport(log, { from: T, to: T + DAY, groupBy: 'agent' });
    expect(byAgent.total.transfers).toEqual({ count: 4, rate: 1 });
    expect(byAgent.rows.map((r) => [r.key, r.transfers])).toEqual([
      ['lei', { count: 1, rate: 1 / 3 }],
      ['mei', { count: 3, rate: 1 }],
    ]);
    for (const r of [byAgent.total, ...byAgent.rows]) expect(r.transfers.rate).toBeLessThanOrEqual(1);
  });

  it('judges a conversation reopened and closed again once: it was not resolved at first contact', () => {
    const log = [
      e(0, 'conversation.created', 'r1'),
      e(1, 'escalated', 'r1'),
      e(2, 'assigned', 'r1', { agentId: 'mei' }),
      e(10, 'closed', 'r1', { agentId: 'mei' }),
      e(20, 'reopened', 'r1'),
      e(21, 'escalated', 'r1'),
      e(22, 'assigned', 'r1', { agentId: 'lei' }),
      e(30, 'closed', 'r1', { agentId: 'lei' }),
    ];
    const window = { from: T, to: T + DAY, groupBy: 'agent' as const };
    const report = computeReport(log, window);
    expect(report.total.fcr).toEqual({ resolved: 0, closed: 1, rate: 0 });
    expect(report.rows.map((r) => [r.key, r.fcr.closed])).toEqual([
      ['lei', 0],
      ['mei', 1],
    ]);
    // Reopened after the FCR window (7 days) it is a new contact: both closings count, each resolved.
    const later = log.map((x) => (x.at >= T + 20_000 ? { ...x, at: x.at + 8 * DAY } : x));
    expect(computeReport(later, { from: T, to: T + 10 * DAY }).total.fcr).toEqual({
      resolved: 2,
      closed: 2,
      rate: 1,
    });
  });

  it('exports CSV that Excel reads as UTF-8 (a byte-order mark first), or without the mark when asked', () => {
    const csv = reportToCsv({ ...report, rows: [{ ...report.rows[0]!, key: '王经理' }] });
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.split('\r\n')[1]!.startsWith('王经理,')).toBe(true);
    const plain = reportToCsv(report, { bom: false });
    expect(plain.startsWith('agent,conversations,')).toBe(true);
    expect(plain).toBe(reportToCsv(report).slice(1));
  });

  it('exports CSV that a spreadsheet cannot mistake for formulas, and Prometheus text with escaped labels', () => {
    const tricky = { ...report, rows: [{ ...report.rows[0]!, key: '=HYPERLINK("x")' }] };
    const csv = reportToCsv(tricky);
    expect(csv.split('\r\n')[1]!.startsWith(`"'=HYPERLINK(""x"")"`)).toBe(true);
    const text = reportToPrometheus({ ...report, rows: [{ ...report.rows[0]!, key: 'a"b\\c' }] }, LIVE);
    expect(text).toContain('kefu_conversations{agent="a\\"b\\\\c"}');
    expect(text).toContain('kefu_queued{group="vip"} 2');
    expect(text).toContain('kefu_tickets_open{group="complaints"} 3');
    expect(text).toContain('kefu_tickets_overdue{group="complaints"} 1');
  });
});
