import { describe, expect, it } from 'vitest';
import { ManualClock } from '../testing/manual-clock.ts';
import { timerHarness } from '../testing/timer-harness.ts';
import {
  type BreachRateEvent,
  BreachRateMonitor,
  resolveSlaPolicy,
  type SlaEvent,
  SlaTracker,
} from './sla.ts';

function setup(
  options: {
    monitor?: boolean;
    policies?: ConstructorParameters<typeof SlaTracker>[0]['policies'];
  } & Parameters<typeof timerHarness>[0] = {},
) {
  const { clock, store, timers, advance, errors } = timerHarness(options);
  const events: SlaEvent[] = [];
  const alerts: BreachRateEvent[] = [];
  const monitor = options.monitor
    ? new BreachRateMonitor({ clock, onEvent: (e) => alerts.push(e), windowMs: 3_600_000 })
    : undefined;
  const sla = new SlaTracker({
    timers,
    clock,
    onEvent: (e) => events.push(e),
    ...(monitor ? { monitor } : {}),
    ...(options.policies ? { policies: options.policies } : {}),
  });
  const log = () =>
    events.map((e) => ('timer' in e ? `${e.at / 1000}s ${e.type} ${e.timer.metric}` : e.type));
  return { clock, store, timers, sla, events, alerts, monitor, log, advance, errors };
}

describe('SlaTracker', () => {
  it('warns at 80 % of the 15 s first-response target and breaches at 15 s', async () => {
    const { sla, log, advance } = setup();
    await sla.awaitReply('c1');
    await advance(11_999);
    expect(log()).toEqual([]);
    await advance(1);
    expect(log()).toEqual(['12s near_breach first_response']);
    await advance(3_000);
    expect(log()).toEqual(['12s near_breach first_response', '15s breach first_response']);
  });

  it('is met, with no warning later, when the agent answers in time', async () => {
    const { sla, events, log, advance, store } = setup();
    await sla.awaitReply('c1');
    await advance(10_000);
    await sla.respond('c1');
    await advance(60_000);
    expect(log()).toEqual(['10s met first_response']);
    expect(events[0]).toMatchObject({ elapsedMs: 10_000 });
    // Only the parked "answered once" mark is left, due never.
    expect(await store.listTimers({})).toMatchObject([{ key: 'sla:c1', dueAt: null }]);
  });

  it('times the next response from the first unanswered shopper message', async () => {
    const { sla, log, advance } = setup();
    await sla.awaitReply('c1');
    await advance(5_000);
    await sla.respond('c1');
    await sla.awaitReply('c1'); // shopper writes
    await advance(30_000);
    await sla.awaitReply('c1'); // and again: still the same wait
    await advance(20_000);
    await sla.respond('c1');
    expect(log()).toEqual([
      '5s met first_response',
      '53s near_breach next_response',
      '55s met next_response',
    ]);
  });

  it('shows running timers for the agent’s countdown', async () => {
    const { sla } = setup();
    await sla.awaitReply('c1', { group: 'logistics' });
    await sla.start('c1', 'resolution', { group: 'logistics' });
    expect((await sla.timersOf('c1')).map((t) => [t.metric, t.dueAt, t.state])).toEqual([
      ['first_response', 15_000, 'running'],
      ['resolution', 3_600_000, 'running'],
    ]);
  });

  it('applies policies by group and customer tier, most specific first', async () => {
    const policies = {
      default: { firstResponseMs: 20_000 },
      groups: { complaints: { firstResponseMs: 30_000, nextResponseMs: 90_000 } },
      tiers: { vip: { firstResponseMs: 10_000 } },
      groupTiers: { 'complaints:vip': { nextResponseMs: 45_000 } },
    };
    expect(resolveSlaPolicy(policies, {}).firstResponseMs).toBe(20_000);
    expect(resolveSlaPolicy(policies, { group: 'complaints' })).toMatchObject({
      firstResponseMs: 30_000,
      nextResponseMs: 90_000,
    });
    expect(resolveSlaPolicy(policies, { group: 'complaints', customerTier: 'vip' })).toMatchObject({
      firstResponseMs: 10_000,
      nextResponseMs: 45_000,
      resolutionMs: 3_600_000,
    });
    const { sla, log, advance } = setup({ policies });
    await sla.awaitReply('v', { group: 'logistics', customerTier: 'vip' });
    await advance(10_000);
    expect(log()).toEqual(['8s near_breach first_response', '10s breach first_response']);
  });

  it('forgets a cancelled conversation without judging it', async () => {
    const { sla, monitor, log, advance, store } = setup({ monitor: true });
    await sla.awaitReply('c1');
    await sla.start('c1', 'resolution');
    await advance(5_000);
    await sla.cancel('c1');
    await advance(4_000_000);
    expect(log()).toEqual([]);
    expect(monitor!.stats().total).toBe(0);
    expect(await store.listTimers({})).toEqual([]);
  });

  it('counts a late response once, as a breach', async () => {
    const { sla, monitor, log, advance } = setup({ monitor: true });
    await sla.awaitReply('c1');
    await advance(20_000);
    await sla.respond('c1');
    expect(log()).toEqual(['12s near_breach first_response', '15s breach first_response']);
    expect(monitor!.stats()).toMatchObject({ breached: 1, total: 1 });
  });

  it('raises the breach-rate alert when more than 5 % of responses time out, and clears it', async () => {
    const { sla, alerts, advance } = setup({ monitor: true });
    const answerIn = async (id: string, ms: number) => {
      await sla.awaitReply(id);
      await advance(ms);
      await sla.respond(id);
    };
    for (let i = 0; i < 19; i++) await answerIn(`ok${i}`, 1_000);
    await answerIn('late1', 16_000); // 1 of 20 = 5 %: not over
    expect(alerts).toEqual([]);
    await answerIn('late2', 16_000); // 2 of 21 ≈ 9.5 %
    expect(alerts.map((a) => [a.type, a.breached, a.total])).toEqual([['breach_rate_alert', 2, 21]]);
    for (let i = 0; i < 20; i++) await answerIn(`ok-again${i}`, 1_000); // 2 of 41 ≈ 4.9 %
    expect(alerts.map((a) => a.type)).toEqual(['breach_rate_alert', 'breach_rate_cleared']);
  });

  it('keeps running after a restart: a new tracker on the same store breaches on time', async () => {
    const first = setup();
    await first.sla.awaitReply('c1', { group: 'logistics' });
    first.timers.dispose(); // the node dies
    const second = setup({ store: first.store, clock: first.clock, owner: 'node-b' });
    second.timers.start();
    await second.advance(15_000);
    expect(second.log()).toEqual(['12s near_breach first_response', '15s breach first_response']);
    expect(first.log()).toEqual([]);
  });

  it('skips a near-breach warning that would come after its breach (the hub was down)', async () => {
    const first = setup();
    await first.sla.awaitReply('c1');
    first.timers.dispose();
    first.clock.advance(60_000);
    const second = setup({ store: first.store, clock: first.clock, owner: 'node-b' });
    second.timers.start();
    await second.advance(0);
    expect(second.log()).toEqual(['60s breach first_response']);
  });

  it('fires once when two nodes share the store, and an answer on either node stops it', async () => {
    const a = setup({ owner: 'node-a' });
    const b = setup({ store: a.store, clock: a.clock, owner: 'node-b' });
    await a.sla.awaitReply('c1');
    await a.sla.awaitReply('c2');
    await b.sla.respond('c2'); // the agent of c2 is on node B
    a.timers.start();
    b.timers.start();
    await a.clock.advanceAsync(20_000, async () => {
      await a.timers.idle();
      await b.timers.idle();
    });
    const all = [...a.log(), ...b.log()].sort();
    expect(all).toEqual([
      '0s met first_response',
      '12s near_breach first_response',
      '15s breach first_response',
    ]);
    expect(
      a.events
        .concat(b.events)
        .filter((e) => 'timer' in e && e.type !== 'met')
        .map((e) => 'timer' in e && e.timer.conversationId),
    ).toEqual(['c1', 'c1']);
  });
});

describe('BreachRateMonitor', () => {
  it('does not alert on too few samples', () => {
    const clock = new ManualClock(0);
    const alerts: BreachRateEvent[] = [];
    const monitor = new BreachRateMonitor({ clock, onEvent: (e) => alerts.push(e) });
    for (let i = 0; i < 19; i++) monitor.record(true);
    expect(alerts).toEqual([]);
    monitor.record(true);
    expect(alerts).toHaveLength(1);
  });

  it('clears the alert on a quiet night, when the breaches leave the window', () => {
    const clock = new ManualClock(0);
    const alerts: BreachRateEvent[] = [];
    const monitor = new BreachRateMonitor({
      clock,
      windowMs: 600_000,
      minSamples: 10,
      onEvent: (e) => alerts.push(e),
    });
    for (let i = 0; i < 10; i++) {
      monitor.record(i === 0);
      clock.advance(1_000);
    }
    expect(alerts.map((a) => a.type)).toEqual(['breach_rate_alert']);
    clock.advance(600_000);
    expect(alerts.map((a) => a.type)).toEqual(['breach_rate_alert', 'breach_rate_cleared']);
    expect(monitor.stats()).toMatchObject({ total: 0, alerting: false });
    expect(clock.pending).toBe(0);
  });

  it('rolls the window: old outcomes stop counting', () => {
    const clock = new ManualClock(0);
    const monitor = new BreachRateMonitor({ clock, windowMs: 60_000 });
    monitor.record(true);
    clock.advance(30_000);
    monitor.record(false);
    expect(monitor.stats()).toMatchObject({ breached: 1, total: 2, rate: 0.5 });
    clock.advance(30_000);
    expect(monitor.stats()).toMatchObject({ breached: 0, total: 1, rate: 0 });
  });
});
