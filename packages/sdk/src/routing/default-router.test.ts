import { describe, expect, it } from 'vitest';
import type { RoutePlugin } from '../seams/plugins.ts';
import { runPlugin } from '../seams/run-plugin.ts';
import type { Understanding } from '../seams/understanding.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import { timerHarness } from '../testing/timer-harness.ts';
import { createRouter, type RouterContext } from './default-router.ts';
import type { OfficeHours } from './office-hours.ts';
import { TicketDesk } from './tickets.ts';

const ctx = (tier?: string, locale?: string): RouterContext => ({
  shopper: tier === undefined ? {} : { tier },
  ...(locale === undefined ? {} : { locale }),
});
const understood = (intent: string, extra: Partial<Understanding> = {}): Understanding => ({
  intent,
  confidence: 0.9,
  anger: 0,
  ...extra,
});
// Monday 2025-01-06 11:00 in Shanghai.
const MONDAY_11 = Date.parse('2025-01-06T03:00:00Z');
const weekdays9to18: OfficeHours = {
  timeZone: 'Asia/Shanghai',
  weekly: Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ from: '09:00', to: '18:00' }]]),
  ),
};

describe('createRouter', () => {
  it('fits the hub’s RoutePlugin seam', () => {
    const route: RoutePlugin = createRouter();
    expect(typeof route).toBe('function');
  });

  it('follows the hub’s policy for intent confidence and anger unless its config says otherwise', async () => {
    const route = createRouter({ clock: new ManualClock(MONDAY_11) });
    const strict = {
      ...ctx(),
      policy: { intentConfidence: 0.95, angerThreshold: 0.3, angerPriority: 4 },
    };
    const decision = await route(
      { reason: 'r', understanding: understood('logistics', { anger: 0.4 }) },
      strict,
    );
    expect(decision).toMatchObject({ group: 'default', priority: 4, requires: { level: 'senior' } });
    const own = createRouter({ clock: new ManualClock(MONDAY_11), minConfidence: 0.5, anger: false });
    const mine = await own({ reason: 'r', understanding: understood('logistics', { anger: 0.4 }) }, strict);
    expect(mine.group).toBe('logistics');
    expect(mine.priority).toBe(0);
  });

  it('sends everything to the default group without understanding (FAQ step not wired)', async () => {
    const route = createRouter({ clock: new ManualClock(MONDAY_11) });
    expect(await route({ reason: 'asked for a human', priority: 3 }, ctx())).toEqual({
      group: 'default',
      priority: 3,
      reason: 'asked for a human',
      tier: 'L2',
    });
  });

  it.each([
    ['logistics', 'logistics'],
    ['after_sale', 'after-sale'],
    ['pre_sale', 'pre-sale'],
    ['ask_for_human', 'default'],
    ['invoice', 'default'],
    ['greeting', 'default'],
  ])('routes intent %s to group %s', async (intent, group) => {
    const route = createRouter({ clock: new ManualClock(MONDAY_11) });
    const decision = await route({ reason: 'r', understanding: understood(intent) }, ctx());
    expect(decision.group).toBe(group);
    expect(decision.requires).toBeUndefined();
  });

  it('starts from the group the hand-over names (an order exception), over the intent, still under the VIP lane and staffing', async () => {
    const route = createRouter({ clock: new ManualClock(MONDAY_11) });
    const asked = { reason: 'order exception', group: 'logistics', understanding: understood('pre_sale') };
    expect(await route(asked, ctx())).toMatchObject({ group: 'logistics' });
    expect(await route(asked, ctx('vip'))).toMatchObject({ group: 'vip' });
    const nobody = { ...ctx(), isStaffed: (g: string) => g === 'default' };
    expect(await route(asked, nobody)).toMatchObject({ group: 'default' });
  });

  it('says why a named group was chosen in the hand-over’s own words, not that the shopper asked for it', async () => {
    // A merchant's route handing its rule's group over: agents read "payment dispute → complaints".
    const route = createRouter({ clock: new ManualClock(MONDAY_11) });
    const disputed = await route({ reason: 'payment dispute', group: 'complaints' }, ctx());
    expect(disputed.reason).toBe('payment dispute → complaints');
    expect(disputed.reason).not.toContain('asked for');
  });

  it('routes a complaint to the complaints group, a senior agent, L3 with a ticket beside the queue', async () => {
    const route = createRouter({ clock: new ManualClock(MONDAY_11) });
    const decision = await route({ reason: 'r', understanding: understood('complaint') }, ctx());
    expect(decision).toMatchObject({
      group: 'complaints',
      tier: 'L3',
      requires: { level: 'senior' },
      ticket: { offline: false, cause: 'l3' },
    });
  });

  it('lets the merchant map invoice, payment and account intents', async () => {
    const route = createRouter({
      clock: new ManualClock(MONDAY_11),
      intentGroups: { invoice: 'after-sale', payment: 'pre-sale', account: 'accounts', logistics: undefined },
    });
    const groupOf = async (intent: string) =>
      (await route({ reason: 'r', understanding: understood(intent) }, ctx())).group;
    expect(await groupOf('invoice')).toBe('after-sale');
    expect(await groupOf('payment')).toBe('pre-sale');
    expect(await groupOf('account')).toBe('accounts');
    expect(await groupOf('logistics')).toBe('default');
  });

  it('ignores an intent it is not confident about', async () => {
    const route = createRouter({ clock: new ManualClock(MONDAY_11) });
    const decision = await route(
      { reason: 'r', understanding: understood('logistics', { confidence: 0.2 }) },
      ctx(),
    );
    expect(decision.group).toBe('default');
  });

  it('puts a VIP in the VIP lane with higher priority, whatever the letter case', async () => {
    const route = createRouter({ clock: new ManualClock(MONDAY_11) });
    const decision = await route({ reason: 'r', understanding: understood('logistics') }, ctx('VIP'));
    expect(decision).toMatchObject({ group: 'vip', priority: 20 });
    expect(decision.reason).toContain('VIP lane');
    expect((await route({ reason: 'r' }, ctx('gold'))).group).toBe('default');
  });

  it('can raise a VIP’s priority without a separate lane', async () => {
    const route = createRouter({ clock: new ManualClock(MONDAY_11), vip: { group: null, priority: 50 } });
    const decision = await route({ reason: 'r', understanding: understood('logistics') }, ctx('vip'));
    expect(decision).toMatchObject({ group: 'logistics', priority: 50 });
  });

  it('sends an angry shopper to a senior agent with higher priority, without double-counting the escalation’s boost', async () => {
    const route = createRouter({ clock: new ManualClock(MONDAY_11) });
    const angry = understood('logistics', { anger: 0.8 });
    expect(await route({ reason: 'upset', understanding: angry, priority: 10 }, ctx())).toMatchObject({
      group: 'logistics',
      priority: 10,
      requires: { level: 'senior' },
    });
    expect((await route({ reason: 'upset', understanding: angry, priority: 10 }, ctx('vip'))).priority).toBe(
      30,
    );
    expect(
      (await route({ reason: 'r', understanding: understood('logistics', { anger: 0.5 }) }, ctx())).requires,
    ).toBeUndefined();
  });

  it('asks for an agent who speaks the shopper’s language when it is not a base language', async () => {
    const route = createRouter({ clock: new ManualClock(MONDAY_11) });
    expect((await route({ reason: 'r' }, ctx(undefined, 'en-US'))).requires).toEqual({ language: 'en' });
    expect((await route({ reason: 'r' }, ctx(undefined, 'zh-CN'))).requires).toBeUndefined();
    const fromUnderstanding = await route(
      { reason: 'r', understanding: understood('logistics', { locale: 'ja' }) },
      ctx(undefined, 'zh'),
    );
    expect(fromUnderstanding.requires).toEqual({ language: 'ja' });
  });

  it('turns a contact outside office hours into a ticket with the expected reply time', async () => {
    const clock = new ManualClock(Date.parse('2025-01-06T12:00:00Z')); // Mon 20:00 Shanghai
    const route = createRouter({
      clock,
      officeHours: { '*': weekdays9to18 },
      offlineReplyWithinMs: 30 * 60_000,
    });
    const decision = await route({ reason: 'r', understanding: understood('logistics') }, ctx());
    const opensAt = Date.parse('2025-01-07T01:00:00Z'); // Tue 09:00
    expect(decision.ticket).toEqual({
      offline: true,
      cause: 'outside_office_hours',
      opensAt,
      expectedReplyAt: opensAt + 30 * 60_000,
    });
    expect(decision.reason).toContain('outside office hours');
  });

  it('with openWhenStaffed, lets an agent online outside office hours take the chat live; with nobody online, a ticket for the next opening', async () => {
    const clock = new ManualClock(Date.parse('2025-01-06T12:00:00Z')); // Mon 20:00 Shanghai
    const route = createRouter({ clock, officeHours: { '*': weekdays9to18 }, openWhenStaffed: true });
    const asked = { reason: 'r', understanding: understood('logistics') };
    const late = await route(asked, { ...ctx(), isStaffed: (g: string) => g === 'logistics' });
    expect(late.ticket).toBeUndefined();
    expect(late.group).toBe('logistics');
    // Only the default group online: it takes the chat, though it is closed too.
    const overflow = await route(asked, { ...ctx(), isStaffed: (g: string) => g === 'default' });
    expect(overflow).toMatchObject({ group: 'default' });
    expect(overflow.ticket).toBeUndefined();
    const nobody = await route(asked, { ...ctx(), isStaffed: () => false });
    expect(nobody.ticket).toMatchObject({
      cause: 'outside_office_hours',
      opensAt: Date.parse('2025-01-07T01:00:00Z'),
    });
    // Without the option, the hours hold whoever is online.
    const strict = createRouter({ clock, officeHours: { '*': weekdays9to18 } });
    expect((await strict(asked, { ...ctx(), isStaffed: () => true })).ticket?.cause).toBe(
      'outside_office_hours',
    );
  });

  it('uses the chosen group’s own hours before the shared ones', async () => {
    const clock = new ManualClock(Date.parse('2025-01-06T12:00:00Z')); // Mon 20:00 Shanghai
    const late: OfficeHours = {
      timeZone: 'Asia/Shanghai',
      weekly: { mon: [{ from: '09:00', to: '23:00' }] },
    };
    const route = createRouter({ clock, officeHours: { '*': weekdays9to18, logistics: late } });
    expect(
      (await route({ reason: 'r', understanding: understood('logistics') }, ctx())).ticket,
    ).toBeUndefined();
    expect(
      (await route({ reason: 'r', understanding: understood('after_sale') }, ctx())).ticket?.offline,
    ).toBe(true);
  });

  it('makes a complaint outside office hours an offline L3 ticket with both deadlines', async () => {
    const clock = new ManualClock(Date.parse('2025-01-06T12:00:00Z'));
    const route = createRouter({ clock, officeHours: { complaints: weekdays9to18 } });
    const decision = await route({ reason: 'r', understanding: understood('complaint') }, ctx());
    expect(decision).toMatchObject({ tier: 'L3', ticket: { offline: true, cause: 'outside_office_hours' } });
    const desk = new TicketDesk({ timers: timerHarness({ clock }).timers, clock });
    const ticket = await desk.fromConversation(
      { id: 'c1', state: { group: decision.group } },
      { tier: decision.tier, advice: decision.ticket! },
    );
    expect(ticket.deadlines.map((d) => [d.kind, d.dueAt - clock.now()])).toEqual([
      ['progress', 2 * 3_600_000],
      ['workaround', 4 * 3_600_000],
    ]);
    expect(ticket.expectedReplyAt).toBe(decision.ticket!.expectedReplyAt);
  });

  it('makes a ticket when nobody who could take it is online, the default group included', async () => {
    const clock = new ManualClock(MONDAY_11);
    const route = createRouter({ clock, isStaffed: () => false });
    const decision = await route({ reason: 'r', understanding: understood('logistics') }, ctx());
    expect(decision.group).toBe('logistics');
    expect(decision.ticket).toEqual({
      offline: true,
      cause: 'no_agent_online',
      expectedReplyAt: MONDAY_11 + 3_600_000,
    });
  });

  it('queues in the default group when nobody of the chosen group is online but someone there is', async () => {
    const clock = new ManualClock(MONDAY_11);
    const asked: Array<[string, unknown]> = [];
    const route = createRouter({
      clock,
      isStaffed: (group, requires) => {
        asked.push([group, requires]);
        return group === 'default';
      },
    });
    const decision = await route({ reason: 'r', understanding: understood('logistics') }, ctx());
    expect(decision).toMatchObject({
      group: 'default',
      reason: 'r; logistics → logistics; nobody in logistics online → default',
    });
    expect(decision.ticket).toBeUndefined();
    // An L3 complaint keeps its ticket and its senior requirement on the way.
    const complaint = await route({ reason: 'r', understanding: understood('complaint') }, ctx());
    expect(complaint).toMatchObject({
      group: 'default',
      requires: { level: 'senior' },
      ticket: { offline: false, cause: 'l3' },
    });
    expect(asked).toContainEqual(['default', { level: 'senior' }]);
  });

  it('reads the hub’s staffing from the context when its config has none (a merchant’s route calling it)', async () => {
    const clock = new ManualClock(MONDAY_11);
    const route = createRouter({ clock });
    const staffedCtx = { ...ctx(), isStaffed: (group: string) => group === 'default' };
    const decision = await route({ reason: 'r', understanding: understood('logistics') }, staffedCtx);
    expect(decision.group).toBe('default');
    // The config's own check wins over the context's.
    const own = createRouter({ clock, isStaffed: () => false });
    const ticket = await own({ reason: 'r', understanding: understood('logistics') }, staffedCtx);
    expect(ticket.ticket).toMatchObject({ offline: true, cause: 'no_agent_online' });
  });

  it('keeps the ticket for the group’s own agents with overflowToDefault: false, or when the default group is closed', async () => {
    const clock = new ManualClock(MONDAY_11);
    const isStaffed = (group: string) => group === 'default';
    const kept = await createRouter({ clock, isStaffed, overflowToDefault: false })(
      { reason: 'r', understanding: understood('logistics') },
      ctx(),
    );
    expect(kept).toMatchObject({ group: 'logistics', ticket: { offline: true, cause: 'no_agent_online' } });
    const closed = await createRouter({
      clock,
      isStaffed,
      officeHours: { default: { timeZone: 'Asia/Shanghai', weekly: {} } },
    })({ reason: 'r', understanding: understood('logistics') }, ctx());
    expect(closed).toMatchObject({ group: 'logistics', ticket: { offline: true, cause: 'no_agent_online' } });
  });

  it('refuses bad office hours when created, not on the first escalation', () => {
    expect(() => createRouter({ officeHours: { x: { timeZone: 'Nowhere/Land', weekly: {} } } })).toThrow(
      RangeError,
    );
    // Naming the schedule and what to write, not Intl's "Invalid time zone specified: Nowhere/Land".
    expect(() => createRouter({ officeHours: { x: { timeZone: 'Nowhere/Land', weekly: {} } } })).toThrow(
      'officeHours.x: timeZone must be an IANA time zone such as "Asia/Shanghai", got "Nowhere/Land"',
    );
  });

  it('a custom router that throws becomes a plugin_failed value the hub routes to the default group', async () => {
    const clock = new ManualClock(MONDAY_11);
    const broken: RoutePlugin = async () => {
      throw new Error('CRM down');
    };
    const result = await runPlugin('route', 1_000, clock, () => broken({ reason: 'r' }, {} as never));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('plugin_failed');
  });
});
