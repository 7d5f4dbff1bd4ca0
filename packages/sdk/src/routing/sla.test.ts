import { describe, expect, it } from 'vitest';
import { ManualClock } from '../testing/manual-clock.ts';
import {
  type BreachRateEvent,
  BreachRateMonitor,
  resolveSlaPolicy,
  type SlaEvent,
  SlaTracker,
} from './sla.ts';

function setup(
  options: { monitor?: boolean; policies?: ConstructorParameters<typeof SlaTracker>[0]['policies'] } = {},
) {
  const clock = new ManualClock(0);
  const events: SlaEvent[] = [];
  const alerts: BreachRateEvent[] = [];
  const monitor = options.monitor
    ? new BreachRateMonitor({ clock, onEvent: (e) => alerts.push(e), windowMs: 3_600_000 })
    : undefined;
  const sla = new SlaTracker({
    clock,
    onEvent: (e) => events.push(e),
    ...(monitor ? { monitor } : {}),
    ...(options.policies ? { policies: options.policies } : {}),
  });
  const log = () =>
    events.map((e) => ('timer' in e ? `${e.at / 1000}s ${e.type} ${e.timer.metric}` : e.type));
  return { clock, sla, events, alerts, monitor, log };
}

describe('SlaTracker', () => {
  it('warns at 80 % of the 15 s first-response target and breaches at 15 s', () => {
    const { clock, sla, log } = setup();
    sla.awaitReply('c1');
    clock.advance(11_999);
    expect(log()).toEqual([]);
    clock.advance(1);
    expect(log()).toEqual(['12s near_breach first_response']);
    clock.advance(3_000);
    expect(log()).toEqual(['12s near_breach first_response', '15s breach first_response']);
  });

  it('is met, with no warning later, when the agent answers in time', () => {
    const { clock, sla, events, log } = setup();
    sla.awaitReply('c1');
    clock.advance(10_000);
    sla.respond('c1');
    clock.advance(60_000);
    expect(log()).toEqual(['10s met first_response']);
    expect(events[0]).toMatchObject({ elapsedMs: 10_000 });
    expect(clock.pending).toBe(0);
  });

  it('times the next response from the first unanswered shopper message', () => {
    const { clock, sla, log } = setup();
    sla.awaitReply('c1');
    clock.advance(5_000);
    sla.respond('c1');
    sla.awaitReply('c1'); // shopper writes
    clock.advance(30_000);
    sla.awaitReply('c1'); // and again: still the same wait
    clock.advance(20_000);
    sla.respond('c1');
    expect(log()).toEqual([
      '5s met first_response',
      '53s near_breach next_response',
      '55s met next_response',
    ]);
  });

  it('shows running timers for the agent’s countdown', () => {
    const { sla } = setup();
    sla.awaitReply('c1', { group: 'logistics' });
    sla.start('c1', 'resolution', { group: 'logistics' });
    expect(sla.timersOf('c1').map((t) => [t.metric, t.dueAt, t.state])).toEqual([
      ['first_response', 15_000, 'running'],
      ['resolution', 3_600_000, 'running'],
    ]);
  });

  it('applies policies by group and customer tier, most specific first', () => {
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
    const { clock, sla, log } = setup({ policies });
    sla.awaitReply('v', { group: 'logistics', customerTier: 'vip' });
    clock.advance(10_000);
    expect(log()).toEqual(['8s near_breach first_response', '10s breach first_response']);
  });

  it('forgets a cancelled conversation without judging it', () => {
    const { clock, sla, monitor, log } = setup({ monitor: true });
    sla.awaitReply('c1');
    sla.start('c1', 'resolution');
    clock.advance(5_000);
    sla.cancel('c1');
    clock.advance(4_000_000);
    expect(log()).toEqual([]);
    expect(monitor!.stats().total).toBe(0);
    expect(clock.pending).toBe(0);
  });

  it('counts a late response once, as a breach', () => {
    const { clock, sla, monitor, log } = setup({ monitor: true });
    sla.awaitReply('c1');
    clock.advance(20_000);
    sla.respond('c1');
    expect(log()).toEqual(['12s near_breach first_response', '15s breach first_response']);
    expect(monitor!.stats()).toMatchObject({ breached: 1, total: 1 });
  });

  it('raises the breach-rate alert when more than 5 % of responses time out, and clears it', () => {
    const { clock, sla, alerts } = setup({ monitor: true });
    const answerIn = (id: string, ms: number) => {
      sla.awaitReply(id);
      clock.advance(ms);
      sla.respond(id);
    };
    for (let i = 0; i < 19; i++) answerIn(`ok${i}`, 1_000);
    answerIn('late1', 16_000); // 1 of 20 = 5 %: not over
    expect(alerts).toEqual([]);
    answerIn('late2', 16_000); // 2 of 21 ≈ 9.5 %
    expect(alerts.map((a) => [a.type, a.breached, a.total])).toEqual([['breach_rate_alert', 2, 21]]);
    for (let i = 0; i < 20; i++) answerIn(`ok-again${i}`, 1_000); // 2 of 41 ≈ 4.9 %
    expect(alerts.map((a) => a.type)).toEqual(['breach_rate_alert', 'breach_rate_cleared']);
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
