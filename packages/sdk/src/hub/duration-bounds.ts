import type { RoutingOptions } from '../routing/dispatcher-contract.ts';
import { MAX_DEADLINE_MS, MAX_TIMER_MS } from './hub-limits.ts';

// Upper bounds on the durations `createHub` takes: a plain timer past 2^31-1 ms fires at once, and
// a deadline or a count of days past any sense is a typo.

/** Fails naming `key` unless `value` is absent or a positive number up to `max`, in `unit`. */
export function checkUpTo(key: string, value: unknown, max: number, unit: 'ms' | 'days'): void {
  if (value === undefined || (typeof value === 'number' && value > 0 && value <= max)) return;
  const reach =
    max === MAX_TIMER_MS
      ? ' (24.8 days: Node fires a longer timer at once)'
      : max === MAX_DEADLINE_MS
        ? ' (366 days)'
        : '';
  throw new TypeError(
    `createHub: ${key} must be a positive number of ${unit === 'ms' ? 'milliseconds' : 'days'} up to ${max}${reach}`,
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
