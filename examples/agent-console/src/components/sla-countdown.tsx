import type { InboxItem } from '@kefu/protocol';
import type { Strings } from '../strings.ts';
import { formatDuration, slaCountdown } from '../time-format.ts';

/** The running SLA timer as a live countdown: calm, amber when near, red once breached. */
export function SlaCountdown({
  sla,
  now,
  t,
}: {
  sla: NonNullable<InboxItem['sla']>;
  now: number;
  t: Strings;
}) {
  const { leftMs, level } = slaCountdown(sla, now);
  const metric = t.sla[sla.metric] ?? sla.metric;
  const text =
    leftMs > 0 ? t.slaLeft(metric, formatDuration(leftMs)) : t.slaOver(metric, formatDuration(-leftMs));
  return (
    <span class={`sla sla-${level}`} data-sla={level}>
      <span aria-hidden="true">⏱ </span>
      {text}
    </span>
  );
}
