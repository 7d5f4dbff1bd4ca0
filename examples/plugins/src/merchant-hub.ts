import { randomBytes } from 'node:crypto';
import { createHub, type Order } from '@kefu/sdk';

// Your own order system; here, one order in memory, placed by your user 42.
const orders = new Map<string, { owner: string; order: Order }>([
  [
    'SO-1024',
    {
      owner: '42', // your user id: the id your server signs into the shopper's identity token
      order: {
        id: 'SO-1024',
        status: 'in_transit',
        events: [{ status: 'paid', at: Date.parse('2026-11-20') }],
      },
    },
  ],
]);

const hub = createHub({
  sites: [
    {
      key: 'my-shop',
      origins: ['https://my-shop.example', 'http://localhost:*'],
      // Your server signs logged-in shoppers with it (signIdentity); without KEFU_IDENTITY_SECRET nobody is.
      identitySecret: process.env.KEFU_IDENTITY_SECRET ?? randomBytes(32).toString('hex'),
    },
  ],
  agents: [
    // A long random token (openssl rand -hex 16); without AGENT_TOKEN nobody can sign in as Mei.
    {
      id: 'mei',
      name: 'Mei',
      token: process.env.AGENT_TOKEN ?? randomBytes(16).toString('hex'),
      groups: ['default'],
    },
  ],
  // The bot: answer what you can, return null to hand the shopper to a person.
  answer: async (question, ctx) => {
    if (/ship|deliver|发货|快递/i.test(question.text)) {
      const text = ctx.locale?.startsWith('zh') ? '我们在 24 小时内发货。' : 'We ship within 24 hours.';
      return { content: [{ kind: 'text', text }], confidence: 0.9 };
    }
    // An order number typed in the message, else the order page's: either comes from the shopper's
    // browser and says which order, never whose.
    const typed = /\bSO-\d+\b/i.exec(question.text)?.[0].toUpperCase();
    const orderId = typed ?? ctx.page?.orderId;
    if (orderId && (typed || /order|订单/i.test(question.text))) {
      const order = await ctx.lookupOrder(orderId); // null unless it is this shopper's own order
      if (order) return { content: [{ kind: 'order', order }], confidence: 0.9 };
    }
    return null;
  },
  // An order only for the shopper who placed it: `shopper.userId` is your user id from their identity
  // token; an anonymous shopper (a device) has none and owns no order.
  lookupOrder: async (orderId, { shopper }) => {
    const entry = orders.get(orderId);
    return entry && shopper.userId === entry.owner ? entry.order : null;
  },
});

hub.on('escalated', (e) => console.log(`conversation ${e.conversationId} needs a person: ${e.reason}`));
const { url } = await hub.listen({ port: Number(process.env.PORT ?? 8080) });
console.log(`Kefu hub listening on ${url}`);
