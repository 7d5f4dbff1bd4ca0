import { readFileSync, writeFileSync } from 'node:fs';
import type { Order, OrderStatus } from '@kefu/protocol';
import { signWebhook } from '@kefu/sdk';
import { CARRIER, demoOrder, demoTrackingNo } from './catalog.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Where `pnpm --filter shop simulate` sends events without `--url` (the demo's default address). */
export const SIMULATE_DEFAULT_URL = 'http://127.0.0.1:5173';

/** The simulator's command as README runs it: a newcomer's machine has npm, not necessarily pnpm. */
export const SIMULATE_COMMAND = 'npx -y pnpm@10.34.8 --filter shop simulate';

/** What the simulator can make happen to an order; `late` is a payment long past with no shipment. */
export const SIMULATED_STEPS = ['shipped', 'out_for_delivery', 'delivered', 'late'] as const;
export type SimulatedStep = (typeof SIMULATED_STEPS)[number];

/** The demo site's key (see `createDemoHub`). */
export const DEMO_SITE = 'demo';

/** An event as the order system posts it to `POST /api/v1/inbound/order-events`. */
export interface InboundOrderEvent {
  id: string;
  orderId: string;
  shopper: { siteKey: string; userId: string };
  status: OrderStatus;
  at: number;
  detail?: { carrier?: string; trackingNo?: string };
}

/** The two orders of a demo customer: one to ship, one that waits too long for its shipment. */
export const customerOrders = (customer: string): [string, string] => [`KF${customer}01`, `KF${customer}02`];

/**
 * The demo customer an order of `customerOrders` belongs to (undefined for the demo's other,
 * public sample orders): the hub shows it to that customer alone, signed in as `u:<customer>`.
 * @example
 * orderOwner('KFA1B2C3D401'); // 'A1B2C3D4'
 */
export const orderOwner = (orderId: string): string | undefined =>
  /^KF([0-9A-F]{8})0[12]$/.exec(orderId)?.[1];

/**
 * The events a simulated step sends, oldest first. `late` is a payment made more than
 * `notShippedHours` ago and never shipped: the hub's not-shipped check falls due at once.
 * Their texts (the carrier) are in the customer's language, `lang`, as the shop's order system
 * keeps it: the hub puts them into its notices as they are.
 */
export function eventsFor(
  customer: string,
  orderId: string,
  step: SimulatedStep,
  now: number,
  { notShippedHours = 48, lang = 'zh' }: { notShippedHours?: number; lang?: 'zh' | 'en' } = {},
): InboundOrderEvent[] {
  const shopper = { siteKey: DEMO_SITE, userId: customer };
  const event = (status: OrderStatus, at: number, detail?: InboundOrderEvent['detail']) => ({
    // One id per customer, order and step: pressing a button twice sends a duplicate, which the hub ignores.
    id: `${customer}:${orderId}:${status}`,
    orderId,
    shopper,
    status,
    at,
    ...(detail ? { detail } : {}),
  });
  switch (step) {
    case 'late':
      return [event('paid', now - (notShippedHours + 1) * HOUR)];
    case 'shipped':
      return [
        event('paid', now - 2 * HOUR),
        event('shipped', now, { carrier: CARRIER[lang], trackingNo: demoTrackingNo(orderId) }),
      ];
    default:
      return [event(step, now)];
  }
}

export interface SentEvent {
  status: number;
  body: unknown;
}

type Steps = Partial<Record<OrderStatus, number>>;

/**
 * The demo's order system: it remembers which steps each order reached, tells the hub about them
 * as a merchant's order system would — signed with the inbound secret, over HTTP — and keeps the
 * returns the self-service action files. With `file` the steps are kept in it (the demo server
 * and the `simulate` script share `.data/orders.json`); without, in memory.
 * @example
 * const orders = createDemoOrderSystem({ hubUrl: () => 'http://127.0.0.1:5173', secret });
 * await orders.simulate('A1B2C3D4', 'KFA1B2C3D401', 'shipped', 'en');
 */
export function createDemoOrderSystem(options: { hubUrl: () => string; secret: string; file?: string }) {
  const memory = new Map<string, Steps>();
  const returns = new Map<string, string>();
  const { file } = options;
  const load = (): Map<string, Steps> => {
    if (!file) return memory;
    try {
      return new Map(Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, Steps>));
    } catch {
      return new Map();
    }
  };
  const save = (reached: Map<string, Steps>) => {
    if (file) writeFileSync(file, JSON.stringify(Object.fromEntries(reached)));
  };

  /** Posts one event to the hub, signed; the hub's answer as it came. */
  async function send(event: InboundOrderEvent): Promise<SentEvent> {
    const body = JSON.stringify(event);
    const response = await fetch(`${options.hubUrl()}/api/v1/inbound/order-events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'kefu-signature': signWebhook(options.secret, Math.floor(Date.now() / 1000), body),
      },
      body,
    });
    return { status: response.status, body: await response.json() };
  }

  return {
    /** Records the step and sends its events, in the customer's language; the hub's answer to each. */
    async simulate(
      customer: string,
      orderId: string,
      step: SimulatedStep,
      lang: 'zh' | 'en' = 'zh',
    ): Promise<SentEvent[]> {
      const sent: SentEvent[] = [];
      for (const event of eventsFor(customer, orderId, step, Date.now(), { lang })) {
        const reached = load();
        const steps = reached.get(orderId) ?? {};
        steps[event.status] ??= event.at;
        reached.set(orderId, steps);
        save(reached);
        sent.push(await send(event));
      }
      return sent;
    },
    /**
     * The order as the shop knows it: the simulated steps when there are some, else in transit.
     * A simulated order has no parcel before it ships, and its parcel's scans start at the shipment.
     */
    lookup(orderId: string, lang: 'zh' | 'en' = 'zh'): Order {
      const steps = load().get(orderId);
      if (!steps) return demoOrder(orderId, lang);
      const events = Object.entries(steps)
        .map(([status, at]) => ({ status: status as OrderStatus, at }))
        .sort((a, b) => a.at - b.at);
      const status = events.at(-1)!.status;
      if (steps.shipped === undefined) {
        const { trackingNo: _no, carrier: _carrier, shipments: _parcels, ...rest } = demoOrder(orderId, lang);
        return { ...rest, status, events };
      }
      // demoOrder's parcel is collected two days before its `now`: here, when the simulator shipped it.
      const now = Date.now();
      const base = demoOrder(orderId, lang, steps.shipped + 2 * DAY);
      const shipments = base.shipments?.map((s) => ({
        ...s,
        scans: s.scans.filter((scan) => scan.at <= now),
      }));
      return { ...base, ...(shipments ? { shipments } : {}), status, events };
    },
    /** Files a return (the demo's merchant function); the same order twice gets its first return. */
    fileReturn(orderId: string): string {
      const rma = returns.get(orderId) ?? `RMA-${orderId.slice(-6)}`;
      returns.set(orderId, rma);
      return rma;
    },
    send,
  };
}

export type DemoOrderSystem = ReturnType<typeof createDemoOrderSystem>;
