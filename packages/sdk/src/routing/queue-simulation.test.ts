import { describe, expect, it } from 'vitest';
import { erlangC } from './erlang-c.ts';
import { simulateQueue } from './queue-simulation.ts';

describe('simulateQueue', () => {
  it('is reproducible for a seed', () => {
    const input = { arrivalRate: 1, serviceRate: 0.5, agents: 3, customers: 5_000, seed: 42 };
    expect(simulateQueue(input)).toEqual(simulateQueue(input));
    expect(simulateQueue({ ...input, seed: 43 }).meanWait).not.toBe(simulateQueue(input).meanWait);
  });

  it.each([
    { arrivalRate: 1, serviceRate: 0.5, agents: 3 }, // ρ ≈ 0.67
    { arrivalRate: 2, serviceRate: 0.25, agents: 10 }, // ρ = 0.8
    { arrivalRate: 0.5, serviceRate: 1, agents: 1 }, // M/M/1, ρ = 0.5
  ])('agrees with Erlang C for λ=$arrivalRate μ=$serviceRate k=$agents', (model) => {
    const predicted = erlangC(model);
    const sim = simulateQueue({ ...model, customers: 200_000, seed: 7, slaTarget: 0.25 });
    // Loose bounds: one seeded run, deterministic, but still a sample.
    expect(Math.abs(sim.meanWait / predicted.meanWait - 1)).toBeLessThan(0.15);
    expect(Math.abs(sim.probWait - predicted.probWait)).toBeLessThan(0.03);
    expect(Math.abs(sim.serviceLevel - predicted.serviceLevel(0.25))).toBeLessThan(0.03);
    expect(Math.abs(sim.p90Wait / predicted.waitQuantile(0.9) - 1)).toBeLessThan(0.15);
    expect(Math.abs(sim.utilization - predicted.utilization)).toBeLessThan(0.02);
  });

  it('shows that one more agent cuts the wait', () => {
    const base = { arrivalRate: 2, serviceRate: 0.25, customers: 50_000, seed: 1 };
    expect(simulateQueue({ ...base, agents: 11 }).meanWait).toBeLessThan(
      simulateQueue({ ...base, agents: 10 }).meanWait,
    );
  });
});
