import { createMemoryStore } from '@kefu/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerOrders } from '../src/order-system.ts';
import { type Demo, startDemo } from '../src/server.ts';

// The demo signs its customer in with a cookie. Every order number carries the customer's id
// (KF<id>01), so a cookie naming the id alone let whoever saw an order number sign in as its
// customer: their orders, an identity token for the widget, and with it their conversations.

let demo: Demo;
beforeAll(async () => {
  demo = await startDemo({ port: 0, store: createMemoryStore() });
});
afterAll(async () => {
  await demo.close();
});

/** The order as JSON, as the order page asks for it, with `cookie`; and any cookie set instead. */
async function orderJson(orderId: string, cookie: string) {
  const answer = await fetch(`${demo.shopUrl}orders/${orderId}`, {
    headers: { accept: 'application/json', cookie },
  });
  await answer.arrayBuffer();
  return { status: answer.status, setCookie: answer.headers.get('set-cookie') };
}

describe('the demo’s customer cookie', () => {
  it('signs the customer in with the cookie it set, and not with one naming a customer from an order number', async () => {
    const first = await fetch(`${demo.shopUrl}orders`);
    await first.arrayBuffer();
    const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
    const customer = /^kefu_demo_customer=([0-9A-F]{8})/.exec(cookie)![1]!;
    const [order] = customerOrders(customer);
    expect((await orderJson(order, cookie)).status).toBe(200);

    // What an attacker writes after seeing the order number: the id it carries, unsigned or mis-signed.
    const forged = [
      `kefu_demo_customer=${customer}`,
      `kefu_demo_customer=${customer}.${'A'.repeat(43)}`,
      `kefu_demo_customer=${customer}.${cookie.split('.')[1]!.slice(0, 42)}`,
    ];
    for (const attempt of forged) {
      const answer = await orderJson(order, attempt);
      expect(answer.status).toBe(404);
      // A new customer of their own instead.
      expect(answer.setCookie).not.toContain(customer);
    }
    const page = await fetch(`${demo.shopUrl}orders`, { headers: { cookie: forged[0]! } });
    expect(await page.text()).not.toContain(order);
  });
});
