import type { AlertFrame } from '@kefu/protocol';
import type { Strings } from './strings.ts';
import { formatDuration } from './time-format.ts';

/** A share as agents read it: `6.2%`. */
const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;

/**
 * An alert in the console's language, from its `kind` and the fields that say what it is about
 * (the metric, the ticket's deadline, the breach rate's figures, the agent's note). The hub's
 * `message` is English prose for logs and is never shown or read: an alert from an older hub that
 * sends no fields still gets its kind's sentence, without the details.
 * @example
 * alertText({ kind: 'sla_near_breach', metric: 'first_response' }, STRINGS.zh); // '首次响应即将超时'
 */
export function alertText(
  alert: Pick<
    AlertFrame,
    'kind' | 'at' | 'metric' | 'dueAt' | 'ticketId' | 'deadline' | 'rate' | 'threshold' | 'total' | 'note'
  >,
  t: Strings,
): string {
  switch (alert.kind) {
    case 'sla_near_breach':
      return t.slaAlmostDue(alert.metric);
    case 'sla_breach':
      return t.slaOverdue(alert.metric);
    case 'requeued':
      return t.alertRequeued;
    case 'follow_up_due':
      return alert.note ? t.followUpDueNote(alert.note) : t.followUpDue;
    case 'ticket_overdue': {
      const { ticketId: id, deadline, dueAt } = alert;
      if (!id || !deadline) return t.ticketOverdue();
      // A deadline noticed late (a hub restarted) says by how much; one just passed says nothing.
      const late = dueAt === undefined ? 0 : alert.at - dueAt;
      return t.ticketOverdue({ id, deadline, ...(late >= 60_000 ? { over: formatDuration(late) } : {}) });
    }
    case 'breach_rate':
    case 'breach_rate_cleared': {
      const { rate, threshold, total } = alert;
      const figures =
        rate === undefined || threshold === undefined || total === undefined
          ? undefined
          : { rate: percent(rate), threshold: percent(threshold), total };
      return alert.kind === 'breach_rate' ? t.breachRate(figures) : t.breachRateCleared(figures);
    }
  }
}
