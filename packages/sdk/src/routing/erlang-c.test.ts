import { describe, expect, it } from 'vitest';
import { agentsFor, erlangC } from './erlang-c.ts';

describe('erlangC', () => {
  it('matches the textbook value for 8 Erlangs on 10 agents', () => {
    const m = erlangC({ arrivalRate: 2, serviceRate: 0.25, agents: 10 });
    expect(m.offeredLoad).toBe(8);
    expect(m.utilization).toBeCloseTo(0.8, 12);
    expect(m.probWait).toBeCloseTo(0.4092, 4);
    expect(m.meanWait).toBeCloseTo(0.4092 / 0.5, 3);
  });

  it('reduces to M/M/1 for one agent: P(wait) = ρ, E[Wq] = ρ ÷ (μ − λ)', () => {
    const m = erlangC({ arrivalRate: 0.6, serviceRate: 1, agents: 1 });
    expect(m.probWait).toBeCloseTo(0.6, 12);
    expect(m.meanWait).toBeCloseTo(1.5, 12);
  });

  it('has a service level and a quantile that agree with each other', () => {
    const m = erlangC({ arrivalRate: 4, serviceRate: 0.25, agents: 18 });
    expect(m.serviceLevel(0)).toBeCloseTo(1 - m.probWait, 12);
    expect(m.serviceLevel(m.waitQuantile(0.9))).toBeCloseTo(0.9, 9);
    expect(m.waitQuantile(0.1)).toBe(0); // most arrivals do not wait at all
  });

  it('stays finite for thousands of agents (no a^k ÷ k! overflow)', () => {
    const m = erlangC({ arrivalRate: 1_900, serviceRate: 1, agents: 2_000 });
    expect(m.probWait).toBeGreaterThan(0);
    expect(m.probWait).toBeLessThan(1);
  });

  it('reports an unstable queue instead of nonsense', () => {
    const m = erlangC({ arrivalRate: 3, serviceRate: 1, agents: 3 });
    expect(m).toMatchObject({ stable: false, probWait: 1, meanWait: Number.POSITIVE_INFINITY });
    expect(m.serviceLevel(100)).toBe(0);
  });

  it('rejects impossible inputs', () => {
    expect(() => erlangC({ arrivalRate: 0, serviceRate: 1, agents: 1 })).toThrow(RangeError);
    expect(() => erlangC({ arrivalRate: 1, serviceRate: 1, agents: 1.5 })).toThrow(/positive integer/);
  });
});

describe('agentsFor', () => {
  it('finds the smallest staff that meets the service level', () => {
    const load = { arrivalRate: 2, serviceRate: 0.25 };
    const k = agentsFor(load, { target: 0.25, serviceLevel: 0.8 })!;
    expect(erlangC({ ...load, agents: k }).serviceLevel(0.25)).toBeGreaterThanOrEqual(0.8);
    expect(erlangC({ ...load, agents: k - 1 }).serviceLevel(0.25)).toBeLessThan(0.8);
  });
});
