import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { shopLanguage } from '../src/catalog.ts';
import { createDemoOrderSystem, eventsFor } from '../src/order-system.ts';

const CUSTOMER = 'A1B2C3D4';
const orders = () => createDemoOrderSystem({ hubUrl: () => 'http://hub.invalid', secret: 's' });

describe('the demo order system', () => {
  // The hub takes every event (no demo server needed).
  beforeEach(() => {
    vi.stubGlobal('fetch', async () => new Response('{"notified":[]}', { status: 202 }));
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('sends the events’ texts and answers lookups in the customer’s language', async () => {
    const shipped = (lang: 'zh' | 'en') =>
      eventsFor(CUSTOMER, `KF${CUSTOMER}01`, 'shipped', 0, { lang }).find((e) => e.status === 'shipped');
    expect(shipped('en')?.detail?.carrier).toBe('SF Express');
    expect(shipped('zh')?.detail?.carrier).toBe('顺丰速运');
    const system = orders();
    const id = `KF${CUSTOMER}01`;
    await system.simulate(CUSTOMER, id, 'shipped', 'en');
    const order = system.lookup(id, 'en');
    const texts = [
      order.carrier,
      ...(order.items ?? []).map((i) => i.title),
      ...(order.shipments ?? []).flatMap((s) => s.scans.flatMap((scan) => [scan.place, scan.status])),
    ].join(' ');
    expect(texts).not.toMatch(/\p{Script=Han}/u);
    expect(system.lookup(id, 'zh').carrier).toBe('顺丰速运');
  });

  it('answers in Chinese unless the shopper’s locale is another language', () => {
    expect([undefined, 'zh-CN', 'zh-Hant-TW', 'en-GB', 'fr'].map(shopLanguage)).toEqual([
      'zh',
      'zh',
      'zh',
      'en',
      'en',
    ]);
  });

  it('shows no parcel for an order paid long ago and never shipped (the late step)', async () => {
    const system = orders();
    const id = `KF${CUSTOMER}02`;
    await system.simulate(CUSTOMER, id, 'late');
    const order = system.lookup(id);
    expect(order.status).toBe('paid');
    expect(order.shipments).toBeUndefined();
    expect(order.trackingNo).toBeUndefined();
  });

  it('has the parcel collected when the simulator shipped it, with no scan before or yet to come', async () => {
    const system = orders();
    const id = `KF${CUSTOMER}01`;
    await system.simulate(CUSTOMER, id, 'shipped');
    const order = system.lookup(id);
    const shipped = order.events.find((e) => e.status === 'shipped')!.at;
    const scans = order.shipments?.[0]?.scans ?? [];
    expect(scans.length).toBeGreaterThan(0);
    expect(scans.every((s) => s.at >= shipped && s.at <= Date.now())).toBe(true);
  });
});
