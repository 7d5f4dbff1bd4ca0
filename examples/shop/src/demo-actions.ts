import { defineAction, type SelfServiceActions } from '@kefu/sdk';
import * as z from 'zod';
import { shopLanguage } from './catalog.ts';
import type { DemoOrderSystem } from './order-system.ts';

const RETURN_DAYS = 7;
const DAY = 86_400_000;
const inEnglish = (locale: string | undefined) => shopLanguage(locale) === 'en';

/**
 * The demo's self-service: a 7-day no-reason return, approved by the shop at once when the order
 * was delivered within the last 7 days (the eligibility check), filed in the demo's order system.
 * @example
 * createDemoHub({ ..., extra: { actions: demoActions(orders) } });
 */
export function demoActions(orders: Pick<DemoOrderSystem, 'fileReturn'>): SelfServiceActions {
  const requestReturn = defineAction({
    label: { zh: '申请退货', en: 'Request a return' },
    intents: ['after_sale'],
    input: z.object({ orderId: z.string().min(1) }),
    async eligible({ orderId }, ctx) {
      const en = inEnglish(ctx.locale);
      const order = await ctx.lookupOrder(orderId);
      // Unknown, or another customer's (the lookup shows an order to its customer only).
      if (!order)
        return en ? `Order ${orderId} is not one of your orders.` : `订单 ${orderId} 不是您的订单。`;
      const delivered = order.events?.find((e) => e.status === 'delivered')?.at;
      if (delivered === undefined)
        return en
          ? `Order ${orderId} has not been delivered yet: a return can be requested once it arrives.`
          : `订单 ${orderId} 尚未签收，签收后即可申请退货。`;
      if (Date.now() - delivered > RETURN_DAYS * DAY)
        return en
          ? `Order ${orderId} was delivered more than ${RETURN_DAYS} days ago.`
          : `订单 ${orderId} 签收已超过 ${RETURN_DAYS} 天。`;
      return true;
    },
    async run({ orderId }, ctx) {
      const rma = orders.fileReturn(orderId);
      return {
        ok: true,
        summary: inEnglish(ctx.locale)
          ? `Return approved for order ${orderId} (${rma}): a courier will collect it within 24 hours.`
          : `退货申请已通过：订单 ${orderId}（${rma}），快递员将在 24 小时内上门取件。`,
      };
    },
  });
  return { requestReturn };
}
