import type { EventRecord, Store } from '../store/store.ts';

const DAY = 86_400_000;

/** Where a fact belongs: the dimensions a report can be cut by. */
export interface Dims {
  group?: string | undefined;
  agent?: string | undefined;
  day: string;
}

/** Facts about the proactive service, after-sales and photos, one conversation at a time. */
export type ProactiveFact =
  | { metric: 'notification'; dims: Dims; kind: string }
  | { metric: 'notifiedConversation'; dims: Dims; contacted: boolean }
  | { metric: 'unnotifiedContact'; dims: Dims }
  | { metric: 'exception'; dims: Dims; resolvedMs?: number }
  | { metric: 'action'; dims: Dims; outcome: string }
  | { metric: 'afterSales'; dims: Dims; withoutPerson: boolean }
  | { metric: 'photoConversation'; dims: Dims; resolvedMs?: number };

export interface ProactiveFactsContext {
  inWindow(at: number): boolean;
  /** The dimensions of a fact dated `at` (the conversation's final group and agent). */
  dims(at: number): Dims;
  /** Where the conversation itself is counted: a photo share is of the same row's conversations. */
  conversationDims?: Dims;
  /** When each order exception's ticket was resolved, by ticket id. */
  ticketsResolvedAt: ReadonlyMap<string, number>;
  /** Groups whose conversations are after-sales (default `after-sale`). */
  afterSalesGroups: readonly string[];
}

/**
 * The facts of one conversation (its events sorted by time):
 * - **notifications** sent in the window, per kind;
 * - **contacts after a notification**: a conversation with a notification in the window counts
 *   as contacted when the shopper wrote in it within 24 h after one (a tap on the notice's own
 *   self-service or stop button is not a contact; "talk to a person" is). The notification sets the
 *   conversation's order, and it lands where the shopper's next message lands, so such a message
 *   is about that order. Against it, **unnotified contacts**: conversations created in the window
 *   that the shopper wrote in and that got no notification;
 * - **exceptions** detected in the window, and the time from detection to their ticket's resolution;
 * - **self-service actions** by outcome (started, completed, failed, ineligible);
 * - **after-sales conversations** (a self-service action, or escalated to an after-sales group),
 *   and those no person touched: an action completed and nothing escalated;
 * - **photo conversations**: created in the window with a photo from the shopper, and the time
 *   from creation to their first close (not counting closes as abandoned).
 */
export function proactiveFacts(list: readonly EventRecord[], ctx: ProactiveFactsContext): ProactiveFact[] {
  const facts: ProactiveFact[] = [];
  const created = list.find((e) => e.kind === 'conversation.created')?.at;
  const notifiedAt: number[] = [];
  const shopperWroteAt: number[] = [];
  let person = false;
  let afterSalesAt: number | undefined;
  let completedAction = false;
  let photo = false;
  let closedAt: number | undefined;
  for (const e of list) {
    switch (e.kind) {
      case 'notification':
        if (ctx.inWindow(e.at)) {
          notifiedAt.push(e.at);
          facts.push({
            metric: 'notification',
            dims: ctx.dims(e.at),
            kind: String(e.data?.kind ?? 'message'),
          });
        }
        break;
      case 'message':
        if (e.data?.authorKind === 'shopper') {
          if (e.data.noticeTap !== true) shopperWroteAt.push(e.at);
          if (e.data.image === true) photo = true;
        }
        break;
      case 'escalated':
      case 'assigned':
        person = true;
        if (e.group && ctx.afterSalesGroups.includes(e.group)) afterSalesAt ??= e.at;
        break;
      case 'action': {
        afterSalesAt ??= e.at;
        const outcome = String(e.data?.outcome ?? '');
        if (outcome === 'completed') completedAction = true;
        if (ctx.inWindow(e.at)) facts.push({ metric: 'action', dims: ctx.dims(e.at), outcome });
        break;
      }
      case 'order.exception':
        if (ctx.inWindow(e.at)) {
          const resolvedAt = ctx.ticketsResolvedAt.get(String(e.data?.ticketId ?? ''));
          facts.push({
            metric: 'exception',
            dims: ctx.dims(e.at),
            ...(resolvedAt === undefined ? {} : { resolvedMs: resolvedAt - e.at }),
          });
        }
        break;
      case 'closed':
        if (e.data?.abandoned !== true) closedAt ??= e.at;
        break;
    }
  }
  if (notifiedAt.length > 0) {
    const contacted = notifiedAt.some((at) => shopperWroteAt.some((w) => w > at && w - at <= DAY));
    facts.push({ metric: 'notifiedConversation', dims: ctx.dims(notifiedAt[0]!), contacted });
  } else if (created !== undefined && ctx.inWindow(created) && shopperWroteAt.length > 0) {
    facts.push({ metric: 'unnotifiedContact', dims: ctx.dims(created) });
  }
  if (afterSalesAt !== undefined && ctx.inWindow(afterSalesAt))
    facts.push({
      metric: 'afterSales',
      dims: ctx.dims(afterSalesAt),
      withoutPerson: completedAction && !person,
    });
  if (photo && created !== undefined && ctx.inWindow(created))
    facts.push({
      metric: 'photoConversation',
      dims: ctx.conversationDims ?? ctx.dims(created),
      ...(closedAt === undefined ? {} : { resolvedMs: closedAt - created }),
    });
  return facts;
}

/**
 * When the tickets of the order exceptions among `events` were resolved, by ticket id: the
 * report's exception resolution time (tickets live in the store, not in the event log).
 * @example
 * const ticketsResolvedAt = await exceptionTicketsResolvedAt(store, events);
 */
export async function exceptionTicketsResolvedAt(
  store: Pick<Store, 'getTicket'>,
  events: readonly EventRecord[],
): Promise<Map<string, number>> {
  const ids = new Set<string>();
  for (const e of events)
    if (e.kind === 'order.exception' && typeof e.data?.ticketId === 'string') ids.add(e.data.ticketId);
  const resolved = new Map<string, number>();
  for (const id of ids) {
    const ticket = await store.getTicket(id);
    if (ticket?.status !== 'resolved') continue;
    const at = ticket.history.findLast((h) => h.action === 'resolved')?.at;
    if (at !== undefined) resolved.set(id, at);
  }
  return resolved;
}
