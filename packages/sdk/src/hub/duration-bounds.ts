import { CODE_OPTION_WORDS, shownValue } from '../issue-received.ts';
import type { RoutingOptions } from '../routing/dispatcher-contract.ts';
import { MAX_DEADLINE_MS, MAX_TIMER_MS } from './hub-limits.ts';

// Upper bounds on the durations `createHub` takes: a plain timer past 2^31-1 ms fires at once, and
// a deadline or a count of days past any sense is a typo.

const UNIT_NAMES = { ms: 'milliseconds', hours: 'hours', days: 'days' } as const;

/** The longest deadline in hours (order rules count hours): 8,784, a year as {@link MAX_DEADLINE_MS}. */
export const MAX_DEADLINE_HOURS = MAX_DEADLINE_MS / 3_600_000;

/** Fails naming `key` unless `value` is absent or a positive number up to `max`, in `unit`. */
export function checkUpTo(key: string, value: unknown, max: number, unit: keyof typeof UNIT_NAMES): void {
  if (value === undefined || (typeof value === 'number' && value > 0 && value <= max)) return;
  const reach =
    unit === 'ms' && max === MAX_TIMER_MS
      ? ' (24.8 days: Node fires a longer timer at once)'
      : (unit === 'ms' && max === MAX_DEADLINE_MS) || (unit === 'hours' && max === MAX_DEADLINE_HOURS)
        ? ' (366 days)'
        : '';
  throw new TypeError(
    `createHub: ${key} must be a positive number of ${UNIT_NAMES[unit]} up to ${max}${reach}, got ${shownValue(value, key, CODE_OPTION_WORDS)}`,
  );
}

/**
 * Deadlines a merchant promises: every SLA figure (default, per group, tier and group:tier), every
 * ticket deadline and the breach-alert window, each up to a year. Before 2026-12-05 any figure was
 * taken, Infinity or 1e20 included.
 */
export function checkDeadlines(routing: RoutingOptions | undefined): void {
  const { sla, ticketDeadlines, breachAlert } = routing ?? {};
  const policies: [string, Record<string, unknown> | undefined][] = [
    ['routing.sla.default', sla?.default],
    ...(['groups', 'tiers', 'groupTiers'] as const).flatMap((scope) =>
      Object.entries(sla?.[scope] ?? {}).map(
        ([name, policy]): [string, Record<string, unknown> | undefined] => [
          `routing.sla.${scope}.${name}`,
          policy,
        ],
      ),
    ),
    ...Object.entries(ticketDeadlines ?? {}).map(
      ([tier, policy]): [string, Record<string, unknown> | undefined] => [
        `routing.ticketDeadlines.${tier}`,
        policy,
      ],
    ),
  ];
  // An SLA's nearBreachRatio is a share, not a duration.
  for (const [where, policy] of policies)
    for (const [key, value] of Object.entries(policy ?? {}))
      if (key !== 'nearBreachRatio') checkUpTo(`${where}.${key}`, value, MAX_DEADLINE_MS, 'ms');
  checkUpTo('routing.breachAlert.windowMs', breachAlert?.windowMs, MAX_DEADLINE_MS, 'ms');
}
