import { createRouter, type RoutePlugin } from '@kefu/sdk';

// The default router's rules (VIP lane, anger, office hours, tickets), then the shop's own:
// Chinese conversations go to the `zh` team while someone of it is online.
const rules = createRouter({ vip: { tiers: ['vip'], group: 'vip' } });

export const route: RoutePlugin = async (input, ctx) => {
  const language = input.understanding?.locale ?? ctx.locale;
  const chinese = language?.toLowerCase().startsWith('zh') ?? false;
  // A group the hand-over names (an order exception's, e.g. logistics) stays. Otherwise the rules
  // start from `zh` (as from a named group), so their staffing and office-hours checks are zh's:
  // setting the group on their decision kept its "nobody in default online → ticket".
  // ctx.isStaffed is the hub's: a group nobody of which is online overflows or becomes a ticket.
  if (chinese && !input.group && ctx.isStaffed?.('zh') !== false)
    return rules({ ...input, group: 'zh' }, ctx);
  return rules(input, ctx);
};
