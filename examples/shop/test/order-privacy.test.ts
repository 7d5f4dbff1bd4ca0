import type { SelfServiceAction } from '@kefu/sdk';
import { describe, expect, it } from 'vitest';
import { demoActions } from '../src/demo-actions.ts';
import { demoLookupOrder } from '../src/hub.ts';
import { customerOrders } from '../src/order-system.ts';

// Whoever names an order id (the page's context and messages come from the shopper's browser)
// sees a demo customer's order only when signed in as that customer.
const signal = new AbortController().signal;
const [mine] = customerOrders('A1B2C3D4');
const lookup = demoLookupOrder(undefined);
// As the hub tells plug-ins: a signed-in customer's own user id beside the hub's `u:` id.
const as = (id: string, identified = true) => ({
  shopper: { id, identified, ...(identified ? { userId: id.slice(2) } : {}) },
  siteKey: 'shop',
  signal,
});

describe('the demo’s orders are their customers’', () => {
  it('shows a customer’s order to that customer only, and the public sample orders to anyone', async () => {
    expect((await lookup(mine, as('u:A1B2C3D4')))?.id).toBe(mine);
    expect(await lookup(mine, as('d:someone-else', false))).toBeNull();
    expect(await lookup(mine, as('u:FFFFFFFF'))).toBeNull();
    expect((await lookup('KF20250611001', as('d:visitor', false)))?.id).toBe('KF20250611001');
    expect(await lookup('SO-1', as('u:A1B2C3D4'))).toBeNull();
  });

  it('refuses a return of another customer’s order, saying it is not theirs', async () => {
    const requestReturn = demoActions({ fileReturn: () => 'RMA-1' }).requestReturn as SelfServiceAction<{
      orderId: string;
    }>;
    const ctx = (id: string) => ({
      ...as(id),
      locale: 'en',
      conversation: {} as never,
      lookupOrder: (orderId: string) => lookup(orderId, as(id)),
    });
    expect(await requestReturn.eligible({ orderId: mine }, ctx('u:FFFFFFFF'))).toBe(
      `Order ${mine} is not one of your orders.`,
    );
    // Its own customer is told about the order itself (in transit: not delivered yet).
    expect(await requestReturn.eligible({ orderId: mine }, ctx('u:A1B2C3D4'))).toMatch(/not been delivered/);
  });
});
