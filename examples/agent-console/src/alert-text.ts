import type { AlertFrame } from '@kefu/protocol';
import type { Strings } from './strings.ts';

/** The service promises an SLA alert can be about, as the hub names them in its message. */
export type SlaMetricName = 'first_response' | 'next_response' | 'resolution';

/** The hub's alert messages are English; the metric is the start of an SLA one ("first response is almost due"). */
const METRIC = /^(first[ _]response|next[ _]response|resolution)\b/i;

/**
 * An alert in the console's language, from its `kind` (the stable part of the frame): SLA alerts
 * (with the metric when the hub's message names one), a conversation sent back to the queue and a
 * follow-up (the agent's own note kept). Other kinds carry details only their message has, and
 * show it as sent.
 * @example
 * alertText({ kind: 'sla_near_breach', message: 'first response is almost due' }, STRINGS.zh); // '首次响应即将超时'
 */
export function alertText(alert: Pick<AlertFrame, 'kind' | 'message'>, t: Strings): string {
  switch (alert.kind) {
    case 'sla_near_breach':
    case 'sla_breach': {
      const found = METRIC.exec(alert.message)?.[1];
      const metric = found ? (found.toLowerCase().replace(' ', '_') as SlaMetricName) : undefined;
      return alert.kind === 'sla_breach' ? t.slaOverdue(metric) : t.slaAlmostDue(metric);
    }
    case 'requeued':
      return t.alertRequeued;
    case 'follow_up_due':
      // Without a note of its own the hub sends this default.
      return alert.message === 'a follow-up is due' ? t.followUpDue : t.followUpDueNote(alert.message);
    default:
      return alert.message;
  }
}
