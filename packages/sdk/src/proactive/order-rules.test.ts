import { describe, expect, it } from 'vitest';
import {
  applyOrderEvent,
  DEFAULT_ORDER_RULES,
  dueOrderChecks,
  type ExceptionRule,
  fillTemplate,
  forgettable,
  nextOrderCheck,
  type OrderEventData,
  type OrderTrack,
  resolveOrderRules,
} from './order-rules.ts';

const HOUR = 3_600_000;
const LI = { siteKey: 'shop', shopperId: 'u:42' };
const rules = DEFAULT_ORDER_RULES;

/** Applies events in the order given; returns the final track and every effect on the way. */
function play(events: Array<Omit<OrderEventData, 'orderId'>>) {
  let track: OrderTrack | null = null;
  const effects = [];
  for (const e of events) {
    const r = applyOrderEvent(track, { orderId: 'SO-1', ...e }, LI, rules);
    track = r.track;
    effects.push(...r.effects);
  }
  return { track: track!, effects };
}

describe('order rules', () => {
  it('notifies shipped, out for delivery and delivered, each once, and records paid silently', () => {
    const { effects } = play([
      { id: '1', status: 'paid', at: 0 },
      { id: '2', status: 'shipped', at: HOUR },
      { id: '3', status: 'in_transit', at: 2 * HOUR },
      { id: '4', status: 'out_for_delivery', at: 3 * HOUR },
      { id: '5', status: 'delivered', at: 4 * HOUR },
      { id: '6', status: 'delivered', at: 5 * HOUR },
    ]);
    expect(effects).toEqual([
      { kind: 'notify', status: 'shipped' },
      { kind: 'notify', status: 'out_for_delivery' },
      { kind: 'notify', status: 'delivered' },
    ]);
  });

  it('applies an event id once', () => {
    const first = play([{ id: '1', status: 'shipped', at: 0 }]);
    const again = applyOrderEvent(
      first.track,
      { id: '1', orderId: 'SO-1', status: 'shipped', at: 0 },
      LI,
      rules,
    );
    expect(again).toMatchObject({ duplicate: true, effects: [] });
  });

  it('says nothing of a step that arrives after a later one (shipped after delivered)', () => {
    const { effects } = play([
      { id: '2', status: 'delivered', at: 5 * HOUR },
      { id: '1', status: 'shipped', at: HOUR },
    ]);
    expect(effects).toEqual([{ kind: 'notify', status: 'delivered' }]);
  });

  it('arms the not-shipped check from payment, and a late paid after shipped arms nothing', () => {
    const paid = play([{ id: '1', status: 'paid', at: 0 }]);
    expect(nextOrderCheck(paid.track, rules)).toBe(48 * HOUR);
    const late = play([
      { id: '2', status: 'shipped', at: 10 * HOUR },
      { id: '1', status: 'paid', at: 0 },
    ]);
    // Only the no-progress check, from the shipment.
    expect(nextOrderCheck(late.track, rules)).toBe(10 * HOUR + 72 * HOUR);
    expect(dueOrderChecks(late.track, rules, 49 * HOUR).effects).toEqual([]);
  });

  it('raises not shipped once when its time comes', () => {
    const { track } = play([{ id: '1', status: 'paid', at: 0 }]);
    expect(dueOrderChecks(track, rules, 48 * HOUR - 1).effects).toEqual([]);
    const due = dueOrderChecks(track, rules, 48 * HOUR);
    expect(due.effects).toEqual([{ kind: 'exception', exception: 'not_shipped' }]);
    expect(dueOrderChecks(due.track, rules, 100 * HOUR).effects).toEqual([]);
  });

  it('moves the no-progress check with each tracking step and drops it on delivery', () => {
    const moving = play([
      { id: '1', status: 'shipped', at: 0 },
      { id: '2', status: 'in_transit', at: 30 * HOUR },
    ]);
    expect(nextOrderCheck(moving.track, rules)).toBe(30 * HOUR + 72 * HOUR);
    const delivered = play([
      { id: '1', status: 'shipped', at: 0 },
      { id: '2', status: 'delivered', at: 30 * HOUR },
    ]);
    expect(dueOrderChecks(delivered.track, rules, 500 * HOUR).effects).toEqual([]);
    expect(nextOrderCheck(delivered.track, rules)).toBe(30 * HOUR + 60 * 24 * HOUR);
    expect(forgettable(delivered.track, rules, 30 * HOUR + 60 * 24 * HOUR)).toBe(true);
  });

  it('raises a carrier exception once per reason, the address apart from the rest', () => {
    const { effects } = play([
      { id: '1', status: 'exception', at: 0, detail: { reason: 'address', note: '门牌号不存在' } },
      { id: '2', status: 'exception', at: HOUR, detail: { reason: 'address' } },
      { id: '3', status: 'exception', at: 2 * HOUR },
    ]);
    expect(effects).toEqual([
      { kind: 'exception', exception: 'address', note: '门牌号不存在' },
      { kind: 'exception', exception: 'carrier' },
    ]);
  });

  // Finding (QA as a Hong Kong shopper, 2026-12-06): the order notices said 已出貨 and 仍未出貨, Taiwan's words.
  it('says nothing only Taiwan says in the default Traditional notices, which Hong Kong shoppers read too', () => {
    const texts = [
      ...Object.values(DEFAULT_ORDER_RULES.notify),
      (DEFAULT_ORDER_RULES.notShipped as ExceptionRule).template,
      (DEFAULT_ORDER_RULES.noProgress as ExceptionRule).template,
      ...Object.values(DEFAULT_ORDER_RULES.carrier).map((rule) => rule.template),
    ].map((template) => template?.['zh-Hant'] ?? '');
    expect(texts.filter((text) => /出貨|保固/.test(text))).toEqual([]);
  });

  it('fills templates in the shopper language, with missing variables left out', () => {
    const vars = { orderId: 'SO-1', carrier: '顺丰', trackingNo: 'SF1' };
    expect(fillTemplate(rules.notify.shipped!, 'zh', vars)).toBe('您的订单 SO-1 已发货，顺丰 运单号 SF1。');
    expect(fillTemplate({ zh: '', en: 'Order {orderId} via {carrier}' }, 'en', { orderId: 'SO-1' })).toBe(
      'Order SO-1 via ',
    );
  });

  it('drops a [segment] whose variable has no value: a shipped event without carrier or tracking number reads well', () => {
    // An order system often says "shipped" before it knows the parcel's tracking number.
    const bare = { orderId: 'SO-2' };
    expect(fillTemplate(rules.notify.shipped!, 'en', bare)).toBe('Your order SO-2 has shipped.');
    expect(fillTemplate(rules.notify.shipped!, 'zh', bare)).toBe('您的订单 SO-2 已发货。');
    // The one Traditional text reaches Hong Kong too, where 出貨 (Taiwan's "shipped") is not said: 寄出 is both's.
    expect(fillTemplate(rules.notify.shipped!, 'zh-Hant', bare)).toBe('您的訂單 SO-2 已寄出。');
    expect(fillTemplate(rules.notify.shipped!, 'en', { ...bare, trackingNo: 'SF9' })).toBe(
      'Your order SO-2 has shipped, tracking number SF9.',
    );
    const stalled = (rules.noProgress as ExceptionRule).template;
    expect(fillTemplate(stalled, 'en', { ...bare, hours: 72 })).toBe(
      "We're sorry: your order SO-2 has had no tracking update for 72 hours. We're checking with the carrier.",
    );
    expect(fillTemplate(stalled, 'zh', { ...bare, carrier: '顺丰', trackingNo: 'SF9', hours: 72 })).toContain(
      '您的订单 SO-2（顺丰 SF9）已 72 小时',
    );
    // Brackets without a variable are the merchant's own text.
    expect(fillTemplate({ zh: '', en: '[Tea Shop] Order {orderId}[ via {carrier}]' }, 'en', bare)).toBe(
      '[Tea Shop] Order SO-2',
    );
  });

  it('takes merchant rules over the defaults and refuses bad ones by name', () => {
    const mine = resolveOrderRules({
      notify: { delivered: { zh: '已签收', en: 'Delivered' } },
      notShipped: false,
    });
    expect(Object.keys(mine.notify)).toEqual(['delivered']);
    expect(mine.noProgress).toEqual(rules.noProgress);
    expect(() => resolveOrderRules({ notify: { lost: { zh: 'x', en: 'y' } } as never })).toThrow(
      'orderRules.notify.lost is not an order status',
    );
    expect(() => resolveOrderRules({ noProgress: { ...rules.noProgress, afterHours: 0 } as never })).toThrow(
      'orderRules.noProgress.afterHours',
    );
  });

  it('names the path, the value received and what is allowed in each refused rule', () => {
    const refused = (given: unknown) => {
      try {
        resolveOrderRules(given as never);
      } catch (error) {
        return (error as Error).message;
      }
      return 'taken';
    };
    expect(refused({ notify: { lost: { zh: 'x', en: 'y' } } })).toBe(
      'createHub: orderRules.notify.lost is not an order status: expected one of "paid"|"shipped"|"in_transit"|"out_for_delivery"|"delivered"',
    );
    expect(refused({ notify: { paid: { zh: '已付', en: '' } } })).toBe(
      'createHub: orderRules.notify.paid.en must be a text, got ""',
    );
    expect(refused({ notify: { paid: 'Paid' } })).toBe(
      'createHub: orderRules.notify.paid needs a zh and an en text, got "Paid"',
    );
    expect(refused({ notShipped: { ...rules.notShipped, group: 7 } })).toBe(
      'createHub: orderRules.notShipped.group must name a group, got 7',
    );
    expect(refused({ carrier: { address: { template: rules.carrier.address.template } } })).toBe(
      'createHub: orderRules.carrier.address.group must name a group, got nothing',
    );
    expect(refused({ noProgress: { ...rules.noProgress, afterHours: '48' } })).toBe(
      'createHub: orderRules.noProgress.afterHours must be a positive number of hours up to 8784 (366 days), got "48"',
    );
    expect(refused({ keepDays: -1 })).toMatch(/^createHub: orderRules\.keepDays must be .*, got -1$/);
    expect(refused({ offer: { shipped: 'track' } })).toBe(
      'createHub: orderRules.offer.shipped must be a list of action names, got "track"',
    );
  });
});
