import { KefuError, Order, type OrderStatus } from '@kefu/protocol';
import * as z from 'zod/mini';
import type { Clock } from '../clock.ts';
import { describeIssue } from '../http/describe-issue.ts';
import type { DurableTimers } from '../routing/durable-timers.ts';
import type { SelfServiceActions } from '../seams/actions.ts';
import type { NewTicket, Ticket } from '../seams/tickets.ts';
import type { EventRecord, Store, StoredConversation } from '../store/store.ts';
import { hubLanguage, languageOf } from '../text/hub-language.ts';
import { ACTION_PAYLOADS } from './actions.ts';
import type { ErasureGuard } from './erasure-guard.ts';
import { NOTIFY_PAYLOADS, type Notifier, type ShopperKey } from './notify.ts';
import { notifyTexts } from './notify-texts.ts';
import {
  applyOrderEvent,
  CARRIER_REASONS,
  dueOrderChecks,
  exceptionRule,
  fillTemplate,
  forgettable,
  nextOrderCheck,
  ORDER_EVENT_STATUSES,
  type OrderEffect,
  type OrderEventData,
  type OrderExceptionKind,
  type OrderRules,
  type OrderTrack,
} from './order-rules.ts';

/** The durable timer that carries an order's track and its next check. */
export const ORDER_TIMER_KIND = 'order.watch';
export const orderTimerKey = (siteKey: string, orderId: string): string => `order:${siteKey}:${orderId}`;

/** An event may say it happened up to this far in the future (clocks of two systems differ a little). */
const CLOCK_SKEW_MS = 5 * 60_000;

const text = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));
/** What an event may add to its status (the HTTP API reuses these limits). */
export const OrderEventDetail = z.object({
  carrier: z.optional(text(80)),
  trackingNo: z.optional(Order.shape.id),
  reason: z.optional(z.enum(CARRIER_REASONS)),
  note: z.optional(text(1000)),
});
/** An order event as `orderEvent` takes it, without the shopper. */
export const OrderEventSchema = z.object({
  id: text(200),
  orderId: Order.shape.id,
  status: z.enum(ORDER_EVENT_STATUSES),
  at: z.int().check(z.gte(0)),
  detail: z.optional(OrderEventDetail),
});

export type OrderEventOutcome =
  | {
      ok: true;
      /** The event id was applied before: nothing happened this time. */
      duplicate: boolean;
      /** Steps the shopper was told about because of this event. */
      notified: OrderStatus[];
      /**
       * Exceptions this event raised (apology sent unless opted out, L3 ticket opened), including
       * a time-based check it made due at once (a `paid` that happened past `notShipped.afterHours`).
       */
      exceptions: OrderExceptionKind[];
    }
  | { ok: false; error: KefuError };

export interface OrderEventsDeps {
  store: Store;
  clock: Clock;
  timers: Pick<DurableTimers, 'mutate' | 'handle' | 'finish'>;
  rules: OrderRules;
  /** The hub's actions: a notice offers those `rules.offer` names for its step, by their label. */
  actions?: SelfServiceActions;
  notifier: Pick<Notifier, 'notify' | 'localeFor'>;
  openTicket(input: NewTicket): Promise<Ticket>;
  /** Whether the shopper is being erased, and how a conversation is erased (see `erasure-guard.ts`). */
  guard: Pick<ErasureGuard, 'active'>;
  eraseConversation(conversationId: string, shopper: ShopperKey): Promise<void>;
  /** Writes the `order.exception` event the metrics count (detected, and resolved by its ticket). */
  record(kind: 'order.exception', conversationId: string, extra: { data: EventRecord['data'] }): void;
  onError(what: string, error: unknown): void;
}

/**
 * Order events from the merchant's order system, applied by the rules in `order-rules.ts`. Each
 * order's track lives in a durable timer, written with compare-and-set, so an event id is applied
 * once on whichever node receives it, and the time-based checks (not shipped, no progress) fire
 * on exactly one node, after restarts too. What an event or a check decides (notify, apologise and
 * open a ticket) runs once the track is stored, so two nodes never both act on it.
 * @example
 * const orders = createOrderEvents({ store, clock, timers, rules: DEFAULT_ORDER_RULES, notifier, openTicket, record, onError });
 * await orders.apply({ siteKey: 'shop', shopperId: 'u:42' }, { id: 'ev1', orderId: 'SO-1024', status: 'shipped', at: Date.now() });
 */
export function createOrderEvents(d: OrderEventsDeps) {
  const { rules } = d;

  d.timers.handle(ORDER_TIMER_KIND, async (timer, now) => {
    const track = timer.data as OrderTrack;
    if (forgettable(track, rules, now)) {
      await d.timers.finish(timer, null);
      return;
    }
    const due = dueOrderChecks(track, rules, now);
    if (await d.timers.finish(timer, { dueAt: nextOrderCheck(due.track, rules), data: due.track }))
      await run(due.track, due.effects);
  });

  async function apply(shopper: ShopperKey, input: OrderEventData): Promise<OrderEventOutcome> {
    const parsed = OrderEventSchema.safeParse(input);
    if (!parsed.success) {
      // Worded as the HTTP API words the same fields: the value received and what was expected.
      const issue = parsed.error.issues[0]!;
      const path = issue.path.join('.');
      return refuse(
        'invalid_frame',
        `order event ${path || '(event)'}: ${describeIssue(issue, input, path)}`,
      );
    }
    const event = parsed.data as OrderEventData;
    if (event.at > d.clock.now() + CLOCK_SKEW_MS)
      return refuse('invalid_frame', 'order event `at` is in the future');
    if (await d.guard.active(shopper)) return refuse('forbidden', 'this shopper is being erased');
    const key = orderTimerKey(shopper.siteKey, event.orderId);
    const applied = await d.timers.mutate(key, ORDER_TIMER_KIND, (current) => {
      const track = current ? (current.data as OrderTrack) : null;
      if (track && track.shopperId !== shopper.shopperId) return { next: 'keep', result: null };
      const result = applyOrderEvent(track, event, shopper, rules);
      if (result.duplicate) return { next: 'keep', result };
      const now = d.clock.now();
      // An event about the past (a payment 49 hours ago, never shipped) may make a check due at
      // once: it is raised here, so the answer reports it, not a timer a moment later.
      const due = dueOrderChecks({ ...result.track, receivedAt: now }, rules, now);
      return {
        next: { dueAt: nextOrderCheck(due.track, rules), data: due.track },
        result: { ...result, track: due.track, effects: [...result.effects, ...due.effects] },
      };
    });
    if (!applied) return refuse('conflict', `order ${event.orderId} belongs to another shopper`);
    if (applied.duplicate) return { ok: true, duplicate: true, notified: [], exceptions: [] };
    const notified = await run(applied.track, applied.effects);
    // Written, then looked: an erasure that began meanwhile must not find the order track back
    // (the notices and tickets take back their own writes).
    if (await d.guard.active(shopper)) {
      await d.store.deleteTimer(key);
      return refuse('forbidden', 'this shopper is being erased');
    }
    return {
      ok: true,
      duplicate: false,
      notified,
      exceptions: applied.effects.flatMap((e) => (e.kind === 'exception' ? [e.exception] : [])),
    };
  }

  /** Carries out what the rules decided; returns the steps the shopper was told about. */
  async function run(track: OrderTrack, effects: OrderEffect[]): Promise<OrderStatus[]> {
    const notified: OrderStatus[] = [];
    for (const effect of effects) {
      try {
        if (effect.kind === 'notify') {
          if (await notifyStep(track, effect.status)) notified.push(effect.status);
        } else await raise(track, effect.exception, effect.note);
      } catch (error) {
        d.onError(`order ${effect.kind}`, error);
      }
    }
    return notified;
  }

  function varsOf(track: OrderTrack, hours?: number) {
    return { orderId: track.orderId, carrier: track.carrier, trackingNo: track.trackingNo, hours };
  }

  async function notifyStep(track: OrderTrack, status: OrderStatus): Promise<boolean> {
    const template = rules.notify[status];
    if (!template) return false;
    const shopper = { siteKey: track.siteKey, shopperId: track.shopperId };
    const locale = await d.notifier.localeFor(shopper);
    const language = languageOf(locale);
    const text = fillTemplate(template, hubLanguage(locale), varsOf(track));
    // The step's self-service actions, as buttons on the notice (checked for eligibility on the tap).
    const replies = (rules.offer?.[status] ?? []).flatMap((name) => {
      const action = d.actions?.[name];
      return action
        ? [{ label: action.label[language], payload: `${ACTION_PAYLOADS.offer}${name}:${track.orderId}` }]
        : [];
    });
    const outcome = await d.notifier.notify(
      shopper,
      replies.length > 0 ? { kind: 'quick_replies', text, replies } : { kind: 'text', text },
      // Counted but not held back, as exceptions: each step is said at most once per order, and a
      // notice the rate refused was lost for good (the event id is applied, the step marked said),
      // so a shopper whose cart split into six orders never heard of the sixth.
      {
        orderId: track.orderId,
        dedupeKey: `order:${track.orderId}:${status}`,
        kind: `order.${status}`,
        urgent: true,
      },
    );
    return outcome.ok && !outcome.duplicate;
  }

  /** An apology with a way to a person (unless the shopper opted out), and an L3 ticket for the rule's group. */
  async function raise(track: OrderTrack, exception: OrderExceptionKind, note?: string): Promise<void> {
    const rule = exceptionRule(rules, exception);
    if (!rule) return;
    const shopper = { siteKey: track.siteKey, shopperId: track.shopperId };
    const locale = await d.notifier.localeFor(shopper);
    const apology = fillTemplate(rule.template, hubLanguage(locale), varsOf(track, rule.afterHours));
    const outcome = await d.notifier.notify(
      shopper,
      {
        kind: 'quick_replies',
        text: apology,
        // The tap names the exception, so the shopper reaches the group its ticket went to.
        replies: [{ label: notifyTexts(locale).person, payload: personPayload(exception, track.orderId) }],
      },
      {
        orderId: track.orderId,
        dedupeKey: `order:${track.orderId}:${exception}`,
        kind: `order.${exception}`,
        urgent: true,
      },
    );
    const conversationId = outcome.ok
      ? outcome.conversationId
      : (await d.store.findLatestConversation(track.siteKey, track.shopperId))?.id;
    const ticket = await d.openTicket({
      title: `order ${track.orderId}: ${exception}${note ? ` (${note})` : ''}`.slice(0, 200),
      tier: 'L3',
      group: rule.group,
      cause: 'l3',
      by: { kind: 'system' },
      note: apology,
      ...(conversationId ? { conversationId } : {}),
    });
    // The ticket's words are about the shopper: an erasure that began meanwhile takes them too.
    if (conversationId && (await d.guard.active(shopper))) await d.eraseConversation(conversationId, shopper);
    // A shopper with no conversation (opted out before ever chatting) is counted under the ticket.
    d.record('order.exception', conversationId ?? ticket.id, {
      data: { orderId: track.orderId, exception, ticketId: ticket.id },
    });
  }

  /**
   * The group of the exception a "talk to a person" tap names (`<exception>:<orderId>`), when that
   * order is this shopper's and the exception was raised for it: a payload comes from the
   * browser, so a forged one reaches no other queue than the router's own choice.
   */
  async function personGroup(
    conversation: Pick<StoredConversation, 'siteKey' | 'shopperId'>,
    subject: string,
  ): Promise<string | undefined> {
    const colon = subject.indexOf(':');
    if (colon < 0) return undefined;
    const exception = subject.slice(0, colon) as OrderExceptionKind;
    const orderId = subject.slice(colon + 1);
    const timer = await d.store.getTimer(orderTimerKey(conversation.siteKey, orderId));
    const track = timer?.kind === ORDER_TIMER_KIND ? (timer.data as OrderTrack) : undefined;
    if (!track || track.shopperId !== conversation.shopperId || !track.raised.includes(exception))
      return undefined;
    const rule = exceptionRule(rules, exception);
    return rule ? rule.group : undefined;
  }

  return { apply, personGroup };
}

/** The "talk to a person" payload under an exception's apology (see `NOTIFY_PAYLOADS.person`). */
export function personPayload(exception: OrderExceptionKind, orderId: string): string {
  return `${NOTIFY_PAYLOADS.person}:${exception}:${orderId}`;
}

function refuse(code: 'invalid_frame' | 'conflict' | 'forbidden', message: string): OrderEventOutcome {
  return { ok: false, error: new KefuError(code, message) };
}

export type OrderEvents = ReturnType<typeof createOrderEvents>;
