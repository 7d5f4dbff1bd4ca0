import type { EventRecord } from '../store.ts';
import { json } from './rows.ts';

/**
 * The INSERT of events from seven array parameters, `$first` to `$first + 6` (one per column, see
 * {@link eventColumns}): one text for any number of events, so a driver prepares it once and the
 * server neither parses nor plans it again, where a multi-row VALUES list was a new text of up to
 * ~10,000 parameters for each batch. Rows get `pos` in the order given.
 */
export function insertEventsText(s: string, first: number): string {
  const p = (i: number) => `$${first + i}`;
  return `INSERT INTO ${s}.events (id, at, kind, conversation_id, agent_id, skill_group, data)
       SELECT id, at, kind, conversation_id, agent_id, skill_group, data::json
       FROM unnest(${p(0)}::text[], ${p(1)}::bigint[], ${p(2)}::text[], ${p(3)}::text[], ${p(4)}::text[], ${p(5)}::text[], ${p(6)}::text[])
         WITH ORDINALITY AS e(id, at, kind, conversation_id, agent_id, skill_group, data, n)
       ORDER BY n`;
}

/** The parameters of {@link insertEventsText}: the events' columns, each an array in the order given. */
export function eventColumns(events: readonly EventRecord[]): unknown[][] {
  const ev = <T>(pick: (event: EventRecord) => T) => events.map(pick);
  return [
    ev((e) => e.id),
    ev((e) => e.at),
    ev((e) => e.kind),
    ev((e) => e.conversationId),
    ev((e) => e.agentId ?? null),
    ev((e) => e.group ?? null),
    ev((e) => json(e.data)),
  ];
}
