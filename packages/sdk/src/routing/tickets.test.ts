import { describe, expect, it } from 'vitest';
import { sequentialIds } from '../ids.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import { TicketDesk, type TicketEvent } from './tickets.ts';

const HOUR = 3_600_000;
const agent = { kind: 'agent' as const, id: 'a1', name: 'Li' };

function setup(deadlines?: ConstructorParameters<typeof TicketDesk>[0]['deadlines']) {
  const clock = new ManualClock(1_000_000);
  const events: TicketEvent[] = [];
  const desk = new TicketDesk({
    clock,
    ids: sequentialIds(),
    onEvent: (e) => events.push(e),
    ...(deadlines ? { deadlines } : {}),
  });
  const overdue = () =>
    events.flatMap((e) =>
      e.type === 'overdue' ? [`${(e.deadline.dueAt - 1_000_000) / HOUR}h ${e.deadline.kind}`] : [],
    );
  return { clock, desk, events, overdue };
}

describe('TicketDesk', () => {
  it('gives an L3 ticket progress within 2 h and a workaround within 4 h', () => {
    const { desk } = setup();
    const t = desk.create({ title: 'screen has dead pixels', conversationId: 'c1', cause: 'l3' });
    expect(t).toMatchObject({ id: 't_1', tier: 'L3', status: 'open', conversationId: 'c1' });
    expect(t.deadlines).toEqual([
      { kind: 'progress', dueAt: 1_000_000 + 2 * HOUR, overdue: false },
      { kind: 'workaround', dueAt: 1_000_000 + 4 * HOUR, overdue: false },
    ]);
  });

  it('raises an overdue alert for each deadline missed, once', () => {
    const { clock, desk, overdue } = setup();
    const t = desk.create({ title: 't' });
    clock.advance(2 * HOUR - 1);
    expect(overdue()).toEqual([]);
    clock.advance(1);
    expect(overdue()).toEqual(['2h progress']);
    clock.advance(10 * HOUR);
    expect(overdue()).toEqual(['2h progress', '4h workaround']);
    expect(desk.get(t.id)?.deadlines.every((d) => d.overdue)).toBe(true);
  });

  it('meets deadlines with progress and a workaround, so no alert fires', () => {
    const { clock, desk, overdue } = setup();
    const t = desk.create({ title: 't' });
    clock.advance(HOUR);
    desk.progress(t.id, agent, 'asked the warehouse for photos');
    clock.advance(2 * HOUR);
    const after = desk.workaround(t.id, agent, 'sent a replacement voucher');
    clock.advance(10 * HOUR);
    expect(overdue()).toEqual([]);
    expect(after.deadlines.map((d) => d.metAt! - 1_000_000)).toEqual([HOUR, 3 * HOUR]);
  });

  it('still raises the workaround alert when only progress was made', () => {
    const { clock, desk, overdue } = setup();
    const t = desk.create({ title: 't' });
    desk.progress(t.id, agent, 'looking into it');
    clock.advance(5 * HOUR);
    expect(overdue()).toEqual(['4h workaround']);
  });

  it('keeps a history of who did what when', () => {
    const { clock, desk } = setup();
    const t = desk.create({ title: 't', by: { kind: 'system' }, note: 'complaint outside office hours' });
    clock.advance(60_000);
    desk.assign(t.id, { id: 'a1', name: 'Li' }, { kind: 'agent', id: 'sup', name: 'Wang' });
    clock.advance(60_000);
    desk.note(t.id, agent, 'called the courier');
    clock.advance(3 * HOUR);
    const last = desk.resolve(t.id, agent, 'refunded');
    expect(last.history.map((h) => [h.at - 1_000_000, h.by.id ?? h.by.kind, h.action, h.note])).toEqual([
      [0, 'system', 'created', 'complaint outside office hours'],
      [60_000, 'sup', 'assigned', undefined],
      [120_000, 'a1', 'note', 'called the courier'],
      [2 * HOUR, 'system', 'overdue', 'progress'],
      [3 * HOUR + 120_000, 'a1', 'resolved', 'refunded'],
    ]);
    expect(last).toMatchObject({ status: 'resolved', assignee: { id: 'a1', name: 'Li' } });
  });

  it('stops all alarms on resolve and refuses changes until reopened', () => {
    const { clock, desk, overdue } = setup();
    const t = desk.create({ title: 't' });
    desk.resolve(t.id, agent);
    clock.advance(10 * HOUR);
    expect(overdue()).toEqual([]);
    expect(clock.pending).toBe(0);
    expect(() => desk.progress(t.id, agent, 'x')).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect(desk.reopen(t.id, agent, 'not fixed').status).toBe('open');
    // The deadlines passed while it was resolved: reopening raises them now.
    clock.advance(0);
    expect(overdue()).toEqual(['2h progress', '4h workaround']);
  });

  it('alerts when a pending ticket’s follow-up falls due, and not after it is reopened', () => {
    const { clock, desk, events } = setup();
    const t = desk.create({ title: 'refund overdue', tier: 'L2' });
    desk.setPending(t.id, agent, { dueAt: clock.now() + HOUR, note: 'bank says 3 days' });
    clock.advance(HOUR);
    const due = events.filter((e) => e.type === 'follow_up_due');
    expect(due).toHaveLength(1);
    expect(due[0]!.ticket.followUp).toEqual({ dueAt: 1_000_000 + HOUR, note: 'bank says 3 days' });
    desk.setPending(t.id, agent, { dueAt: clock.now() + HOUR });
    desk.reopen(t.id, { kind: 'shopper' }, 'money arrived? no');
    clock.advance(2 * HOUR);
    expect(events.filter((e) => e.type === 'follow_up_due')).toHaveLength(1);
  });

  it('takes configurable deadlines per tier', () => {
    const { desk } = setup({ L3: { progress: HOUR, workaround: 3 * HOUR, resolution: 24 * HOUR } });
    expect(desk.create({ title: 't' }).deadlines.map((d) => [d.kind, d.dueAt - 1_000_000])).toEqual([
      ['progress', HOUR],
      ['workaround', 3 * HOUR],
      ['resolution', 24 * HOUR],
    ]);
  });

  it('creates a ticket from a conversation and the router’s advice', () => {
    const { desk, events } = setup();
    const t = desk.fromConversation(
      { id: 'c9', state: { group: 'complaints' } },
      { tier: 'L3', advice: { offline: true, cause: 'outside_office_hours', expectedReplyAt: 5_000_000 } },
    );
    expect(t).toMatchObject({
      conversationId: 'c9',
      group: 'complaints',
      cause: 'outside_office_hours',
      expectedReplyAt: 5_000_000,
    });
    expect(events[0]).toMatchObject({ type: 'created', ticket: { id: t.id } });
    expect(desk.list({ conversationId: 'c9' })).toHaveLength(1);
  });

  it('hands out snapshots that cannot change the desk', () => {
    const { desk } = setup();
    const t = desk.create({ title: 't' });
    t.status = 'resolved';
    t.history.length = 0;
    expect(desk.get(t.id)).toMatchObject({ status: 'open' });
    expect(desk.get(t.id)!.history).toHaveLength(1);
  });

  it('says not_found for an unknown ticket', () => {
    const { desk } = setup();
    expect(() => desk.note('t_404', agent, 'x')).toThrow(expect.objectContaining({ code: 'not_found' }));
  });
});
