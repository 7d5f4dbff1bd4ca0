import type { EventRecord } from './store.ts';

/**
 * Event data that is about the person rather than figures or codes: their words (a CSAT comment, a
 * close resolution, a knowledge draft with the shopper's question and the agent's answer) and the
 * order a notice, an action or an order exception named (the merchant's systems tie it to the
 * shopper). A new event field of either kind belongs in this list, or an erasure keeps it.
 */
export const PERSONAL_EVENT_FIELDS = ['comment', 'resolution', 'draft', 'orderId'] as const;

/**
 * An event's data without what is about the person, as `eraseConversation` leaves it, or null
 * when it holds none (the row stays as it is). A knowledge draft loses its draft: `knowledgeDrafts()` no
 * longer lists it, while the event still counts.
 * @example
 * eraseEventData({ rating: 2, comment: 'call me on 13800138000' }); // { rating: 2 }
 */
export function eraseEventData(data: EventRecord['data']): EventRecord['data'] | null {
  if (!data || !PERSONAL_EVENT_FIELDS.some((field) => field in data)) return null;
  const kept = { ...data };
  for (const field of PERSONAL_EVENT_FIELDS) delete kept[field];
  return kept;
}
