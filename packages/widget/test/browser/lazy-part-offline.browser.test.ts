import type { Order } from '@kefu/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing } from '../../../../test/servers.ts';
import { W, widgetFixture } from './widget-fixture.ts';

const skip = await chromiumMissing();

const order: Order = {
  id: 'KFTUNNEL1',
  status: 'shipped',
  total: 458,
  currency: 'CNY',
  items: [{ title: 'Wool cardigan', quantity: 2 }],
  events: [{ status: 'shipped', at: Date.now() - 3_600_000 }],
};

describe.skipIf(skip)('a part of the panel in a chunk of its own, first shown offline, in Chromium', () => {
  let fx: Awaited<ReturnType<typeof widgetFixture>>;
  beforeAll(async () => {
    fx = await widgetFixture();
  });
  afterAll(async () => {
    await fx?.close();
  });

  // The order card's chunk is fetched when the card is first drawn; on an order page opened in a
  // tunnel that fetch failed, and the panel kept an empty grey strip where the card goes until the
  // shopper closed and opened the chat again.
  it('is drawn once the connection is back, the chat left open', async () => {
    const context = await fx.phoneProfile({ width: 320, height: 568 });
    const page = await context.newPage();
    let failed = 0;
    page.on('requestfailed', (request) => {
      if (request.url().includes('kefu-order-card.js')) failed++;
    });
    // The app and its words are in (they load as the page settles), the rest not fetched yet.
    const words = page.waitForResponse((r) => r.url().includes('kefu-en.js'));
    await page.goto(`${fx.origin}/orders/tunnel?lang=en&viewport`);
    await page.evaluate(
      (o) => (window as unknown as { Kefu: (...a: unknown[]) => void }).Kefu('setContext', { order: o }),
      order,
    );
    // Run by the app once fetched: imported here again (as text, which Vitest leaves alone), it has
    // run once this resolves.
    await page.evaluate(`import(${JSON.stringify((await words).url())}).then(() => 1)`);
    await context.setOffline(true);
    await page.locator(W.launcher).click();
    await page.locator(W.textarea).waitFor();
    await expect.poll(() => failed, { timeout: 30_000 }).toBeGreaterThan(0);
    // Meanwhile no empty grey strip above the message box.
    expect(await page.locator('[data-kefu] .ctx-order').isVisible()).toBe(false);
    await context.setOffline(false);
    await page.locator('[data-kefu] .ctx-order .oc').waitFor();
    expect(await page.locator('[data-kefu] .ctx-order').textContent()).toContain('KFTUNNEL1');
    await context.close();
  });
});
