import { loadavg } from 'node:os';

/**
 * The speed goals of the hub's issue, each printed beside its figure with "met" or "not met",
 * and once more in a table at the end of a run.
 */
export interface Goal {
  /** What is measured, e.g. "hub on PostgreSQL, sustained msg/s". */
  name: string;
  /** The goal as people read it, e.g. "≥ 5,000 msg/s". */
  target: string;
  /** The figure, or undefined when the run did not reach it (reason says why). */
  figure: number | undefined;
  unit: string;
  met: boolean;
  /** Why there is no figure, e.g. "p99 over 100 ms below 5,000 msg/s". */
  reason?: string;
}

type Test = { atLeast: number } | { below: number } | { atMost: number };

export function goal(
  name: string,
  figure: number | undefined,
  test: Test,
  unit: string,
  reason?: string,
): Goal {
  const [target, met] =
    'atLeast' in test
      ? [`≥ ${num(test.atLeast)} ${unit}`, figure !== undefined && figure >= test.atLeast]
      : 'below' in test
        ? [`< ${num(test.below)} ${unit}`, figure !== undefined && figure < test.below]
        : [`≤ ${num(test.atMost)} ${unit}`, figure !== undefined && figure <= test.atMost];
  return {
    name,
    target,
    figure,
    unit,
    met,
    ...(figure === undefined ? { reason: reason ?? 'not measured' } : {}),
  };
}

/** One line: the figure, the goal, met or not. */
export function describeGoal(g: Goal): string {
  const figure = g.figure === undefined ? `no figure (${g.reason})` : `${num(g.figure)} ${g.unit}`;
  return `${g.name}: ${figure} — goal ${g.target}: ${g.met ? 'met' : 'NOT MET'}`;
}

/** Every goal of a run as a table, for the end of its output. */
export function goalTable(goals: readonly Goal[]): string {
  const rows = goals.map((g) => [
    g.name,
    g.figure === undefined ? `— (${g.reason})` : `${num(g.figure)} ${g.unit}`,
    g.target,
    g.met ? 'met' : 'NOT MET',
  ]);
  const header = ['goal', 'figure', 'target', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The machine's load average over 1, 5 and 15 minutes: the figures mean little on a busy machine. */
export function loadAverage(): string {
  return loadavg()
    .map((n) => n.toFixed(2))
    .join(' / ');
}

/** A figure for people: thousands grouped, one decimal under 100. */
function num(n: number): string {
  return Math.abs(n) < 100 && !Number.isInteger(n) ? n.toFixed(1) : Math.round(n).toLocaleString('en-US');
}
