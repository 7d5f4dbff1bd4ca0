import type { AlertFrame } from '@kefu/protocol';
import { signal } from '@preact/signals';

export type Alert = Omit<AlertFrame, 'v' | 'type'> & { id: number };

/** How many alerts the console shows at once, newest first. */
const SHOWN = 5;

/**
 * The alerts the console shows, newest first, and when they are done with: past due replaces
 * "almost due" for the same clock, an agent's reply ends its conversation's response alerts, and a
 * conversation that left the agent's hands takes its alerts with it.
 * @example
 * const alerts = consoleAlerts();
 * client.on('alert', (a) => alerts.add(a));
 */
export function consoleAlerts() {
  const alerts = signal<Alert[]>([]);
  let ids = 0;
  return {
    alerts,
    add(alert: Omit<Alert, 'id'>): void {
      // Both would stand, and take two of the five places.
      const kept =
        alert.kind === 'sla_breach'
          ? alerts.value.filter(
              (a) =>
                !(
                  a.kind === 'sla_near_breach' &&
                  a.conversationId === alert.conversationId &&
                  a.metric === alert.metric
                ),
            )
          : alerts.value;
      alerts.value = [{ ...alert, id: ++ids }, ...kept].slice(0, SHOWN);
    },
    /**
     * An agent replied in the conversation: the shopper is answered, so its response alerts (first
     * or next response, near or past due) and a due follow-up are done with; resolution alerts stay.
     */
    answered(conversationId: string): void {
      alerts.value = alerts.value.filter(
        (a) =>
          a.conversationId !== conversationId ||
          !(
            a.kind === 'follow_up_due' ||
            ((a.kind === 'sla_breach' || a.kind === 'sla_near_breach') &&
              (a.metric === 'first_response' || a.metric === 'next_response'))
          ),
      );
    },
    /**
     * Keeps only the alerts still the agent's to act on: one about a conversation `gone` says is
     * no longer theirs nor waiting (a colleague took it from the queue, it was closed) goes.
     */
    settle(gone: (conversationId: string) => boolean): void {
      const kept = alerts.value.filter((a) => a.conversationId === undefined || !gone(a.conversationId));
      if (kept.length !== alerts.value.length) alerts.value = kept;
    },
    /** The conversation left the agent's hands (transferred, handed back, closed). */
    drop(conversationId: string): void {
      alerts.value = alerts.value.filter((a) => a.conversationId !== conversationId);
    },
    dismiss(id: number): void {
      alerts.value = alerts.value.filter((a) => a.id !== id);
    },
  };
}
