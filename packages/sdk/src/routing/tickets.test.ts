import { describe, expect, it } from 'vitest';
import { sequentialIds } from '../ids.ts';
import type { TicketEvent } from '../seams/tickets.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import { timerHarness } from '../testing/timer-harness.ts';
import { TicketDesk } from './tickets.ts';

const HOUR = 3_600_000;
let idsB = 0;
const agent = { kind: 'agent' as const, id: 'a1', name: 'Li' };

function setup(
  deadlines?: ConstructorParameters<typeof TicketDesk>[0]['deadlines'],
  harness: Parameters<typeof timerHarness>[0] = {},
) {
  const { clock, store, timers, advance } = timerHarness({ clock: new ManualClock(1_000_000), ...harness });
  const events: TicketEvent[] = [];
  const desk = new TicketDesk({
    timers,
    clock,
    ids: harness.owner === 'node-b' ? (prefix) => `${prefix}_b${++idsB}` : sequentialIds(),
    onEvent: (e) => events.push(e),
    ...(deadlines ? { deadlines } : {}),
  });
  const overdue = () =>
    events.flatMap((e) =>
      e.type === 'overdue' ? [`${(e.deadline.dueAt - 1_000_000) / HOUR}h ${e.deadline.kind}`] : [],
    );
  return { clock, store, timers, desk, events, overdue, advance };
}

describe('TicketDesk', async () => {
  it('gives an L3 ticket progress within 2 h and a workaround within 4 h', async () => {
    const { desk } = setup();
    const t = await desk.create({ title: 'screen has dead pixels', conversationId: 'c1', cause: 'l3' });
    expect(t).toMatchObject({ id: 't_1', tier: 'L3', status: 'open', conversationId: 'c1' });
    expect(t.deadlines).toEqual([
      { kind: 'progress', dueAt: 1_000_000 + 2 * HOUR, overdue: false },
      { kind: 'workaround', dueAt: 1_000_000 + 4 * HOUR, overdue: false },
    ]);
  });

  it('raises an overdue alert for each deadline missed, once', async () => {
    const { advance, desk, overdue } = setup();
    const t = await desk.create({ title: 't' });
    await advance(2 * HOUR - 1);
    expect(overdue()).toEqual([]);
    await advance(1);
    expect(overdue()).toEqual(['2h progress']);
    await advance(10 * HOUR);
    expect(overdue()).toEqual(['2h progress', '4h workaround']);
    expect((await desk.get(t.id))?.deadlines.every((d) => d.overdue)).toBe(true);
  });

  it('meets deadlines with progress and a workaround, so no alert fires', async () => {
    const { advance, desk, overdue } = setup();
    const t = await desk.create({ title: 't' });
    await advance(HOUR);
    await desk.progress(t.id, agent, 'asked the warehouse for photos');
    await advance(2 * HOUR);
    const after = await desk.workaround(t.id, agent, 'sent a replacement voucher');
    await advance(10 * HOUR);
    expect(overdue()).toEqual([]);
    expect(after.deadlines.map((d) => d.metAt! - 1_000_000)).toEqual([HOUR, 3 * HOUR]);
  });

  it('still raises the workaround alert when only progress was made', async () => {
    const { advance, desk, overdue } = setup();
    const t = await desk.create({ title: 't' });
    await desk.progress(t.id, agent, 'looking into it');
    await advance(5 * HOUR);
    expect(overdue()).toEqual(['4h workaround']);
  });

  it('keeps a history of who did what when', async () => {
    const { advance, desk } = setup();
    const t = await desk.create({
      title: 't',
      by: { kind: 'system' },
      note: 'complaint outside office hours',
    });
    await advance(60_000);
    await desk.assign(t.id, { id: 'a1', name: 'Li' }, { kind: 'agent', id: 'sup', name: 'Wang' });
    await advance(60_000);
    await desk.note(t.id, agent, 'called the courier');
    await advance(3 * HOUR);
    const last = await desk.resolve(t.id, agent, 'refunded');
    expect(last.history.map((h) => [h.at - 1_000_000, h.by.id ?? h.by.kind, h.action, h.note])).toEqual([
      [0, 'system', 'created', 'complaint outside office hours'],
      [60_000, 'sup', 'assigned', undefined],
      [120_000, 'a1', 'note', 'called the courier'],
      [2 * HOUR, 'system', 'overdue', 'progress'],
      [3 * HOUR + 120_000, 'a1', 'resolved', 'refunded'],
    ]);
    expect(last).toMatchObject({ status: 'resolved', assignee: { id: 'a1', name: 'Li' } });
  });

  it('stops all alarms on resolve and refuses changes until reopened', async () => {
    const { advance, store, desk, overdue } = setup();
    const t = await desk.create({ title: 't' });
    await desk.resolve(t.id, agent);
    await advance(10 * HOUR);
    expect(overdue()).toEqual([]);
    expect(await store.listTimers({})).toEqual([]);
    await expect(desk.progress(t.id, agent, 'x')).rejects.toThrow(
      expect.objectContaining({ code: 'conflict' }),
    );
    expect((await desk.reopen(t.id, agent, 'not fixed')).status).toBe('open');
    // The deadlines passed while it was resolved: reopening raises them now.
    await advance(0);
    expect(overdue()).toEqual(['2h progress', '4h workaround']);
  });

  it('alerts when a pending ticket’s follow-up falls due, and not after it is reopened', async () => {
    const { advance, clock, desk, events } = setup();
    const t = await desk.create({ title: 'refund overdue', tier: 'L2' });
    await desk.setPending(t.id, agent, { dueAt: clock.now() + HOUR, note: 'bank says 3 days' });
    await advance(HOUR);
    const due = events.filter((e) => e.type === 'follow_up_due');
    expect(due).toHaveLength(1);
    expect(due[0]!.ticket.followUp).toEqual({
      dueAt: 1_000_000 + HOUR,
      note: 'bank says 3 days',
      alertedAt: 1_000_000 + HOUR,
    });
    await desk.setPending(t.id, agent, { dueAt: clock.now() + HOUR });
    await desk.reopen(t.id, { kind: 'shopper' }, 'money arrived? no');
    await advance(2 * HOUR);
    expect(events.filter((e) => e.type === 'follow_up_due')).toHaveLength(1);
  });

  it('takes configurable deadlines per tier', async () => {
    const { desk } = setup({ L3: { progress: HOUR, workaround: 3 * HOUR, resolution: 24 * HOUR } });
    expect((await desk.create({ title: 't' })).deadlines.map((d) => [d.kind, d.dueAt - 1_000_000])).toEqual([
      ['progress', HOUR],
      ['workaround', 3 * HOUR],
      ['resolution', 24 * HOUR],
    ]);
  });

  it('creates a ticket from a conversation and the router’s advice', async () => {
    const { desk, events } = setup();
    const t = await desk.fromConversation(
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
    expect(await desk.list({ conversationId: 'c9' })).toHaveLength(1);
  });

  it('hands out snapshots that cannot change the desk', async () => {
    const { desk } = setup();
    const t = await desk.create({ title: 't' });
    t.status = 'resolved';
    t.history.length = 0;
    expect(await desk.get(t.id)).toMatchObject({ status: 'open' });
    expect((await desk.get(t.id))!.history).toHaveLength(1);
  });

  it('says not_found for an unknown ticket', async () => {
    const { desk } = setup();
    await expect(desk.note('t_404', agent, 'x')).rejects.toThrow(
      expect.objectContaining({ code: 'not_found' }),
    );
  });

  it('keeps tickets and their deadlines across a restart: a new desk on the same store raises them', async () => {
    const first = setup();
    const t = await first.desk.create({ title: '屏幕坏点', conversationId: 'c1', cause: 'l3' });
    await first.desk.progress(t.id, agent, 'asked for photos');
    first.timers.dispose(); // the node dies
    const second = setup(undefined, { store: first.store, clock: first.clock, owner: 'node-b' });
    second.timers.start();
    expect(await second.desk.openFor('c1')).toMatchObject({ id: t.id, title: '屏幕坏点' });
    await second.advance(5 * HOUR);
    expect(second.overdue()).toEqual(['4h workaround']);
    expect(first.overdue()).toEqual([]);
  });

  it('raises each missed deadline once when two nodes share the store', async () => {
    const a = setup(undefined, { owner: 'node-a' });
    const b = setup(undefined, { store: a.store, clock: a.clock, owner: 'node-b' });
    for (let i = 0; i < 20; i++) await (i % 2 ? a : b).desk.create({ title: `t${i}` });
    a.timers.start();
    b.timers.start();
    await a.clock.advanceAsync(5 * HOUR, async () => {
      await a.timers.idle();
      await b.timers.idle();
    });
    const raised = [...a.events, ...b.events].filter((e) => e.type === 'overdue');
    expect(raised).toHaveLength(40);
    expect(new Set(raised.map((e) => e.type === 'overdue' && `${e.ticket.id}:${e.deadline.kind}`)).size).toBe(
      40,
    );
  });

  it('lands two changes made at once on two nodes, one after the other', async () => {
    const a = setup(undefined, { owner: 'node-a' });
    const b = setup(undefined, { store: a.store, clock: a.clock, owner: 'node-b' });
    const t = await a.desk.create({ title: 't' });
    await Promise.all([
      a.desk.note(t.id, agent, 'from A'),
      b.desk.note(t.id, agent, 'from B'),
      a.desk.assign(t.id, { id: 'a2' }, agent),
    ]);
    const stored = await a.desk.get(t.id);
    expect(stored!.history.map((h) => h.note ?? h.action).sort()).toEqual([
      'assigned',
      'created',
      'from A',
      'from B',
    ]);
    expect(stored!.version).toBe(4);
  });
});
