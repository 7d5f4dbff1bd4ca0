import type { Order } from '@kefu/protocol';
import type { Page, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../../../../test/axe.ts';
import { chromiumMissing } from '../../../../test/servers.ts';
import { openWidget, W, widgetFixture } from './widget-fixture.ts';

const skip = await chromiumMissing();
type Fixture = Awaited<ReturnType<typeof widgetFixture>>;

const O = {
  card: '[data-kefu] .ctx-order .oc',
  summary: '[data-kefu] .ctx-order summary',
  items: '[data-kefu] .ctx-order .oc-items',
  step: '[data-kefu] .ctx-order [aria-current=step]',
  track: '[data-kefu] .ctx-order .oc-track',
  log: '[data-kefu] .log',
};

const order = (id: string): Order => ({
  id,
  status: 'paid',
  total: 458,
  currency: 'CNY',
  items: [
    { title: 'Wool cardigan', quantity: 2 },
    { title: 'Silk scarf', quantity: 1 },
  ],
  events: [{ status: 'paid', at: Date.now() - 3_600_000 }],
});

/** Hands the page's order to the widget, as an order page does. */
const setOrder = (page: Page, o: Order) =>
  page.evaluate(
    (o) => (window as unknown as { Kefu: (...a: unknown[]) => void }).Kefu('setContext', { order: o }),
    o,
  );
const signIn = (page: Page, token: string) =>
  page.evaluate(
    (token) => (window as unknown as { Kefu: (...a: unknown[]) => void }).Kefu('identify', { token }),
    token,
  );

describe.skipIf(skip)('the order card, in Chromium against a real hub', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await widgetFixture({ images: true });
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('lists the items with the locale’s separator: ", " in English, 「、」 in Chinese', async () => {
    const context = await fx.browserProfile();
    const page = await context.newPage();
    await page.goto(`${fx.origin}/orders/en`);
    await setOrder(page, order('KFEN1'));
    await openWidget(page);
    expect(await page.locator(O.items).textContent()).toBe('Wool cardigan ×2, Silk scarf');
    await page.goto(`${fx.origin}/orders/zh?lang=zh-CN`);
    await setOrder(page, order('KFZH1'));
    // Open on the last page, so open on this one (in the same tab).
    await page.locator(W.textarea).waitFor();
    expect(await page.locator(O.items).textContent()).toBe('Wool cardigan ×2、Silk scarf');
    await context.close();
  });

  it('moves the card on when an order line about its order arrives (a notice, an agent’s card), not for another order', async () => {
    const context = await fx.browserProfile();
    const page = await context.newPage();
    await page.goto(`${fx.origin}/orders/live`);
    await setOrder(page, order('KFLIVE1'));
    await signIn(page, fx.identity('u-live', 'Ann'));
    await openWidget(page);
    // Welcomed (the greeting is in): what the hub sends from now on arrives live.
    await page.locator('[data-kefu] .row[data-seq="1"]').waitFor();
    expect(await page.locator(O.summary).textContent()).toMatch(/^Order KFLIVE1 · Paid/);
    const shopper = { siteKey: 'shop', userId: 'u-live' };
    const line = (o: Pick<Order, 'id' | 'status'> & Partial<Order>) =>
      fx.hub().notify(shopper, { kind: 'order', order: { events: [], ...o } });

    // A line about another of their orders leaves this card as it is.
    expect(await line({ id: 'KFOTHER', status: 'delivered' })).toMatchObject({ ok: true });
    await page.locator('[data-kefu] .log .oc-id', { hasText: 'Order KFOTHER' }).waitFor();
    expect(await page.locator(O.summary).textContent()).toMatch(/^Order KFLIVE1 · Paid/);
    // The order system's line for this order: the card moves on, keeping the page's items and total.
    expect(
      await line({ id: 'KFLIVE1', status: 'out_for_delivery', carrier: 'SF Express', trackingNo: 'SF1001' }),
    ).toMatchObject({ ok: true });
    await page.locator(O.summary, { hasText: 'Out for delivery' }).waitFor();
    await page.locator(O.summary).click();
    expect(await page.locator(O.step).textContent()).toBe('Out for delivery');
    expect(await page.locator(O.track).textContent()).toBe('SF Express SF1001');
    expect(await page.locator(O.items).textContent()).toBe('Wool cardigan ×2, Silk scarf');
    expect(await page.locator('[data-kefu] .ctx-order').textContent()).toContain('CN¥458.00');
    expect(await axeViolations(page, 'widget')).toEqual([]);
    await context.close();
  });

  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 390, height: 844 },
  ])
    it(`keeps the messages readable at ${viewport.width}×${viewport.height} with the order card, a ticket note and the photo tray`, async () => {
      const context = await fx.browserProfile();
      const page = await context.newPage();
      await page.setViewportSize(viewport);
      // The hub's state frame as a ticket would have it, added to the real connection.
      let socket: WebSocketRoute | undefined;
      await page.routeWebSocket(/\/kefu/, (ws) => {
        ws.connectToServer();
        socket = ws;
      });
      await page.goto(`${fx.origin}/orders/layout`);
      await setOrder(page, { ...order('KFLAY1'), status: 'shipped', carrier: 'SF', trackingNo: 'SF77' });
      await openWidget(page);
      await page.locator(O.card).waitFor();
      // After the welcome (its state would replace the ticket's): the greeting has arrived.
      await page.locator('[data-kefu] .row[data-seq="1"]').waitFor();
      const now = Date.now();
      if (!socket) throw new Error('the widget opened no socket');
      socket.send(
        JSON.stringify({
          v: 1,
          type: 'state',
          state: {
            status: 'ticket',
            ticket: {
              id: 't1',
              status: 'open',
              tier: 'L3',
              expectedReplyAt: now + 7_200_000,
              deadlines: [],
              lastUpdate: 'We asked the carrier to check the parcel',
            },
          },
        }),
      );
      await page.locator('[data-kefu] .note').waitFor();
      await page.locator('[data-kefu] .att input[type=file]').setInputFiles({
        name: 'a.png',
        mimeType: 'image/png',
        // A 1×1 PNG.
        buffer: Buffer.from(
          'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
          'base64',
        ),
      });
      await page.locator('[data-kefu] .tray img').waitFor();
      await page.screenshot({ path: `/tmp/kefu-layout-${viewport.width}.png` });
      const log = await page.locator(O.log).boundingBox();
      const panel = await page.locator('[data-kefu] .panel').boundingBox();
      // The messages keep at least 40 % of the panel, and the composer stays inside it.
      expect(log?.height ?? 0).toBeGreaterThanOrEqual(0.4 * (panel?.height ?? 0));
      const composer = await page.locator('[data-kefu] .composer').boundingBox();
      expect((composer?.y ?? 0) + (composer?.height ?? 0)).toBeLessThanOrEqual(
        (panel?.y ?? 0) + (panel?.height ?? 0) + 1,
      );
      expect(await page.locator(W.textarea).isVisible()).toBe(true);
      expect(await axeViolations(page, 'widget')).toEqual([]);
      await context.close();
    });
});
