import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { CUSTOMER_COOKIE, createCustomerCookie } from '../src/customer-cookie.ts';
import { customerOrders } from '../src/order-system.ts';
import { type Demo, startDemo } from '../src/server.ts';

const request = (cookie: string) => ({ headers: { cookie } }) as IncomingMessage;
/** The cookie's `name=value` part of a Set-Cookie header. */
const pair = (setCookie: string) => setCookie.split(';')[0]!;

describe('the demo customer cookie', () => {
  const cookie = createCustomerCookie('customer-cookie-test-key');

  it('reads back the customer it signed in, among other cookies', () => {
    expect(cookie.read(request(`theme=dark; ${pair(cookie.issue('A1B2C3D4'))}; lang=en`))).toBe('A1B2C3D4');
  });

  it('refuses a cookie naming a customer without a signature, another one’s signature, or another key’s', () => {
    const mine = pair(cookie.issue('A1B2C3D4')).split('=')[1]!;
    const signature = mine.split('.')[1]!;
    const otherKey = createCustomerCookie('some-other-demo-key-0123456789');
    for (const forged of [
      'A1B2C3D4',
      `FFFFFFFF.${signature}`,
      `A1B2C3D4.${'A'.repeat(43)}`,
      pair(otherKey.issue('A1B2C3D4')).split('=')[1]!,
    ])
      expect(cookie.read(request(`${CUSTOMER_COOKIE}=${forged}`))).toBeUndefined();
  });
});

describe('the demo’s orders pages', () => {
  let demo: Demo | undefined;
  afterEach(async () => {
    await demo?.close();
    demo = undefined;
  });

  it('does not sign in a visitor who set the cookie to another customer, and gives them their own', async () => {
    demo = await startDemo({ port: 0, secret: 'customer-cookie-demo-secret-0123' });
    const victim = 'A1B2C3D4';
    const [victimsOrder] = customerOrders(victim);
    const res = await fetch(`${demo.shopUrl}orders?lang=en`, {
      headers: { cookie: `${CUSTOMER_COOKIE}=${victim}` },
    });
    const page = await res.text();
    expect(page).not.toContain(victimsOrder!);
    const issued = res.headers.get('set-cookie') ?? '';
    expect(issued).toMatch(new RegExp(`^${CUSTOMER_COOKIE}=[0-9A-F]{8}\\.[\\w-]{43}; Path=/; HttpOnly`));
    expect(issued).not.toContain(victim);
    // The cookie it issued signs its holder in on the next visit: no new one is set.
    const again = await fetch(`${demo.shopUrl}orders?lang=en`, { headers: { cookie: pair(issued) } });
    await again.text();
    expect(again.headers.get('set-cookie')).toBeNull();
  });
});
