import { signal } from '@preact/signals';
import type { ConsoleClient } from './console-client.ts';
import { readGauge } from './prometheus-gauges.ts';
import type { ReportData } from './report-csv.ts';
import { startOfDay } from './time-format.ts';

export type GroupBy = 'group' | 'agent' | 'day';

export interface DashboardOptions {
  now?: () => number;
  /** Reads the hub's Prometheus text (for agents online); resolves undefined when it cannot. */
  fetchMetrics?: () => Promise<string | undefined>;
  /** How often to refresh (default 10 s). */
  everyMs?: number;
}

const DAY = 86_400_000;

/**
 * The supervisor dashboard's data: today's report cut by group, agent or day, a seven-day trend,
 * and agents online and open tickets per group from the hub's `/metrics`. Reports have no push event, so this
 * polls (every 10 s by default) and stops when disposed.
 * @example
 * const dash = createDashboardState(client, { fetchMetrics: () => fetch('/metrics').then((r) => r.text()) });
 * dash.start();
 */
export function createDashboardState(
  client: Pick<ConsoleClient, 'report'> & Partial<Pick<ConsoleClient, 'agentsOnline'>>,
  options: DashboardOptions = {},
) {
  const now = options.now ?? Date.now;
  const groupBy = signal<GroupBy>('group');
  const report = signal<ReportData | undefined>(undefined);
  const trend = signal<ReportData | undefined>(undefined);
  const agentsOnline = signal<Record<string, number> | undefined>(undefined);
  const ticketsOpen = signal<Record<string, number> | undefined>(undefined);
  /** Who is online now, by name (the agents' load table); undefined until the hub said. */
  const people = signal<{ id: string; name: string }[] | undefined>(undefined);
  const updatedAt = signal<number | undefined>(undefined);
  const error = signal<string | undefined>(undefined);
  /** The zone the hub cuts days in, from its last report (until then, the browser's). */
  const timeZone = signal<string | undefined>(undefined);
  let timer: ReturnType<typeof setInterval> | undefined;
  let running: Promise<void> | undefined;

  async function refreshOnce(): Promise<void> {
    const at = now();
    const zone = timeZone.value;
    const today = startOfDay(at, zone);
    try {
      const [r, week, text, online] = await Promise.all([
        client.report(today, at + 1, groupBy.value),
        client.report(startOfDay(at - 6 * DAY, zone), at + 1, 'day'),
        options.fetchMetrics?.().catch(() => undefined),
        // Who is here: an agent with conversations but not online left shoppers waiting.
        client.agentsOnline?.().catch(() => undefined),
      ]);
      // "Today" is the hub's day: asked in another zone, ask again from the hub's midnight.
      if (r.timeZone && r.timeZone !== zone) {
        timeZone.value = r.timeZone;
        return refreshOnce();
      }
      report.value = r;
      trend.value = week;
      agentsOnline.value = text === undefined ? undefined : readGauge(text, 'kefu_agents_online', 'group');
      ticketsOpen.value = text === undefined ? undefined : openTickets(text);
      people.value = online?.map(({ id, name }) => ({ id, name }));
      updatedAt.value = at;
      error.value = undefined;
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
    }
  }

  /** One refresh at a time: a slow hub does not pile requests up. */
  function refresh(): Promise<void> {
    running ??= refreshOnce().finally(() => {
      running = undefined;
    });
    return running;
  }

  return {
    groupBy,
    report,
    trend,
    agentsOnline,
    ticketsOpen,
    people,
    updatedAt,
    error,
    timeZone,
    refresh,
    setGroupBy(next: GroupBy): Promise<void> {
      groupBy.value = next;
      return refreshOnce();
    },
    start(): void {
      void refresh();
      timer ??= setInterval(() => void refresh(), options.everyMs ?? 10_000);
    },
    stop(): void {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}

export type DashboardState = ReturnType<typeof createDashboardState>;

/**
 * Unresolved tickets per group. Tickets are store records, not conversations: an order
 * exception's L3 ticket has no conversation in `ticket` status, so the inbox cannot count them.
 * A ticket without a group (`''`) counts under `default`, as a conversation without one does.
 */
function openTickets(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [group, n] of Object.entries(readGauge(text, 'kefu_tickets_open', 'group'))) {
    const g = group || 'default';
    out[g] = (out[g] ?? 0) + n;
  }
  return out;
}
