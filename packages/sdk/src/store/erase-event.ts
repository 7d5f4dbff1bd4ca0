import type { EventRecord } from './store.ts';

/**
 * Event data that holds someone's words rather than figures or codes: a CSAT comment, a close
 * resolution, a knowledge draft (the shopper's question and the agent's answer). A new event
 * field with free text belongs in this list, or an erasure keeps it.
 */
export const FREE_TEXT_EVENT_FIELDS = ['comment', 'resolution', 'draft'] as const;

/**
 * An event's data without its words, as `eraseConversation` leaves it, or null when it holds
 * none (the row stays as it is). A knowledge draft loses its draft: `knowledgeDrafts()` no
 * longer lists it, while the event still counts.
 * @example
 * eraseEventData({ rating: 2, comment: 'call me on 13800138000' }); // { rating: 2 }
 */
export function eraseEventData(data: EventRecord['data']): EventRecord['data'] | null {
  if (!data || !FREE_TEXT_EVENT_FIELDS.some((field) => field in data)) return null;
  const kept = { ...data };
  for (const field of FREE_TEXT_EVENT_FIELDS) delete kept[field];
  return kept;
}
