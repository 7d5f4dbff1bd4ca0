import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The demo's sign-in: a cookie naming the demo customer, made on their first visit to their orders. */
export const CUSTOMER_COOKIE = 'kefu_demo_customer';

export interface CustomerCookie {
  /** The customer the request's cookie names, if the cookie was signed by this demo; else undefined. */
  read(req: IncomingMessage): string | undefined;
  /** The `Set-Cookie` header that signs `customer` in. */
  issue(customer: string): string;
}

/**
 * The demo customer's cookie, signed: `A1B2C3D4.<HMAC-SHA256 of the id>`. Unsigned, anyone could
 * set it to another customer's id and see (and return) their orders. A cookie whose signature
 * does not match is ignored, and the visitor gets a customer of their own.
 * @example
 * const cookie = createCustomerCookie(secrets.customer);
 * const customer = cookie.read(req) ?? newCustomer();
 */
export function createCustomerCookie(key: string): CustomerCookie {
  const sign = (customer: string) => createHmac('sha256', key).update(customer).digest('base64url');
  const pattern = new RegExp(`(?:^|;\\s*)${CUSTOMER_COOKIE}=([0-9A-F]{8})\\.([\\w-]{43})(?:;|$)`);
  return {
    read(req) {
      const match = pattern.exec(req.headers.cookie ?? '');
      if (!match) return undefined;
      const [, customer, mac] = match as unknown as [string, string, string];
      // Constant time: how much of a guessed signature matched must not show in the answer's timing.
      return timingSafeEqual(Buffer.from(mac), Buffer.from(sign(customer))) ? customer : undefined;
    },
    issue(customer) {
      return `${CUSTOMER_COOKIE}=${customer}.${sign(customer)}; Path=/; HttpOnly; SameSite=Lax`;
    },
  };
}
