import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing } from '../../../test/servers.ts';
import { demoFixture, simulate, W } from './demo-fixture.ts';

const skip = await chromiumMissing();

const BADGE = '[data-kefu] button.l .b';
const inWidget = (page: Page, text: string | RegExp) => page.locator('[data-kefu] .log').getByText(text);

/** A figure of the demo's /metrics (loopback may read it). */
async function metric(base: string, line: string): Promise<number | undefined> {
  const text = await (await fetch(`${base}metrics`)).text();
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  return found === undefined ? undefined : Number(found.slice(line.length + 1));
}

describe.skipIf(skip)('demo order events and self-service in Chromium', () => {
  let fx: Awaited<ReturnType<typeof demoFixture>>;
  let page: Page;

  beforeAll(async () => {
    fx = await demoFixture();
    page = await (await fx.shopper()).newPage();
    // "My orders" signs the demo customer in (a cookie, and Kefu('identify') with a signed token).
    await page.goto(`${fx.demo.shopUrl}orders`);
    await page.locator('main a[href^="/orders/KF"]').first().click();
    await page.locator('#sim').waitFor();
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('shows the shipped notice from the simulator with the unread badge while the chat is closed', async () => {
    expect(await simulate(page, '发货')).toContain('"notified":["shipped"]');
    await page
      .locator(BADGE)
      .filter({ hasText: /^[1-9]/ })
      .waitFor();
    await page.locator(W.launcher).click();
    await inWidget(page, /已发货，顺丰速运 运单号 SF\d{10}/).waitFor();
    await expect.poll(() => page.locator(BADGE).textContent()).toBe('');
    // The page reads its order again on the notice: the card and the page move on without a reload.
    await page.locator('[data-kefu] .oc-id', { hasText: '已发货' }).waitFor();
    await page.locator('#order-status', { hasText: '已发货' }).waitFor();
  });

  it('does a return in two taps after the delivered notice, approved by the demo merchant function', async () => {
    expect(await simulate(page, '签收')).toContain('"notified":["delivered"]');
    await inWidget(page, /已签收/).waitFor();
    await page.locator('[data-kefu] .qr button', { hasText: '申请退货' }).click();
    await page.locator('[data-kefu] .qr button', { hasText: '确认' }).click();
    await inWidget(page, /退货申请已通过：订单 KF[0-9A-F]{8}01（RMA-/).waitFor();
    // The supervisor's side: the self-service outcome is in the metrics the dashboard reads.
    await expect
      .poll(() => metric(fx.demo.shopUrl, 'kefu_self_service_actions{outcome="completed"}'))
      .toBe(1);
    expect(await metric(fx.demo.shopUrl, 'kefu_after_sales_without_person_ratio')).toBe(1);
  });

  it('stops the next notice with one tap on "stop these updates"', async () => {
    // Out for delivery after delivered says nothing (events may come out of order).
    expect(await simulate(page, '派送中')).toContain('"notified":[]');
    await page.goto(`${fx.demo.shopUrl}orders`);
    await page.locator('main a[href^="/orders/KF"]').nth(1).click();
    await page.locator('#sim').waitFor();
    // The chat open on the last page is open on this one (in the same tab).
    await page.locator(W.textarea).waitFor();
    expect(await simulate(page, '发货')).toContain('"notified":["shipped"]');
    await page.locator('[data-kefu] .qr button', { hasText: '不再接收通知' }).click();
    await inWidget(page, /已为您停止推送通知/).waitFor();
    expect(await simulate(page, '派送中')).toContain('"notified":[]');
    expect(
      await page
        .locator('[data-kefu] .log')
        .getByText(/正在派送中/)
        .count(),
    ).toBe(0);
    expect(await metric(fx.demo.shopUrl, 'kefu_notifications_sent{kind="order.out_for_delivery"}')).toBe(
      undefined,
    );
  });
});
