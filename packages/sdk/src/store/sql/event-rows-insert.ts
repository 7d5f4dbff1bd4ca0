import type { EventRecord } from '../store.ts';
import { json } from './rows.ts';

/**
 * The INSERT of events from seven array parameters, `$first` to `$first + 6` (one per column, see
 * {@link eventColumns}): one text for any number of events, so a driver prepares it once and the
 * server neither parses nor plans it again, where a multi-row VALUES list was a new text of up to
 * ~10,000 parameters for each batch. Rows get `pos` in the order given. The data's JSON array is
 * parsed once, as each element's `::json` was.
 */
export function insertEventsText(s: string, first: number): string {
  const p = (i: number) => `$${first + i}`;
  // ROWS FROM zips the arrays and the data's JSON array element by element; a JSON null is SQL's.
  return `INSERT INTO ${s}.events (id, at, kind, conversation_id, agent_id, skill_group, data)
       SELECT id, at, kind, conversation_id, agent_id, skill_group, CASE WHEN json_typeof(data) <> 'null' THEN data END
       FROM ROWS FROM (unnest(${p(0)}::text[]), unnest(${p(1)}::bigint[]), unnest(${p(2)}::text[]), unnest(${p(3)}::text[]),
                       unnest(${p(4)}::text[]), unnest(${p(5)}::text[]), json_array_elements(${p(6)}::json))
         WITH ORDINALITY AS e(id, at, kind, conversation_id, agent_id, skill_group, data, n)
       ORDER BY n`;
}

/**
 * The parameters of {@link insertEventsText}: the events' columns in the order given, each an
 * array literal ({@link arrayLiteral}), but their data: one JSON array, whose elements (JSON text
 * already) need no escaping, where an array literal's quoting escaped every `"` in them.
 */
export function eventColumns(events: readonly EventRecord[]): string[] {
  const ev = (pick: (event: EventRecord) => string | number | null) => arrayLiteral(events.map(pick));
  let data = '[';
  for (let i = 0; i < events.length; i++) data += `${i > 0 ? ',' : ''}${json(events[i]!.data) ?? 'null'}`;
  return [
    ev((e) => e.id),
    ev((e) => e.at),
    ev((e) => e.kind),
    ev((e) => e.conversationId),
    ev((e) => e.agentId ?? null),
    ev((e) => e.group ?? null),
    `${data}]`,
  ];
}

const NEEDS_ESCAPE = /["\\]/;
const ESCAPED = /["\\]/g;

/**
 * An array parameter as PostgreSQL's array literal, which both drivers pass on as it is. Given a
 * JavaScript array, `pg` makes the same text but escapes every element with two regular
 * expressions and a recursive call: 1.1–1.3 µs of the hub's CPU an event more than the VALUES
 * list's plain parameters. Texts are quoted (so `NULL`, braces and spaces stay text), with `"`
 * and `\` escaped; null is NULL; numbers as JavaScript writes them (integers, for bigint columns).
 */
export function arrayLiteral(values: readonly (string | number | null)[]): string {
  let literal = '{';
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (i > 0) literal += ',';
    if (value === null || value === undefined) literal += 'NULL';
    else if (typeof value === 'number') literal += String(value);
    else literal += `"${NEEDS_ESCAPE.test(value) ? value.replace(ESCAPED, '\\$&') : value}"`;
  }
  return `${literal}}`;
}
