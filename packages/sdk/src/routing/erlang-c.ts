/** An M/M/k queue: Poisson arrivals, exponential handling times, k agents, first come first served. */
export interface QueueModel {
  /** λ: arrivals per unit of time. */
  arrivalRate: number;
  /** μ: conversations one agent finishes per unit of time (1 ÷ mean handling time). */
  serviceRate: number;
  /** k */
  agents: number;
}

export interface ErlangC {
  /** a = λ/μ, in Erlangs: how many agents the load keeps busy. */
  offeredLoad: number;
  /** ρ = a/k; the queue is stable only below 1. */
  utilization: number;
  stable: boolean;
  /** C(k, a): the probability an arrival has to wait at all. */
  probWait: number;
  /** E[Wq] = C ÷ (kμ − λ), in the model's unit of time. */
  meanWait: number;
  /** P(Wq ≤ t) = 1 − C·e^{−(kμ−λ)t}: the service level for a target t. */
  serviceLevel(t: number): number;
  /** The wait that a share q of arrivals do not exceed (e.g. q = 0.9 for the p90). */
  waitQuantile(q: number): number;
}

/**
 * Erlang C for an M/M/k queue: how likely a shopper waits, how long on average, and the share
 * served within a target. C(k, a) is computed from Erlang B by its recurrence
 * B(0) = 1, B(n) = a·B(n−1) ÷ (n + a·B(n−1)), then C = B ÷ (1 − ρ(1 − B)), which never forms
 * a^k or k! and so stays exact for thousands of agents. An unstable queue (ρ ≥ 1) reports
 * probWait 1, an infinite mean wait and a service level of 0.
 * @example
 * const m = erlangC({ arrivalRate: 2, serviceRate: 0.25, agents: 10 }); // per minute; AHT 4 min
 * m.probWait; // ≈ 0.409
 * m.meanWait; // ≈ 0.818 min ≈ 49 s
 * m.serviceLevel(0.25); // ≈ 0.64 answered within 15 s
 */
export function erlangC(model: QueueModel): ErlangC {
  const { arrivalRate: lambda, serviceRate: mu, agents: k } = model;
  if (!(lambda > 0) || !(mu > 0))
    throw new RangeError(`arrivalRate and serviceRate must be > 0, got λ=${lambda}, μ=${mu}`);
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`agents must be a positive integer, got ${k}`);
  const a = lambda / mu;
  const rho = a / k;
  if (rho >= 1) {
    return {
      offeredLoad: a,
      utilization: rho,
      stable: false,
      probWait: 1,
      meanWait: Number.POSITIVE_INFINITY,
      serviceLevel: () => 0,
      waitQuantile: () => Number.POSITIVE_INFINITY,
    };
  }
  let b = 1;
  for (let n = 1; n <= k; n++) b = (a * b) / (n + a * b);
  const c = b / (1 - rho * (1 - b));
  const drain = k * mu - lambda;
  return {
    offeredLoad: a,
    utilization: rho,
    stable: true,
    probWait: c,
    meanWait: c / drain,
    serviceLevel: (t) => (t < 0 ? 0 : 1 - c * Math.exp(-drain * t)),
    waitQuantile: (q) => (q <= 1 - c ? 0 : q >= 1 ? Number.POSITIVE_INFINITY : Math.log(c / (1 - q)) / drain),
  };
}

/**
 * The fewest agents that answer a share `serviceLevel` of arrivals within `target` (staffing).
 * @example
 * agentsFor({ arrivalRate: 2, serviceRate: 0.25 }, { target: 0.25, serviceLevel: 0.8 }); // 11
 */
export function agentsFor(
  load: Omit<QueueModel, 'agents'>,
  goal: { target: number; serviceLevel: number },
  maxAgents = 100_000,
): number | undefined {
  for (let k = Math.max(1, Math.floor(load.arrivalRate / load.serviceRate)); k <= maxAgents; k++) {
    const m = erlangC({ ...load, agents: k });
    if (m.stable && m.serviceLevel(goal.target) >= goal.serviceLevel) return k;
  }
  return undefined;
}
