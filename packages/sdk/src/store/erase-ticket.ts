import type { Ticket } from '../seams/tickets.ts';
import { ERASED_TEXT } from './store.ts';

/**
 * A ticket with its words gone, as `eraseConversation` leaves it: deadlines, statuses and who
 * (of the staff) did what stay, so the ticket trail and its metrics still add up.
 * @example
 * const kept = eraseTicket(ticket, 'anon_1b2c'); // kept.title === '[erased]'
 */
export function eraseTicket(ticket: Ticket, anonymousId: string): Ticket {
  const { followUp, ...rest } = structuredClone(ticket);
  return {
    ...rest,
    title: ERASED_TEXT,
    ...(followUp ? { followUp: { dueAt: followUp.dueAt } } : {}),
    history: rest.history.map(({ note, ...h }) => ({
      ...h,
      // An overdue entry's note names the deadline, not anything anyone said.
      ...(h.action === 'overdue' && note !== undefined ? { note } : {}),
      ...(h.by.kind === 'shopper' ? { by: { kind: 'shopper' as const, id: anonymousId } } : {}),
    })),
  };
}
