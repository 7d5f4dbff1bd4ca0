import { createRouter, type RoutePlugin } from '@kefu/sdk';

// The default router's rules (VIP lane, anger, office hours, tickets), then the shop's own:
// Chinese conversations go to the `zh` team while someone of it is online.
const rules = createRouter({ vip: { tiers: ['vip'], group: 'vip' } });

export const route: RoutePlugin = async (input, ctx) => {
  // ctx.isStaffed is the hub's: a group nobody of which is online overflows or becomes a ticket.
  const decision = await rules(input, ctx);
  const language = input.understanding?.locale ?? ctx.locale;
  const chinese = language?.toLowerCase().startsWith('zh') ?? false;
  // A group the hand-over names (an order exception's, e.g. logistics) stays.
  if (chinese && !input.group && decision.group !== 'vip' && ctx.isStaffed?.('zh') !== false)
    return { ...decision, group: 'zh' };
  return decision;
};
