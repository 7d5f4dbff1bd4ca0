import { describe, expect, it } from 'vitest';
import type { Ticket } from '../seams/tickets.ts';
import { ERASED_TEXT, type Store, ticketTimerKey } from './store.ts';

type NewTicket = Omit<Ticket, 'version'>;

const HOUR = 3_600_000;

/**
 * The ticket part of `storeContract`: tickets, their timers and their erasure, run against
 * `store()`, the store of the current test.
 * @example
 * ticketContract(() => store); // inside storeContract's describe
 */
export function ticketContract(store: () => Store): void {
  const ticket = (id: string, extra: Partial<NewTicket> = {}): NewTicket => ({
    id,
    conversationId: 'c_1',
    title: '质量投诉：屏幕坏点',
    tier: 'L3',
    cause: 'l3',
    status: 'open',
    createdAt: 1_000,
    updatedAt: 1_000,
    deadlines: [
      { kind: 'progress', dueAt: 1_000 + 2 * HOUR, overdue: false },
      { kind: 'workaround', dueAt: 1_000 + 4 * HOUR, overdue: false },
    ],
    history: [{ at: 1_000, by: { kind: 'shopper', id: 'shopper_1' }, action: 'created', note: '屏幕有坏点' }],
    ...extra,
  });
  const timerOf = (id: string) => store().getTimer(ticketTimerKey(id));
  const ids = async (filter: Parameters<Store['listTickets']>[0]) =>
    (await store().listTickets(filter)).map((t) => t.id);
  const rejectsWith = (promise: Promise<unknown>, code: string) =>
    expect(promise).rejects.toMatchObject({ name: 'KefuError', code });

  describe('tickets', () => {
    it('creates a ticket at version 1 with its timer, due at dueAt', async () => {
      const created = await store().createTicket(ticket('t_1'), 7_201_000);
      expect(created).toEqual({ ...ticket('t_1'), version: 1 });
      expect(await store().getTicket('t_1')).toEqual(created);
      expect(await timerOf('t_1')).toEqual({
        key: 'ticket:t_1',
        kind: 'ticket',
        dueAt: 7_201_000,
        data: {},
        version: 1,
      });
    });

    it('creates a ticket without a timer when dueAt is null', async () => {
      await store().createTicket(ticket('t_1'), null);
      expect(await timerOf('t_1')).toBeNull();
      expect(await store().listTimers({})).toEqual([]);
    });

    it('refuses a ticket whose id exists as a conflict, changing neither it nor its timer', async () => {
      const created = await store().createTicket(ticket('t_1'), 5_000);
      const timer = await timerOf('t_1');
      await rejectsWith(store().createTicket(ticket('t_1', { title: 'other' }), 9_000), 'conflict');
      await rejectsWith(store().createTicket(ticket('t_1'), null), 'conflict');
      expect(await store().getTicket('t_1')).toEqual(created);
      expect(await timerOf('t_1')).toEqual(timer);
      expect(timer).toMatchObject({ dueAt: 5_000 });
    });

    it('updates a ticket at its current version only, moving the version on', async () => {
      const created = await store().createTicket(ticket('t_1'), 5_000);
      const pending: Ticket = { ...created, status: 'pending', updatedAt: 2_000, followUp: { dueAt: 9_000 } };
      const updated = await store().updateTicket(pending, 9_000);
      expect(updated).toEqual({ ...pending, version: 2 });
      expect(await store().getTicket('t_1')).toEqual(updated);
      // `created` still says version 1: stale now.
      expect(await store().updateTicket({ ...created, title: 'stale' }, null)).toBeNull();
      expect(await store().getTicket('t_1')).toEqual(updated);
      expect(await timerOf('t_1')).toMatchObject({ dueAt: 9_000 });
    });

    it('returns null for an update of a ticket that does not exist, creating nothing', async () => {
      expect(await store().updateTicket({ ...ticket('t_missing'), version: 1 }, 5_000)).toBeNull();
      expect(await store().getTicket('t_missing')).toBeNull();
      expect(await timerOf('t_missing')).toBeNull();
    });

    it('moves the timer with every update, clearing a claim, and deletes it for null', async () => {
      let t = await store().createTicket(ticket('t_1'), 5_000);
      t = (await store().updateTicket(t, 6_000))!;
      expect(await timerOf('t_1')).toEqual({
        key: 'ticket:t_1',
        kind: 'ticket',
        dueAt: 6_000,
        data: {},
        version: expect.any(Number),
      });
      expect(await store().claimDueTimers(6_000, 'node_a', 1_000, 10)).toHaveLength(1);
      t = (await store().updateTicket(t, 8_000))!;
      const moved = await timerOf('t_1');
      expect(moved).toMatchObject({ dueAt: 8_000, kind: 'ticket', data: {} });
      for (const key of ['leaseOwner', 'leaseUntil']) expect(key in moved!).toBe(false);
      t = (await store().updateTicket({ ...t, status: 'resolved' }, null))!;
      expect(await timerOf('t_1')).toBeNull();
      t = (await store().updateTicket({ ...t, status: 'open' }, 3_000))!;
      expect(await timerOf('t_1')).toMatchObject({ dueAt: 3_000 });
      expect(t.version).toBe(5);
    });

    it('returns null for a ticket that does not exist', async () => {
      expect(await store().getTicket('t_missing')).toBeNull();
    });

    it('lists tickets oldest first, ties in creation order, filtered by status, assignee and conversation', async () => {
      const mei = { id: 'agent_mei', name: '小美' };
      await store().createTicket(ticket('t_b', { createdAt: 2_000, assignee: mei }), null);
      await store().createTicket(
        ticket('t_a', {
          createdAt: 1_000,
          conversationId: 'c_2',
          status: 'pending',
          assignee: { id: 'agent_lei' },
        }),
        null,
      );
      await store().createTicket(ticket('t_c', { createdAt: 2_000, status: 'resolved' }), null);
      const { conversationId: _none, ...withoutConversation } = ticket('t_d', {
        createdAt: 500,
        assignee: mei,
      });
      await store().createTicket(withoutConversation, null);

      expect(await ids({})).toEqual(['t_d', 't_a', 't_b', 't_c']);
      expect(await ids({ statuses: ['open'] })).toEqual(['t_d', 't_b']);
      expect(await ids({ statuses: ['pending', 'resolved'] })).toEqual(['t_a', 't_c']);
      expect(await ids({ statuses: [] })).toEqual([]);
      expect(await ids({ assigneeId: 'agent_mei' })).toEqual(['t_d', 't_b']);
      expect(await ids({ assigneeId: 'agent_nobody' })).toEqual([]);
      expect(await ids({ conversationId: 'c_1' })).toEqual(['t_b', 't_c']);
      expect(await ids({ statuses: ['open'], conversationId: 'c_1', assigneeId: 'agent_mei' })).toEqual([
        't_b',
      ]);
      expect(await store().listTickets({ conversationId: 'c_2' })).toEqual([await store().getTicket('t_a')]);
      expect('conversationId' in (await store().getTicket('t_d'))!).toBe(false);

      // The filters follow updates.
      const a = (await store().getTicket('t_a'))!;
      await store().updateTicket({ ...a, status: 'open', assignee: mei }, null);
      expect(await ids({ assigneeId: 'agent_mei', statuses: ['open'] })).toEqual(['t_d', 't_a', 't_b']);
      const { assignee: _gone, ...b } = (await store().getTicket('t_b'))!;
      await store().updateTicket(b, null);
      expect(await ids({ assigneeId: 'agent_mei' })).toEqual(['t_d', 't_a']);
    });

    it('lists a page at a time: limit, then after the last id, in the same order, ties included', async () => {
      // Five at one createdAt: the page boundary falls inside a tie, where only creation order decides.
      for (const [id, createdAt, status] of [
        ['t_e', 3_000, 'open'],
        ['t_a', 2_000, 'open'],
        ['t_d', 2_000, 'resolved'],
        ['t_c', 2_000, 'open'],
        ['t_b', 2_000, 'open'],
        ['t_z', 1_000, 'open'],
        ['t_y', 2_000, 'open'],
      ] as const)
        await store().createTicket(ticket(id, { createdAt, status }), null);
      const all = ['t_z', 't_a', 't_d', 't_c', 't_b', 't_y', 't_e'];
      expect(await ids({})).toEqual(all);
      expect(await ids({ limit: 3 })).toEqual(['t_z', 't_a', 't_d']);
      expect(await ids({ afterId: 't_d', limit: 3 })).toEqual(['t_c', 't_b', 't_y']);
      expect(await ids({ afterId: 't_y', limit: 3 })).toEqual(['t_e']);
      expect(await ids({ afterId: 't_e', limit: 3 })).toEqual([]);
      expect(await ids({ afterId: 't_z' })).toEqual(all.slice(1));
      // Filtered: the cursor need not match the filter (t_d is resolved).
      expect(await ids({ statuses: ['open'], limit: 2 })).toEqual(['t_z', 't_a']);
      expect(await ids({ statuses: ['open'], afterId: 't_d', limit: 2 })).toEqual(['t_c', 't_b']);
      // A ticket resolved after it was served as a cursor still marks the place.
      const c = (await store().getTicket('t_c'))!;
      await store().updateTicket({ ...c, status: 'resolved' }, null);
      expect(await ids({ statuses: ['open'], afterId: 't_c', limit: 5 })).toEqual(['t_b', 't_y', 't_e']);
      expect(await ids({ afterId: 't_missing' })).toEqual([]);
      expect(await ids({ limit: 0 })).toEqual([]);
    });

    it('keeps any text exactly: Chinese, emoji, quotes, backslashes, NUL, lone surrogates', async () => {
      const text = '这个能退吗？🙂 "quoted" \'single\' \\ back\u0000slash \ud800 end';
      const t = ticket('t_1', {
        title: text,
        group: '售后',
        assignee: { id: 'agent_mei', name: `小美 ${text}` },
        followUp: { dueAt: 9_000, note: text },
        history: [
          { at: 1_000, by: { kind: 'shopper', id: 'shopper_1', name: text }, action: 'created', note: text },
          { at: 1_500, by: { kind: 'agent', id: 'agent_mei' }, action: 'note', note: text },
        ],
      });
      const created = await store().createTicket(t, null);
      expect(created).toEqual({ ...t, version: 1 });
      expect(await store().getTicket('t_1')).toEqual(created);
      const updated = await store().updateTicket({ ...created, title: `${text}!` }, null);
      expect(updated?.title).toBe(`${text}!`);
      expect((await store().listTickets({}))[0]).toEqual(updated);
    });

    it('hands out copies: changing a returned ticket changes nothing stored', async () => {
      const created = await store().createTicket(ticket('t_1'), null);
      created.title = 'changed';
      created.history.push({ at: 2, by: { kind: 'system' }, action: 'note' });
      created.deadlines[0]!.overdue = true;
      expect(await store().getTicket('t_1')).toEqual({ ...ticket('t_1'), version: 1 });
    });

    it('lets exactly one of ten concurrent updates at the same version win', async () => {
      const created = await store().createTicket(ticket('t_1'), 5_000);
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          store().updateTicket(
            { ...created, assignee: { id: `agent_${i}` }, updatedAt: 2_000 + i },
            10_000 + i,
          ),
        ),
      );
      const winners = results.filter((r) => r !== null);
      expect(winners).toHaveLength(1);
      expect(winners[0]?.version).toBe(2);
      expect(await store().getTicket('t_1')).toEqual(winners[0]);
      const i = results.findIndex((r) => r !== null);
      expect(await timerOf('t_1')).toMatchObject({ dueAt: 10_000 + i });
    });
  });

  describe('ticket erasure', () => {
    const conversation = (id: string) =>
      store().createConversation({
        id,
        siteKey: 'site_a',
        shopperId: 'shopper_1',
        state: { status: 'ticket' },
        createdAt: 1_000,
      });

    it("erases the conversation's tickets only: words gone, deadlines, statuses and staff kept", async () => {
      await conversation('c_1');
      await conversation('c_2');
      const mei = { kind: 'agent' as const, id: 'agent_mei', name: 'Mei' };
      const full = ticket('t_1', {
        status: 'pending',
        group: 'after_sale',
        assignee: { id: 'agent_mei', name: 'Mei' },
        expectedReplyAt: 50_000,
        deadlines: [{ kind: 'progress', dueAt: 7_201_000, overdue: true }],
        followUp: { dueAt: 90_000, note: 'call Li Lei back on 13800138000' },
        history: [
          {
            at: 1_000,
            by: { kind: 'shopper', id: 'shopper_1', name: 'Li Lei' },
            action: 'created',
            note: '屏幕坏点',
          },
          { at: 2_000, by: mei, action: 'progress', note: 'asked for photos of 42 Secret Rd' },
          { at: 7_201_000, by: { kind: 'system' }, action: 'overdue', note: 'progress deadline missed' },
          { at: 7_300_000, by: mei, action: 'pending' },
        ],
      });
      await store().createTicket(full, 90_000);
      const second = await store().createTicket(ticket('t_2', { createdAt: 1_100 }), null);
      const other = await store().createTicket(ticket('t_3', { conversationId: 'c_2' }), 8_000);
      const unlinked = await store().createTicket(
        (({ conversationId: _c, ...t }) => t)(ticket('t_4', { title: 'no conversation' })),
        null,
      );

      await store().eraseConversation('c_1', 'erased_abc');

      const { followUp: _followUp, ...rest } = full;
      expect(await store().getTicket('t_1')).toEqual({
        ...rest,
        title: ERASED_TEXT,
        followUp: { dueAt: 90_000 },
        history: [
          { at: 1_000, by: { kind: 'shopper', id: 'erased_abc' }, action: 'created' },
          { at: 2_000, by: mei, action: 'progress' },
          { at: 7_201_000, by: { kind: 'system' }, action: 'overdue', note: 'progress deadline missed' },
          { at: 7_300_000, by: mei, action: 'pending' },
        ],
        version: 2,
      });
      expect(await store().getTicket('t_2')).toMatchObject({
        title: ERASED_TEXT,
        history: [{ at: 1_000, by: { kind: 'shopper', id: 'erased_abc' }, action: 'created' }],
        deadlines: second.deadlines,
        version: 2,
      });
      const erased = JSON.stringify(await store().listTickets({ conversationId: 'c_1' }));
      expect(erased).not.toMatch(/Li Lei|13800138000|Secret|坏点|shopper_1/);
      expect(await store().getTicket('t_3')).toEqual(other);
      expect(await store().getTicket('t_4')).toEqual(unlinked);
      // Deadlines still fire.
      expect(await store().getTimer(ticketTimerKey('t_1'))).toMatchObject({ dueAt: 90_000 });
      expect(await store().getTimer(ticketTimerKey('t_3'))).toMatchObject({ dueAt: 8_000 });
      expect(await ids({ statuses: ['pending'], assigneeId: 'agent_mei', conversationId: 'c_1' })).toEqual([
        't_1',
      ]);
    });
  });
}
