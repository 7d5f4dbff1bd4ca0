import { ORDER_STATUSES, type OrderStatus } from '@kefu/protocol';
import { checkUpTo, MAX_DEADLINE_HOURS } from '../hub/duration-bounds.ts';
import { MAX_DAYS } from '../hub/hub-limits.ts';
import { CODE_OPTION_WORDS, shownValue } from '../issue-received.ts';
import type { HubLanguage } from '../text/hub-language.ts';

const HOUR = 3_600_000;

/** What an order event may say: a lifecycle step, or a problem the carrier reports. */
export const ORDER_EVENT_STATUSES = [...ORDER_STATUSES, 'exception'] as const;
export type OrderEventStatus = (typeof ORDER_EVENT_STATUSES)[number];

/** Why a carrier flags a shipment (`exception` events): the address, or anything else. */
export const CARRIER_REASONS = ['address', 'other'] as const;
export type CarrierReason = (typeof CARRIER_REASONS)[number];

export interface OrderEventDetail {
  carrier?: string;
  trackingNo?: string;
  /** For `exception` events: what went wrong (default `other`). */
  reason?: CarrierReason;
  /** Free text from the carrier, for the ticket. */
  note?: string;
}

/** One event from the merchant's order system, about an order of a known shopper. */
export interface OrderEventData {
  /** Unique per event: the same id twice is applied once. */
  id: string;
  orderId: string;
  status: OrderEventStatus;
  /** When it happened (epoch ms); events may arrive in any order. */
  at: number;
  detail?: OrderEventDetail;
}

/** A text in both languages the hub speaks, with `{orderId}`, `{carrier}`, `{trackingNo}`, `{hours}` filled in. */
export interface OrderTemplate {
  zh: string;
  en: string;
  /** For shoppers whose locale is Traditional (zh-TW, zh-HK); without it they read `zh`. */
  'zh-Hant'?: string;
}

/** What an exception does: an apology to the shopper and an L3 ticket for `group`. */
export interface ExceptionRule {
  group: string;
  template: OrderTemplate;
}

export type OrderExceptionKind = 'not_shipped' | 'no_progress' | 'address' | 'carrier';

/** Which order events reach the shopper, and which are exceptions. Data, so a merchant can change it. */
export interface OrderRules {
  /** Steps that notify the shopper, with what to say; a step not listed is recorded silently. */
  notify: Partial<Record<OrderStatus, OrderTemplate>>;
  /** Paid but not shipped this many hours later. `false` turns the check off. */
  notShipped: (ExceptionRule & { afterHours: number }) | false;
  /** Shipped, not delivered, and no tracking step for this many hours. `false` turns the check off. */
  noProgress: (ExceptionRule & { afterHours: number }) | false;
  /** A carrier's `exception` event, by its reason. */
  carrier: Record<CarrierReason, ExceptionRule>;
  /** How long an order is remembered after its last event (for idempotency and late events). */
  keepDays: number;
  /**
   * Self-service actions (names in the hub's `actions`) offered as buttons under a step's notice,
   * e.g. `{ delivered: ['requestReturn'] }`: a tap, a confirmation, done. Eligibility is checked
   * on the tap. Default: none.
   */
  offer?: Partial<Record<OrderStatus, readonly string[]>>;
}

export const DEFAULT_ORDER_RULES: OrderRules = {
  notify: {
    shipped: {
      zh: '您的订单 {orderId} 已发货[，{carrier}][ 运单号 {trackingNo}]。',
      'zh-Hant': '您的訂單 {orderId} 已寄出[，{carrier}][ 貨運單號 {trackingNo}]。',
      en: 'Your order {orderId} has shipped[ with {carrier}][, tracking number {trackingNo}].',
    },
    out_for_delivery: {
      zh: '您的订单 {orderId} 正在派送中，请保持电话畅通。',
      'zh-Hant': '您的訂單 {orderId} 正在配送中，請保持電話暢通。',
      en: 'Your order {orderId} is out for delivery today.',
    },
    delivered: {
      zh: '您的订单 {orderId} 已签收，感谢您的购买！',
      'zh-Hant': '您的訂單 {orderId} 已簽收，感謝您的購買！',
      en: 'Your order {orderId} has been delivered. Thank you for shopping with us!',
    },
  },
  notShipped: {
    afterHours: 48,
    group: 'logistics',
    template: {
      zh: '非常抱歉，您的订单 {orderId} 付款后 {hours} 小时仍未发货，我们已登记工单加急处理。',
      'zh-Hant': '非常抱歉，您的訂單 {orderId} 付款後 {hours} 小時仍未寄出，我們已建立客服單加急處理。',
      en: "We're sorry: your order {orderId} has not shipped {hours} hours after payment. We've opened a ticket to speed it up.",
    },
  },
  noProgress: {
    afterHours: 72,
    group: 'logistics',
    template: {
      zh: '非常抱歉，您的订单 {orderId}[（{carrier} {trackingNo}）]已 {hours} 小时没有物流更新，我们正在联系快递核实。',
      'zh-Hant':
        '非常抱歉，您的訂單 {orderId}[（{carrier} {trackingNo}）]已 {hours} 小時沒有物流更新，我們正在聯絡物流公司確認。',
      en: "We're sorry: your order {orderId}[ ({carrier} {trackingNo})] has had no tracking update for {hours} hours. We're checking with the carrier.",
    },
  },
  carrier: {
    address: {
      group: 'logistics',
      template: {
        zh: '非常抱歉，快递反馈订单 {orderId} 的收货地址有问题，请联系我们确认地址。',
        'zh-Hant': '非常抱歉，物流公司回報訂單 {orderId} 的收件地址有問題，請與我們聯絡確認地址。',
        en: "We're sorry: the carrier reports a problem with the delivery address of order {orderId}. Please confirm your address with us.",
      },
    },
    other: {
      group: 'logistics',
      template: {
        zh: '非常抱歉，您的订单 {orderId} 配送出现异常，我们已登记工单处理。',
        'zh-Hant': '非常抱歉，您的訂單 {orderId} 配送出現異常，我們已建立客服單處理。',
        en: "We're sorry: there is a problem with the delivery of order {orderId}. We've opened a ticket.",
      },
    },
  },
  keepDays: 60,
};

/**
 * What the hub remembers of one order, as the data of its durable timer: which events it applied,
 * when each step was first reached, what it told the shopper, which exceptions it raised.
 */
export type OrderTrack = {
  siteKey: string;
  shopperId: string;
  orderId: string;
  /** Ids of the latest events applied (idempotency); the oldest drop off past {@link SEEN_IDS}. */
  seen: string[];
  reached: Partial<Record<OrderStatus, number>>;
  /** The latest tracking step's time (shipped onwards). */
  lastProgressAt?: number;
  lastEventAt: number;
  /**
   * When the hub last took an event for the order. It is kept `keepDays` from the later of this
   * and `lastEventAt`: an event sent long after it happened, then retried, is still a duplicate.
   */
  receivedAt?: number;
  notified: OrderStatus[];
  raised: OrderExceptionKind[];
  carrier?: string;
  trackingNo?: string;
};

/** What to do once an event or a check is stored. */
export type OrderEffect =
  | { kind: 'notify'; status: OrderStatus }
  | { kind: 'exception'; exception: OrderExceptionKind; note?: string };

const SEEN_IDS = 200;
const RANK: Record<OrderStatus, number> = Object.fromEntries(ORDER_STATUSES.map((s, i) => [s, i])) as Record<
  OrderStatus,
  number
>;

function furthest(track: OrderTrack): number {
  return Math.max(-1, ...Object.keys(track.reached).map((s) => RANK[s as OrderStatus]));
}

/**
 * Applies one event to an order's track. A step notifies only when it moves the order further
 * than any step seen before (a `shipped` arriving after `delivered` says nothing), once per step;
 * a carrier exception is raised once per reason. A repeated event id changes nothing.
 */
export function applyOrderEvent(
  current: OrderTrack | null,
  event: OrderEventData,
  shopper: { siteKey: string; shopperId: string },
  rules: OrderRules,
): { track: OrderTrack; effects: OrderEffect[]; duplicate: boolean } {
  const track: OrderTrack = current
    ? structuredClone(current)
    : {
        ...shopper,
        orderId: event.orderId,
        seen: [],
        reached: {},
        lastEventAt: event.at,
        notified: [],
        raised: [],
      };
  if (track.seen.includes(event.id)) return { track, effects: [], duplicate: true };
  track.seen = [...track.seen, event.id].slice(-SEEN_IDS);
  track.lastEventAt = Math.max(track.lastEventAt, event.at);
  if (event.detail?.carrier) track.carrier = event.detail.carrier;
  if (event.detail?.trackingNo) track.trackingNo = event.detail.trackingNo;
  const effects: OrderEffect[] = [];
  if (event.status === 'exception') {
    const exception: OrderExceptionKind = event.detail?.reason === 'address' ? 'address' : 'carrier';
    if (!track.raised.includes(exception)) {
      track.raised.push(exception);
      effects.push({
        kind: 'exception',
        exception,
        ...(event.detail?.note ? { note: event.detail.note } : {}),
      });
    }
    return { track, effects, duplicate: false };
  }
  const status = event.status;
  const before = furthest(track);
  const first = track.reached[status];
  track.reached[status] = first === undefined ? event.at : Math.min(first, event.at);
  if (RANK[status] >= RANK.shipped) track.lastProgressAt = Math.max(track.lastProgressAt ?? 0, event.at);
  if (RANK[status] > before && rules.notify[status] && !track.notified.includes(status)) {
    track.notified.push(status);
    effects.push({ kind: 'notify', status });
  }
  return { track, effects, duplicate: false };
}

/** The time-based checks still open on an order, with when each falls due. */
function checks(
  track: OrderTrack,
  rules: OrderRules,
): Array<{ exception: OrderExceptionKind; dueAt: number }> {
  const out: Array<{ exception: OrderExceptionKind; dueAt: number }> = [];
  const at = furthest(track);
  // Computed from what was reached, never from arrival order: a late `paid` after `shipped` starts nothing.
  if (
    rules.notShipped &&
    track.reached.paid !== undefined &&
    at < RANK.shipped &&
    !track.raised.includes('not_shipped')
  )
    out.push({ exception: 'not_shipped', dueAt: track.reached.paid + rules.notShipped.afterHours * HOUR });
  if (
    rules.noProgress &&
    track.lastProgressAt !== undefined &&
    track.reached.delivered === undefined &&
    !track.raised.includes('no_progress')
  )
    out.push({ exception: 'no_progress', dueAt: track.lastProgressAt + rules.noProgress.afterHours * HOUR });
  return out;
}

/** When the order's timer should next fire: its soonest check, or when it is forgotten. */
function keptUntil(track: OrderTrack, rules: OrderRules): number {
  return Math.max(track.lastEventAt, track.receivedAt ?? 0) + rules.keepDays * 24 * HOUR;
}

export function nextOrderCheck(track: OrderTrack, rules: OrderRules): number {
  return Math.min(keptUntil(track, rules), ...checks(track, rules).map((c) => c.dueAt));
}

/** Raises every check due by `now` (each once per order). */
export function dueOrderChecks(
  current: OrderTrack,
  rules: OrderRules,
  now: number,
): { track: OrderTrack; effects: OrderEffect[] } {
  const due = checks(current, rules).filter((c) => c.dueAt <= now);
  const track = structuredClone(current);
  for (const c of due) track.raised.push(c.exception);
  return { track, effects: due.map((c) => ({ kind: 'exception', exception: c.exception })) };
}

/** True when nothing is left to check and the order has been kept long enough. */
export function forgettable(track: OrderTrack, rules: OrderRules, now: number): boolean {
  return checks(track, rules).length === 0 && keptUntil(track, rules) <= now;
}

/** The exception's rule (false when the merchant turned it off). */
export function exceptionRule(
  rules: OrderRules,
  kind: OrderExceptionKind,
): (ExceptionRule & { afterHours?: number }) | false {
  switch (kind) {
    case 'not_shipped':
      return rules.notShipped;
    case 'no_progress':
      return rules.noProgress;
    case 'address':
      return rules.carrier.address;
    default:
      return rules.carrier.other;
  }
}

/**
 * A template in the shopper's language with its `{variables}` filled in. A `[segment]` holding
 * variables is left out when one of them has no value (a parcel shipped before its tracking
 * number is known: "has shipped." rather than "has shipped with , tracking number ."); brackets
 * without a variable are the merchant's text. A variable outside brackets without a value reads as empty.
 */
export function fillTemplate(
  template: OrderTemplate,
  language: HubLanguage,
  vars: Record<string, string | number | undefined>,
): string {
  const known = (name: string) => vars[name] !== undefined && vars[name] !== '';
  return (language === 'zh-Hant' ? (template['zh-Hant'] ?? template.zh) : template[language])
    .replace(/\[([^[\]]*\{\w+\}[^[\]]*)\]/g, (_, inner: string) =>
      [...inner.matchAll(/\{(\w+)\}/g)].every(([, name]) => known(name!)) ? inner : '',
    )
    .replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? ''))
    .replace(/\s{2,}/g, ' ');
}

/** Checks merchant-given rules up front, naming the option; what is not given keeps its default. */
export function resolveOrderRules(given: Partial<OrderRules> | undefined): OrderRules {
  const rules: OrderRules = {
    ...DEFAULT_ORDER_RULES,
    ...given,
    carrier: { ...DEFAULT_ORDER_RULES.carrier, ...given?.carrier },
  };
  // Each refusal names the option's path and the value it had (TypeScript does not check a rule
  // read from JSON or built in plain JavaScript).
  const fail = (message: string, ...value: [unknown?]): never => {
    const got = value.length ? `, got ${shownValue(value[0], message, CODE_OPTION_WORDS)}` : '';
    throw new TypeError(`createHub: orderRules.${message}${got}`);
  };
  const template = (t: OrderTemplate | undefined, at: string) => {
    if (t === null || typeof t !== 'object') return fail(`${at} needs a zh and an en text`, t);
    for (const language of ['zh', 'en', 'zh-Hant'] as const) {
      const value = t[language];
      if (language === 'zh-Hant' && value === undefined) continue;
      if (typeof value !== 'string' || !value) fail(`${at}.${language} must be a text`, value);
    }
  };
  for (const [status, t] of Object.entries(rules.notify)) {
    if (!(ORDER_STATUSES as readonly string[]).includes(status))
      fail(
        `notify.${status} is not an order status: expected one of ${ORDER_STATUSES.map((s) => `"${s}"`).join('|')}`,
      );
    template(t, `notify.${status}`);
  }
  for (const key of ['notShipped', 'noProgress'] as const) {
    const rule = rules[key];
    if (rule === false) continue;
    // A check further off than a year is a slip (days written as hours), and 1e20 hours is no date.
    checkUpTo(`orderRules.${key}.afterHours`, rule.afterHours ?? Number.NaN, MAX_DEADLINE_HOURS, 'hours');
    if (typeof rule.group !== 'string' || !rule.group) fail(`${key}.group must name a group`, rule.group);
    template(rule.template, `${key}.template`);
  }
  for (const reason of CARRIER_REASONS) {
    const group = rules.carrier[reason]?.group;
    if (typeof group !== 'string' || !group) fail(`carrier.${reason}.group must name a group`, group);
    template(rules.carrier[reason].template, `carrier.${reason}.template`);
  }
  checkUpTo('orderRules.keepDays', rules.keepDays ?? Number.NaN, MAX_DAYS, 'days');
  for (const [status, names] of Object.entries(rules.offer ?? {})) {
    if (!rules.notify[status as OrderStatus]) fail(`offer.${status} has no notice in orderRules.notify`);
    if (!Array.isArray(names) || names.some((n) => typeof n !== 'string'))
      fail(`offer.${status} must be a list of action names`, names);
  }
  return rules;
}
