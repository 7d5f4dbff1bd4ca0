import type { MetricsRow } from '@kefu/protocol';
import { useEffect } from 'preact/hooks';
import type { ConsoleState } from '../console-state.ts';
import type { DashboardState, GroupBy } from '../dashboard-state.ts';
import { distinctLabels } from '../look-alike-names.ts';
import { reportFileName, reportToCsv } from '../report-csv.ts';
import type { Strings } from '../strings.ts';
import { dayKey, formatDuration, formatTime } from '../time-format.ts';
import { BarChart, Sparkline } from './charts.tsx';

const pct = (v: number | undefined) => (v === undefined ? '—' : `${Math.round(v * 1000) / 10}%`);
const dur = (ms: number | undefined) => (ms === undefined ? '—' : formatDuration(ms));

/** Each figure on the dashboard: how to read it from a row, and how to show it. */
export const METRICS: {
  id: string;
  value: (r: MetricsRow) => number | undefined;
  show: (r: MetricsRow) => string;
  detail?: (r: MetricsRow, t: Strings) => string;
  chart: (v: number) => string;
}[] = [
  { id: 'conversations', value: (r) => r.conversations, show: (r) => String(r.conversations), chart: String },
  { id: 'frt', value: (r) => r.firstResponse.meanMs, show: (r) => dur(r.firstResponse.meanMs), chart: dur },
  { id: 'aht', value: (r) => r.handling.meanMs, show: (r) => dur(r.handling.meanMs), chart: dur },
  { id: 'fcr', value: (r) => r.fcr.rate, show: (r) => pct(r.fcr.rate), chart: pct },
  {
    id: 'csat',
    value: (r) => r.csat.mean,
    show: (r) => (r.csat.mean === undefined ? '—' : r.csat.mean.toFixed(2)),
    detail: (r, t) => t.csatDetail(r.csat.count),
    chart: (v) => v.toFixed(2),
  },
  { id: 'containment', value: (r) => r.containment.rate, show: (r) => pct(r.containment.rate), chart: pct },
  // Conversations in which a bot turn failed for good and went to people (absent from older hubs).
  {
    id: 'botFailures',
    value: (r) => r.bot?.failures,
    show: (r) => (r.bot?.failures === undefined ? '—' : String(r.bot.failures)),
    chart: String,
  },
  { id: 'breach', value: (r) => r.sla.breachRate, show: (r) => pct(r.sla.breachRate), chart: pct },
  { id: 'wait', value: (r) => r.queueWait.meanMs, show: (r) => dur(r.queueWait.meanMs), chart: dur },
  {
    id: 'transfer',
    value: (r) => r.transfers.rate,
    show: (r) => pct(r.transfers.rate),
    detail: (r, t) => t.transfersDetail(r.transfers.count),
    chart: pct,
  },
  {
    id: 'qa',
    value: (r) => r.qa.score,
    show: (r) => (r.qa.score === undefined ? '—' : String(Math.round(r.qa.score))),
    detail: (r, t) => t.qaDetail(r.qa.checked, r.qa.violations),
    chart: (v) => String(Math.round(v)),
  },
  // Proactive service, self-service and photos (the report's optional `proactive` and `photos`).
  {
    id: 'notified',
    value: (r) => r.proactive?.notified.rate,
    show: (r) => pct(r.proactive?.notified.rate),
    detail: (r, t) =>
      t.notifiedDetail(
        Object.values(r.proactive?.notifications ?? {}).reduce((a, b) => a + b, 0),
        r.proactive?.unnotifiedContacts ?? 0,
      ),
    chart: pct,
  },
  {
    id: 'selfService',
    value: (r) => r.proactive?.afterSales.rate,
    show: (r) => pct(r.proactive?.afterSales.rate),
    detail: (r, t) =>
      t.selfServiceDetail(
        r.proactive?.actions.completed ?? 0,
        r.proactive?.actions.started ?? 0,
        r.proactive?.actions.failed ?? 0,
      ),
    chart: pct,
  },
  {
    id: 'exceptions',
    value: (r) => r.proactive?.exceptions.detected,
    show: (r) => String(r.proactive?.exceptions.detected ?? 0),
    detail: (r, t) =>
      t.exceptionsDetail(
        r.proactive?.exceptions.resolved ?? 0,
        dur(r.proactive?.exceptions.resolution.meanMs),
      ),
    chart: String,
  },
  {
    id: 'photos',
    value: (r) => r.photos?.rate,
    show: (r) => pct(r.photos?.rate),
    detail: (r, t) => t.photosDetail(r.photos?.conversations ?? 0, dur(r.photos?.resolution.meanMs)),
    chart: pct,
  },
];

/** Saves text as a file the browser downloads. */
function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * The supervisor's dashboard: live queues and agents online per group, and today's service
 * metrics in total and per group, agent or day, refreshed every 10 s, with a CSV export.
 */
export function Dashboard({
  state,
  dash,
  metricsUrl,
}: {
  state: ConsoleState;
  dash: DashboardState;
  metricsUrl: string;
}) {
  const t = state.t.value;
  useEffect(() => {
    dash.start();
    return () => dash.stop();
  }, [dash]);
  // Still a page with its landmark and title, so a screen reader lands on the reason.
  if (state.me.value && !state.me.value.supervisor)
    return (
      <main class="dashboard" aria-labelledby="dash-title">
        <h1 id="dash-title">{t.dashboardTitle}</h1>
        <p class="placeholder">{t.supervisorsOnly}</p>
      </main>
    );

  const report = dash.report.value;
  const rows = report?.rows.filter(hasFigures) ?? [];
  const online = dash.agentsOnline.value;
  const tickets = dash.ticketsOpen.value;
  // Live queues: every conversation the supervisor sees, counted per group and status; open
  // tickets come from `/metrics` (an order exception's ticket has no conversation to count).
  const groups = new Map<string, Record<string, number>>();
  for (const item of state.inbox.value) {
    const g = item.state.group ?? 'default';
    const counts = groups.get(g) ?? {};
    counts[item.state.status] = (counts[item.state.status] ?? 0) + 1;
    groups.set(g, counts);
  }
  for (const g of [...Object.keys(online ?? {}), ...Object.keys(tickets ?? {})])
    if (!groups.has(g)) groups.set(g, {});
  const groupRows = [...groups].sort(([a], [b]) => a.localeCompare(b));
  const trend = trendPoints(dash.trend.value, state.clock.value, dash.timeZone.value);
  const names = agentNames(state, dash);

  return (
    <main class="dashboard" aria-labelledby="dash-title">
      <div class="dash-head">
        <h1 id="dash-title">{t.dashboardTitle}</h1>
        <p class="muted" role="status">
          {dash.updatedAt.value ? t.updatedAt(formatTime(dash.updatedAt.value, t.lang)) : ''}
          {dash.error.value ? ` · ${t.failed(dash.error.value)}` : ''}
        </p>
        <a href={metricsUrl} target="_blank" rel="noopener">
          {t.prometheus}
        </a>
      </div>

      <section class="card-block" aria-labelledby="queues-title">
        <h2 id="queues-title">{t.liveQueues}</h2>
        <table class="queues">
          <thead>
            <tr>
              <th scope="col">{t.groupCol}</th>
              <th scope="col">{t.queuedCol}</th>
              <th scope="col">{t.assignedCol}</th>
              <th scope="col">{t.pendingCol}</th>
              <th scope="col">{t.ticketCol}</th>
              <th scope="col">{t.agentsOnline}</th>
            </tr>
          </thead>
          <tbody>
            {groupRows.map(([g, c]) => (
              <tr key={g} data-group={g}>
                <th scope="row">{t.group(g)}</th>
                <td data-col="queued" class={(c.queued ?? 0) > 0 ? 'hot' : ''}>
                  {c.queued ?? 0}
                </td>
                <td data-col="assigned">{c.assigned ?? 0}</td>
                <td data-col="pending">{c.pending ?? 0}</td>
                <td data-col="ticket">{tickets ? (tickets[g] ?? 0) : '—'}</td>
                <td data-col="online">{online ? (online[g] ?? 0) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {online ? null : <p class="muted small">{t.noAgentsData}</p>}
      </section>

      <AgentsLoad state={state} dash={dash} t={t} />

      <section class="card-block" aria-labelledby="today-title">
        <div class="block-head">
          <h2 id="today-title">{t.today}</h2>
          <fieldset class="seg">
            <legend class="sr-only">{t.groupBy}</legend>
            {(
              [
                ['group', t.byGroup],
                ['agent', t.byAgent],
                ['day', t.byDay],
              ] as [GroupBy, string][]
            ).map(([id, label]) => (
              <label key={id} class={dash.groupBy.value === id ? 'on' : ''}>
                <input
                  type="radio"
                  name="group-by"
                  value={id}
                  checked={dash.groupBy.value === id}
                  onChange={() => void dash.setGroupBy(id)}
                />
                {label}
              </label>
            ))}
          </fieldset>
          <button
            type="button"
            class="secondary"
            disabled={!report}
            onClick={() =>
              report && download(reportFileName(report), reportToCsv(report), 'text/csv;charset=utf-8')
            }
          >
            {t.exportCsv}
          </button>
        </div>
        {!report ? (
          <p class="muted">{t.noData}</p>
        ) : (
          <>
            <ul class="tiles">
              {METRICS.map((m) => (
                <li key={m.id} class="tile" data-metric={m.id} data-value={m.value(report.total) ?? ''}>
                  <span class="name">{t.metric[m.id]}</span>
                  <span class="figure">{m.show(report.total)}</span>
                  {m.detail ? <span class="detail">{m.detail(report.total, t)}</span> : null}
                </li>
              ))}
            </ul>
            <div class="charts">
              {['conversations', 'frt', 'csat', 'qa'].map((id) => {
                const m = METRICS.find((x) => x.id === id)!;
                return (
                  <BarChart
                    key={id}
                    title={t.chartOf(t.metric[id]!)}
                    rows={rows.map((r) => ({
                      label: rowLabel(r.key, dash.groupBy.value, t, names),
                      value: m.value(r),
                    }))}
                    format={m.chart}
                    t={t}
                  />
                );
              })}
              <Sparkline title={t.trend} points={trend} t={t} />
            </div>
            <div class="table-wrap">
              <table class="rows">
                <caption class="sr-only">{t.today}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t.groupBy}</th>
                    {METRICS.map((m) => (
                      <th scope="col" key={m.id}>
                        {t.metric[m.id]}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {[...rows, report.total].map((r) => (
                    <tr key={r.key} data-key={r.key} class={r === report.total ? 'total' : ''}>
                      <th scope="row">
                        {r === report.total ? '∑' : rowLabel(r.key, dash.groupBy.value, t, names)}
                      </th>
                      {METRICS.map((m) => (
                        <td key={m.id} data-metric={m.id}>
                          {m.show(r)}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
    </main>
  );
}

/**
 * Each agent's load now: whom to reassign from, and to. Counted from the conversations the
 * supervisor sees; who is online (taking conversations) comes from the hub, so an agent away or
 * signed out with shoppers still assigned shows as such.
 */
function AgentsLoad({ state, dash, t }: { state: ConsoleState; dash: DashboardState; t: Strings }) {
  const people = dash.people.value;
  const load = new Map<string, { name: string; assigned: number; pending: number; online: boolean }>();
  for (const p of people ?? []) load.set(p.id, { name: p.name, assigned: 0, pending: 0, online: true });
  for (const item of state.inbox.value) {
    const a = item.state.agent;
    if (!a || (item.state.status !== 'assigned' && item.state.status !== 'pending')) continue;
    const row = load.get(a.id) ?? { name: a.name, assigned: 0, pending: 0, online: people === undefined };
    row[item.state.status] += 1;
    load.set(a.id, row);
  }
  // Names that look alike (a Cyrillic е, an invisible mark, two people of one name) show their ids.
  const labels = distinctLabels([...load].map(([id, r]) => ({ id, name: r.name })));
  for (const [i, r] of [...load.values()].entries()) r.name = labels[i]!;
  const rows = [...load].sort(
    ([, a], [, b]) => b.assigned - a.assigned || a.name.localeCompare(b.name, t.lang),
  );
  return (
    <section class="card-block" aria-labelledby="agents-title">
      <h2 id="agents-title">{t.agentsLoad}</h2>
      <table class="queues agents-load" aria-labelledby="agents-title">
        <thead>
          <tr>
            <th scope="col">{t.agentCol}</th>
            <th scope="col">{t.presenceCol}</th>
            <th scope="col">{t.assignedCol}</th>
            <th scope="col">{t.pendingCol}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([id, r]) => (
            <tr key={id} data-agent={id}>
              <th scope="row">{r.name}</th>
              <td data-col="presence" class={r.online ? '' : 'hot'}>
                {people === undefined ? '—' : r.online ? t.online : t.signedOut}
              </td>
              <td data-col="assigned">{r.assigned}</td>
              <td data-col="pending">{r.pending}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function rowLabel(key: string, groupBy: GroupBy, t: Strings, names: ReadonlyMap<string, string>): string {
  if (groupBy === 'group') return t.group(key);
  if (groupBy !== 'agent') return key;
  // The report keys agents by id ("mei"): the supervisor knows them by name.
  return key === NO_KEY ? t.botOnly : (names.get(key) ?? key);
}

/** Agents' names by id, from who is online and whose conversations the supervisor sees. */
function agentNames(state: ConsoleState, dash: DashboardState): Map<string, string> {
  const names = new Map<string, string>();
  for (const item of state.inbox.value)
    if (item.state.agent) names.set(item.state.agent.id, item.state.agent.name);
  for (const p of dash.people.value ?? []) names.set(p.id, p.name);
  const labels = distinctLabels([...names].map(([id, name]) => ({ id, name })));
  return new Map([...names.keys()].map((id, i) => [id, labels[i]!]));
}

/** The report's key for facts without an agent (`NO_AGENT` in the SDK's metrics/report.ts). */
const NO_KEY = '(no agent)';

/** Figures counted, where a 0 means nothing happened (a 0 % rate is a figure). */
const COUNTS = new Set(['conversations', 'exceptions', 'botFailures']);

/** Whether a row has anything to show: a row of zeros and dashes only hides the others. */
function hasFigures(r: MetricsRow): boolean {
  return METRICS.some((m) => {
    const v = m.value(r);
    return v !== undefined && !(v === 0 && COUNTS.has(m.id));
  });
}

/** Conversations per day for the last seven days, zero where the report has no row. */
function trendPoints(report: { rows: MetricsRow[] } | undefined, now: number, timeZone?: string) {
  const byDay = new Map(report?.rows.map((r) => [r.key, r.conversations]) ?? []);
  const points: { label: string; value: number }[] = [];
  for (let i = 6; i >= 0; i--) {
    // The report's days are the hub's (its metrics.timeZone): label them the same way.
    const key = dayKey(now - i * 86_400_000, timeZone);
    points.push({ label: key.slice(5), value: byDay.get(key) ?? 0 });
  }
  return points;
}
