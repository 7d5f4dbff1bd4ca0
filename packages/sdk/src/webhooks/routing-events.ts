import type { DispatchEvents } from '../routing/dispatcher-contract.ts';
import type { WebhookRecorder } from '../seams/webhook-events.ts';

/**
 * Records the webhook event of an SLA or ticket event, if it has one. Ids follow from what the
 * event is about (the breached timer, the missed deadline, the ticket version), so a timer that
 * fires again after its node died makes the same event, which the outbox stores once.
 * @example
 * await recordRoutingEvent(outbox, 'ticket', { type: 'created', ticket });
 */
export async function recordRoutingEvent<K extends 'sla' | 'ticket'>(
  recorder: WebhookRecorder,
  kind: K,
  payload: DispatchEvents[K],
): Promise<void> {
  const e = payload as DispatchEvents['sla'] | DispatchEvents['ticket'];
  if (kind === 'sla' && e.type === 'breach') {
    const t = e.timer;
    await recorder.record(
      'sla.breached',
      {
        conversationId: t.conversationId,
        metric: t.metric,
        ...(t.scope.group ? { group: t.scope.group } : {}),
        startedAt: t.startedAt,
        dueAt: t.dueAt,
        breachedAt: e.at,
      },
      `sla.breached:${t.conversationId}:${t.metric}:${t.startedAt}`,
    );
  } else if (kind === 'ticket' && 'ticket' in e) {
    const { ticket } = e;
    if (e.type === 'created')
      await recorder.record('ticket.created', { ticket }, `ticket.created:${ticket.id}`);
    else if (e.type === 'updated')
      await recorder.record('ticket.updated', { ticket }, `ticket.updated:${ticket.id}:${ticket.version}`);
    else if (e.type === 'overdue')
      await recorder.record(
        'ticket.overdue',
        { ticket, deadline: e.deadline },
        `ticket.overdue:${ticket.id}:${e.deadline.kind}`,
      );
  }
}
