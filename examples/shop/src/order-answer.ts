import type { Order, OrderStatus, ShipmentScan } from '@kefu/protocol';
import { type AnswerPlugin, type BotQuestion, detectLocale, inShopperScript } from '@kefu/sdk';
import { shopLanguage } from './catalog.ts';

type Lang = 'zh' | 'en';

// What a question about an order's progress says: where it is, when it comes, whether it left,
// its tracking number. Simplified and Traditional characters, colloquial forms, English.
const ZH_STATUS = [
  /到哪|到那(?:了|儿|兒|里|裡)/,
  /(?:订单|訂單|快递|快遞|包裹|货|貨|东西|東西|它)(?:现在|現在)?在(?:哪|那儿|那兒|那里|那裡)/,
  /(?:什么|什麼|甚麼|甚么|啥|几|幾|何)(?:时候?|時候?|天)(?:能|可以|才|会|會)?(?:到|送到|送达|送達|寄到|收到|发货|發貨|发出|發出|出货|出貨)/,
  /(?:多久|几天|幾天|多少天)(?:能|可以|才|会|會)?(?:到|收到|送到)/,
  /(?:发|發|寄|出)(?:货|貨)?(?:了)?(?:吗|嗎|没|沒|么|麼|未)/,
  /(?:发|發|寄)出(?:了)?(?:吗|嗎|没|沒|么|麼|未)/,
  /(?:物流|快递|快遞|包裹|运输|運輸|配送|派送)(?:信息|資訊|进度|進度|状态|狀態|情况|情況|到|呢|怎么样|怎麼樣)/,
  /(?:查|看)(?:一下|下)?(?:物流|快递|快遞|包裹)/,
  /(?:快递|快遞|物流|运|運|追踪|追蹤)?单号|單號/,
  /(?:订单|訂單)(?:状态|狀態|进度|進度)/,
  /(?:还|還)没(?:有)?(?:到|收到|发货|發貨)|還沒(?:有)?(?:到|收到|發貨)/,
];
const EN_STATUS = [
  /\bwhere\b.*\b(?:order|parcel|package|stuff|delivery|shipment)\b|\bwhere(?:'s| is) it\b/,
  /\bwhen\b.*\b(?:arrive|arriving|come|coming|get here|be here|be delivered|deliver|ship|shipped|dispatch)/,
  /\b(?:has|have|did|is)\b.*\b(?:shipped|dispatched|sent|left|delivered|arrived)\b/,
  /\b(?:shipped|dispatched|sent out)\s+yet\b/,
  /\btracking\b|\btrack (?:my|the|this|it)\b/,
  /\b(?:order|delivery|shipping|shipment|parcel) status\b|\bstatus of (?:my|the|this)\b/,
  /\beta\b|\bin transit\b|\bout for delivery\b/,
  /(?:\bnot|n't|\bnever) (?:yet )?(?:arrived|come|received|got)\b/,
];
// Questions that mention an order's journey but ask something else: a refund, a return, a fee,
// a change of address. They stay with the FAQ (and its hand-over rules).
const NOT_STATUS =
  /退款|退货|退貨|换货|換貨|发票|發票|运费|運費|邮费|郵費|包邮|包郵|改地址|修改地址|refund|return|exchange|invoice|fee|cost|free shipping|change (?:my |the )?address/i;
// Intents the hub's understanding step settles elsewhere: asking for a person, complaints, after-sale.
const OTHER_INTENTS = new Set(['ask_for_human', 'complaint', 'after_sale', 'invoice', 'payment']);

/**
 * Whether a shopper's message asks about an order's progress (where it is, when it arrives,
 * whether it shipped, its tracking number), in Chinese or English.
 * @example
 * isOrderStatusQuestion({ text: '我的订单到哪了', failedBotTurns: 0 }); // true
 * isOrderStatusQuestion({ text: 'is shipping free?', failedBotTurns: 0 }); // false
 */
export function isOrderStatusQuestion(question: Pick<BotQuestion, 'text' | 'understanding'>): boolean {
  const text = question.text.toLowerCase().replace(/[‘’]/g, "'");
  if (NOT_STATUS.test(text)) return false;
  const intent = question.understanding?.intent;
  if (intent && OTHER_INTENTS.has(intent) && (question.understanding?.confidence ?? 0) >= 0.5) return false;
  return ZH_STATUS.some((cue) => cue.test(text)) || EN_STATUS.some((cue) => cue.test(text));
}

const STATUS: Record<Lang, Record<OrderStatus, string>> = {
  zh: {
    paid: '已付款，等待发货',
    shipped: '已发货',
    in_transit: '运输中',
    out_for_delivery: '派送中，预计今天送达',
    delivered: '已签收',
  },
  en: {
    paid: 'paid, waiting to be shipped',
    shipped: 'shipped',
    in_transit: 'in transit',
    out_for_delivery: 'out for delivery, expected today',
    delivered: 'delivered',
  },
};

const when = (at: number, lang: Lang) =>
  new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Asia/Shanghai',
  }).format(at);

/**
 * The order's progress in words: its status, carrier and tracking number, and the parcel's latest
 * scan, each when the order has it.
 * @example
 * orderStatusText(order, 'en'); // 'Your order KF…01 is in transit. Carrier: SF Express, tracking number SF…. …'
 */
export function orderStatusText(order: Order, lang: Lang): string {
  const parcel = order.shipments?.find((s) => s.scans.length > 0) ?? order.shipments?.[0];
  const carrier = order.carrier ?? parcel?.carrier;
  const trackingNo = order.trackingNo ?? parcel?.trackingNo;
  const scan = order.shipments
    ?.flatMap((s) => s.scans)
    .reduce<ShipmentScan | undefined>((a, b) => (!a || b.at >= a.at ? b : a), undefined);
  if (lang === 'zh') {
    const scanPlace = scan?.place ? `${scan.place}，` : '';
    const parts = [`您的订单 ${order.id} ${STATUS.zh[order.status]}。`];
    if (carrier || trackingNo)
      parts.push(
        `${carrier ? `承运：${carrier}` : ''}${carrier && trackingNo ? '，' : ''}${trackingNo ? `运单号：${trackingNo}` : ''}。`,
      );
    if (scan) parts.push(`最新物流（${when(scan.at, 'zh')}）：${scanPlace}${scan.status}。`);
    return parts.join('');
  }
  const parts = [`Your order ${order.id} is ${STATUS.en[order.status]}.`];
  if (carrier || trackingNo)
    parts.push(
      `${carrier ? `Carrier: ${carrier}` : ''}${carrier && trackingNo ? ', ' : ''}${trackingNo ? `${carrier ? 'tracking' : 'Tracking'} number ${trackingNo}` : ''}.`,
    );
  // The scan's own words first, as a sentence starts ("In transit, Shanghai sorting centre"); its
  // time is the warehouse's, which a shopper abroad would otherwise read as their own.
  if (scan)
    parts.push(
      `Latest scan (${when(scan.at, 'en')} China time): ${scan.status}${scan.place ? `, ${scan.place}` : ''}.`,
    );
  return parts.join(' ');
}

const ORDER_ID = /(?<![A-Za-z0-9-])KF(?=[A-Z]*\d)[A-Z\d]{4,14}(?![A-Za-z0-9-])/iu;

/**
 * The demo's order number in a shopper's message (KF and letters or digits, at least one digit,
 * as `customerOrders` and the public samples make them), in capitals; undefined without one.
 * A product code (KF-KNIT-001) is not one: its parts are hyphenated.
 * @example
 * orderIdIn('kfa1b2c3d401 where is it'); // 'KFA1B2C3D401'
 */
export function orderIdIn(text: string): string | undefined {
  // NFKC: a Chinese IME types the number in full width (ＫＦ１２３４５).
  return ORDER_ID.exec(text.normalize('NFKC'))?.[0].toUpperCase();
}

/**
 * Answers an order-status question about the order the shopper names, pasted into the message,
 * or else the one on their page (`page.orderId`); a message that is only an order number asks
 * for its status too. The order is looked up with the hub's `lookupOrder`, which refuses an
 * order that is not the shopper's: the number in a message proves no more than the page's does.
 * The answer is the progress in the shopper's language and the order's card. Anything else, no
 * order named, or an order the lookup refused: `fallback` answers (the FAQ bot).
 * @example
 * const answer = withOrderStatus(faqBot);
 */
export function withOrderStatus(fallback: AnswerPlugin): AnswerPlugin {
  return async (question, ctx) => {
    const pasted = orderIdIn(question.text);
    const orderId = pasted ?? ctx.page?.orderId;
    if (!orderId || question.payload) return fallback(question, ctx);
    const alone =
      pasted !== undefined &&
      !/[\p{L}\p{N}]/u.test(question.text.normalize('NFKC').replace(/KF[A-Z\d]+/giu, ''));
    if (!alone && !isOrderStatusQuestion(question)) return fallback(question, ctx);
    const order = await ctx.lookupOrder(orderId);
    if (!order) return fallback(question, ctx);
    // The number alone says nothing of the shopper's language (its letters read as English): the page's does.
    const lang = shopLanguage(
      alone ? ctx.locale : (question.understanding?.locale ?? detectLocale(question.text)),
    );
    // Written in Simplified: a zh-TW or zh-HK shopper reads it in Traditional, as the FAQ's answers.
    const text = await inShopperScript(orderStatusText(order, lang), ctx.locale, question.text);
    return {
      content: [
        { kind: 'text', text },
        { kind: 'order', order },
      ],
      confidence: 1,
    };
  };
}
