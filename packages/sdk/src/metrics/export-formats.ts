import type { MetricsRow } from '@kefu/protocol';
import type { Report } from './report.ts';

const COLUMNS: Array<[string, (r: MetricsRow) => number | undefined]> = [
  ['conversations', (r) => r.conversations],
  ['first_response_count', (r) => r.firstResponse.count],
  ['first_response_mean_s', (r) => seconds(r.firstResponse.meanMs)],
  ['first_response_p90_s', (r) => seconds(r.firstResponse.p90Ms)],
  ['handling_mean_s', (r) => seconds(r.handling.meanMs)],
  ['queue_wait_mean_s', (r) => seconds(r.queueWait.meanMs)],
  ['queue_wait_p90_s', (r) => seconds(r.queueWait.p90Ms)],
  ['fcr_rate', (r) => r.fcr.rate],
  ['csat_count', (r) => r.csat.count],
  ['csat_mean', (r) => r.csat.mean],
  ['csat_satisfied_rate', (r) => r.csat.satisfiedRate],
  ['bot_containment_rate', (r) => r.containment.rate],
  ['sla_breach_rate', (r) => r.sla.breachRate],
  ['transfer_rate', (r) => r.transfers.rate],
  ['qa_score', (r) => r.qa.score],
  // New columns go last: a sheet that reads columns by position keeps working.
  ['bot_failures', (r) => r.bot?.failures],
];

function seconds(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : ms / 1000;
}

function cell(value: number | undefined): string {
  return value === undefined ? '' : String(Math.round(value * 1000) / 1000);
}

/**
 * A text cell of a CSV a spreadsheet will open: a value that starts like a formula gets a leading
 * `'`, so the spreadsheet shows it instead of running it. The starts are OWASP's list (CSV
 * Injection): `=`, `+`, `-`, `@`, and tab, carriage return and line feed, which spreadsheets skip
 * before looking for a formula. A value with a quote, a comma, a semicolon (the separator of
 * European locales), a tab or a line break is quoted (RFC 4180), so none of it starts a new cell.
 * @example
 * csvText('\t=HYPERLINK("x")'); // `"'\t=HYPERLINK(""x"")"`
 */
export function csvText(raw: string): string {
  const s = /^[=+\-@\t\r\n]/.test(raw) ? `'${raw}` : raw;
  return /[",;\t\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The UTF-8 byte-order mark. Excel opens a CSV without it in the computer's code page (GBK on a
 * Chinese Windows), which garbled every Chinese name; with it, Excel, Numbers and LibreOffice read UTF-8.
 */
const UTF8_BOM = '\uFEFF';

/**
 * RFC 4180 CSV for a spreadsheet: a UTF-8 byte-order mark, a header, one line per row, then the
 * total. The keys (agents', groups' names) are written with {@link csvText}, so none of them runs
 * as a formula. `{ bom: false }` leaves the mark out, for a program that does not skip it.
 * @example
 * writeFileSync('report.csv', reportToCsv(report)); // opens in Excel with the names readable
 */
export function reportToCsv(report: Report, options: { bom?: boolean } = {}): string {
  const lines = [[report.groupBy ?? 'key', ...COLUMNS.map(([name]) => name)].join(',')];
  for (const row of [...report.rows, report.total])
    lines.push([csvText(row.key), ...COLUMNS.map(([, get]) => cell(get(row)))].join(','));
  return `${options.bom === false ? '' : UTF8_BOM}${lines.join('\r\n')}\r\n`;
}

/** Live gauges a hub adds beside the report. */
export interface LiveGauges {
  queued: Record<string, number>;
  agentsOnline: Record<string, number>;
  connections: { shoppers: number; agents: number };
  breachRate: number;
  /** Tickets not resolved, and those of them with a missed deadline, per group (`''`: none). */
  tickets?: { open: Record<string, number>; overdue: Record<string, number> };
  /** Whether the store and the bus answered this node's readiness check (what `/readyz` reports). */
  up?: { store: boolean; bus: boolean };
}

/**
 * The Prometheus text format (version 0.0.4): the report's totals and per-group rows as
 * `kefu_*` gauges, plus live queue and presence figures.
 */
export function reportToPrometheus(report: Report, live: LiveGauges): string {
  // A list of gauges, one short block each, in the order the metrics page shows them.
  const out: string[] = [];
  const gauge = (
    name: string,
    help: string,
    samples: Array<[Record<string, string>, number | undefined]>,
  ) => {
    out.push(`# HELP kefu_${name} ${help}`, `# TYPE kefu_${name} gauge`);
    for (const [labels, value] of samples) {
      if (value === undefined || !Number.isFinite(value)) continue;
      const l = Object.entries(labels)
        .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`)
        .join(',');
      out.push(`kefu_${name}${l ? `{${l}}` : ''} ${value}`);
    }
  };
  const rows: Array<[Record<string, string>, MetricsRow]> = [
    [{}, report.total],
    ...report.rows.map((r): [Record<string, string>, MetricsRow] => [
      { [report.groupBy ?? 'key']: r.key },
      r,
    ]),
  ];
  const each = (get: (r: MetricsRow) => number | undefined) =>
    rows.map(([l, r]): [Record<string, string>, number | undefined] => [l, get(r)]);
  gauge(
    'conversations',
    'Conversations created in the window.',
    each((r) => r.conversations),
  );
  gauge(
    'first_response_seconds',
    'Mean first response time.',
    each((r) => seconds(r.firstResponse.meanMs)),
  );
  gauge(
    'handling_seconds',
    'Mean handling time per agent assignment.',
    each((r) => seconds(r.handling.meanMs)),
  );
  gauge(
    'queue_wait_seconds',
    'Mean wait in the queue before assignment.',
    each((r) => seconds(r.queueWait.meanMs)),
  );
  gauge(
    'first_contact_resolution_ratio',
    'Closed conversations not reopened within 7 days.',
    each((r) => r.fcr.rate),
  );
  gauge(
    'csat_mean',
    'Mean satisfaction rating (1-5).',
    each((r) => r.csat.mean),
  );
  gauge(
    'bot_containment_ratio',
    'Conversations the bot finished without a person.',
    each((r) => r.containment.rate),
  );
  gauge(
    'bot_failures',
    'Conversations in which the bot failed for good and handed over to people.',
    each((r) => r.bot?.failures),
  );
  gauge(
    'sla_breach_ratio',
    'Response SLA timers that breached.',
    each((r) => r.sla.breachRate),
  );
  gauge(
    'transfer_ratio',
    'Share of the conversations that reached an agent that were transferred.',
    each((r) => r.transfers.rate),
  );
  gauge(
    'qa_score',
    'Quality inspection score (0-100).',
    each((r) => r.qa.score),
  );
  const proactive = report.total.proactive;
  gauge(
    'notifications_sent',
    'Notifications the shop sent in the window, per kind.',
    Object.entries(proactive?.notifications ?? {}).map(([kind, n]) => [{ kind }, n]),
  );
  gauge(
    'notified_contact_ratio',
    'Conversations with a notification in which the shopper wrote within 24 h.',
    each((r) => r.proactive?.notified.rate),
  );
  gauge('contacts', 'Conversations the shopper wrote in, after a notification or with none.', [
    [{ notified: 'yes' }, proactive?.notified.contacted],
    [{ notified: 'no' }, proactive?.unnotifiedContacts],
  ]);
  gauge('order_exceptions', 'Order exceptions detected in the window, and those resolved.', [
    [{ state: 'detected' }, proactive?.exceptions.detected],
    [{ state: 'resolved' }, proactive?.exceptions.resolved],
  ]);
  gauge('order_exception_resolution_seconds', 'Mean time from an order exception to its ticket resolved.', [
    [{}, seconds(proactive?.exceptions.resolution.meanMs)],
  ]);
  gauge(
    'self_service_actions',
    'Self-service actions, per outcome.',
    Object.entries(proactive?.actions ?? {}).map(([outcome, n]) => [{ outcome }, n]),
  );
  gauge(
    'after_sales_without_person_ratio',
    'After-sales conversations done by self-service without a person.',
    each((r) => r.proactive?.afterSales.rate),
  );
  gauge(
    'photo_conversation_ratio',
    'Conversations with a photo from the shopper.',
    each((r) => r.photos?.rate),
  );
  gauge(
    'photo_resolution_seconds',
    'Mean time from creation to close of conversations with a photo.',
    each((r) => seconds(r.photos?.resolution.meanMs)),
  );
  gauge(
    'queued',
    'Conversations waiting now, per group.',
    Object.entries(live.queued).map(([group, n]) => [{ group }, n]),
  );
  gauge(
    'agents_online',
    'Agents online now, per group.',
    Object.entries(live.agentsOnline).map(([group, n]) => [{ group }, n]),
  );
  gauge('connections', 'Open WebSocket connections on this node.', [
    [{ role: 'shopper' }, live.connections.shoppers],
    [{ role: 'agent' }, live.connections.agents],
  ]);
  gauge('sla_breach_ratio_rolling', 'Breached share of responses in the rolling alert window.', [
    [{}, live.breachRate],
  ]);
  if (live.tickets) {
    gauge(
      'tickets_open',
      'Tickets not yet resolved, per group.',
      Object.entries(live.tickets.open).map(([group, n]) => [{ group }, n]),
    );
    gauge(
      'tickets_overdue',
      'Unresolved tickets with a missed deadline, per group.',
      Object.entries(live.tickets.overdue).map(([group, n]) => [{ group }, n]),
    );
  }
  if (live.up) {
    // 0/1, as exporters' `*_up` gauges: an alert can name the part that is down.
    gauge(
      'store_up',
      'Whether the store answers and its schema is current (1) or not (0), as /readyz checks.',
      [[{}, live.up.store ? 1 : 0]],
    );
    gauge('bus_up', 'Whether the bus answers (1) or not (0), as /readyz checks.', [
      [{}, live.up.bus ? 1 : 0],
    ]);
  }
  return `${out.join('\n')}\n`;
}
