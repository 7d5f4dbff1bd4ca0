import { pathToFileURL } from 'node:url';
import {
  AgentDirectory,
  assignNext,
  erlangC,
  RoutingQueue,
  seededRandom,
  simulateQueue,
} from '../packages/sdk/src/routing/index.ts';

/**
 * Routing benchmark: the M/M/k simulation beside Erlang C, and assignment throughput.
 *
 * Rates are per minute (chat: 4-minute average handling, so μ = 0.25); waits are printed in
 * seconds. The goal is the simulation's mean wait within 10 % of Erlang C. A million customers
 * per case, because near ρ = 0.9 waits are strongly autocorrelated and 200 000 customers still
 * wander by about ±10 % from seed to seed.
 */
const CASES = [
  { label: 'small team, ρ≈0.67', arrivalRate: 1, serviceRate: 0.5, agents: 3 },
  { label: 'chat desk, ρ=0.80', arrivalRate: 2, serviceRate: 0.25, agents: 10 },
  { label: 'busy desk, ρ≈0.89', arrivalRate: 4, serviceRate: 0.25, agents: 18 },
  { label: 'big floor, ρ=0.95', arrivalRate: 47.5, serviceRate: 0.25, agents: 200 },
] as const;
const CUSTOMERS = 1_000_000;
/** Chat first-response target: 15 s. */
const SLA_MINUTES = 0.25;

export async function runRoutingBench(): Promise<Record<string, number>> {
  const figures: Record<string, number> = {};
  const rows: Record<string, string | number>[] = [];
  CASES.forEach((c, i) => {
    const model = erlangC(c);
    const sim = simulateQueue({ ...c, customers: CUSTOMERS, seed: 2025 + i, slaTarget: SLA_MINUTES });
    const error = sim.meanWait / model.meanWait - 1;
    const key = `mmk_${c.arrivalRate}_${c.serviceRate}_${c.agents}`;
    figures[`${key}_sim_mean_wait_s`] = round(sim.meanWait * 60);
    figures[`${key}_erlang_mean_wait_s`] = round(model.meanWait * 60);
    figures[`${key}_mean_wait_error_pct`] = round(error * 100);
    figures[`${key}_sim_p90_wait_s`] = round(sim.p90Wait * 60);
    figures[`${key}_erlang_p90_wait_s`] = round(model.waitQuantile(0.9) * 60);
    figures[`${key}_sim_sla_15s`] = round(sim.serviceLevel, 4);
    figures[`${key}_erlang_sla_15s`] = round(model.serviceLevel(SLA_MINUTES), 4);
    rows.push({
      case: c.label,
      'λ/min': c.arrivalRate,
      'μ/min': c.serviceRate,
      k: c.agents,
      'P(wait) sim': round(sim.probWait, 3),
      'P(wait) ErlC': round(model.probWait, 3),
      'mean s sim': round(sim.meanWait * 60),
      'mean s ErlC': round(model.meanWait * 60),
      'Δ mean': `${round(error * 100, 1)} %`,
      'p90 s sim': round(sim.p90Wait * 60),
      'p90 s ErlC': round(model.waitQuantile(0.9) * 60),
      '≤15 s sim': round(sim.serviceLevel, 3),
      '≤15 s ErlC': round(model.serviceLevel(SLA_MINUTES), 3),
    });
  });
  console.log(
    `\nRouting: M/M/k simulation (${CUSTOMERS.toLocaleString('en')} customers per case) vs Erlang C`,
  );
  console.table(rows);

  const t = assignmentThroughput();
  Object.assign(figures, t);
  console.log(
    `Routing: assignNext, 1,000 agents and 10,000 queued (median of ${RUNS} runs)\n` +
      `  full pass:    ${t.assign_full_pass_count} assigned in ${t.assign_full_pass_ms} ms ` +
      `(${t.assign_full_pass_per_s!.toLocaleString('en')} assignments/s)\n` +
      `  steady state: ${t.assign_steady_us_per_call} µs per freed slot → next conversation ` +
      `(${t.assign_steady_per_s!.toLocaleString('en')} calls/s, ${t.assign_steady_assigned}/${t.assign_steady_calls} assigned)`,
  );
  return figures;
}

const RUNS = 7;

/**
 * 1,000 agents in 8 groups (each in two groups, a quarter senior, a third speaking English,
 * capacity 3–6) and 10,000 queued conversations (a tenth VIP priority, some needing a senior
 * or English).
 *
 * - full pass: one assignNext over everything, assigning until capacity runs out (4,500); the
 *   rest stay queued.
 * - steady state: then, 2,000 times, one agent frees a slot and the hub runs
 *   `assignNext(queue, directory, { groups: agent.groups, limit: 1 })` — the call it makes on
 *   every close — against the ~5,500 still queued.
 */
function assignmentThroughput(): Record<string, number> {
  const groups = [
    'pre-sale',
    'logistics',
    'after-sale',
    'complaints',
    'vip',
    'invoice',
    'payment',
    'account',
  ];
  const fullPass: number[] = [];
  const steady: number[] = [];
  let count = 0;
  let steadyAssigned = 0;
  for (let run = 0; run < RUNS; run++) {
    const random = seededRandom(run + 1);
    const clock = { now: () => 0, setTimeout: () => 0, clearTimeout: () => {} };
    const directory = new AgentDirectory({ clock });
    for (let i = 0; i < 1_000; i++) {
      directory.upsert({
        id: `a${i}`,
        groups: [groups[i % 8]!, groups[(i + 3) % 8]!],
        level: i % 4 === 0 ? 'senior' : 'junior',
        languages: i % 3 === 0 ? ['zh', 'en'] : ['zh'],
        capacity: 3 + (i % 4),
        status: 'online',
      });
    }
    const queue = new RoutingQueue();
    for (let i = 0; i < 10_000; i++) {
      const r = random();
      queue.enqueue({
        conversationId: `c${i}`,
        group: groups[Math.floor(random() * 8)]!,
        priority: r < 0.1 ? 20 : 0,
        enqueuedAt: i,
        ...(r > 0.9
          ? { requires: { level: 'senior' as const } }
          : r > 0.8
            ? { requires: { language: 'en' } }
            : {}),
      });
    }
    let started = performance.now();
    count = assignNext(queue, directory).length;
    fullPass.push(performance.now() - started);

    const freed = Array.from(
      { length: STEADY_CALLS },
      () => directory.get(`a${Math.floor(random() * 1_000)}`)!,
    );
    steadyAssigned = 0;
    started = performance.now();
    for (const agent of freed) {
      directory.release(agent.id);
      steadyAssigned += assignNext(queue, directory, { groups: agent.groups, limit: 1 }).length;
    }
    steady.push(performance.now() - started);
  }
  const full = median(fullPass);
  const calm = median(steady);
  return {
    assign_full_pass_count: count,
    assign_full_pass_ms: round(full, 2),
    assign_full_pass_per_s: Math.round(count / (full / 1000)),
    assign_steady_calls: STEADY_CALLS,
    assign_steady_assigned: steadyAssigned,
    assign_steady_us_per_call: round((calm * 1000) / STEADY_CALLS, 1),
    assign_steady_per_s: Math.round(STEADY_CALLS / (calm / 1000)),
  };
}

const STEADY_CALLS = 2_000;

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

// `tsx --conditions=source bench/routing.bench.ts` runs it on its own; bench/run.ts imports it.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await runRoutingBench();
