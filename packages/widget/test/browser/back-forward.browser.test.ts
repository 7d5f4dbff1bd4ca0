import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing } from '../../../../test/servers.ts';
import { openWidget, send, W, widgetFixture } from './widget-fixture.ts';

const skip = await chromiumMissing();

// Finding (QA on a phone's network, 2026-12-05): a shopper who left a product page and came back
// with Back got the page from the back-forward cache, and Chromium, cutting the widget's open
// socket on the way in, logged "WebSocket connection to … failed: Page entered Back-Forward Cache"
// as an error on the shop's console, on every page the shopper left.
describe.skipIf(skip)('the widget on a page kept in the back-forward cache, in Chromium', () => {
  let fx: Awaited<ReturnType<typeof widgetFixture>>;
  beforeAll(async () => {
    fx = await widgetFixture({ backForwardCache: true });
  });
  afterAll(async () => {
    await fx?.close();
  });

  it("leaves no error on the shop's console, and chats on, replies while away included, once the shopper comes back", async () => {
    const context = await fx.browserProfile();
    // Whether the page came back from the cache (a fresh load would prove nothing here).
    await context.addInitScript(() =>
      addEventListener('pageshow', (e) => {
        (window as unknown as { fromCache: boolean }).fromCache = e.persisted;
      }),
    );
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => void (['error', 'warning'].includes(m.type()) && problems.push(m.text())));
    page.on('pageerror', (e) => void problems.push(e.message));
    await page.goto(`${fx.origin}/p/cardigan`);
    await page.evaluate(
      (token) => (window as unknown as { Kefu: (...a: unknown[]) => void }).Kefu('identify', { token }),
      fx.identity('u-back', 'Bo'),
    );
    await openWidget(page);
    await send(page, 'is this warm enough?');
    await page.goto(`${fx.origin}/p/scarf`);
    const away = await fx
      .hub()
      .notify({ siteKey: 'shop', userId: 'u-back' }, { kind: 'text', text: 'Yes, merino wool' });
    expect(away).toMatchObject({ ok: true });
    // A page from the cache fires no load event.
    await page.goBack({ waitUntil: 'commit' });
    await page.waitForFunction(() => (window as unknown as { fromCache?: boolean }).fromCache !== undefined);
    expect(await page.evaluate(() => (window as unknown as { fromCache: boolean }).fromCache)).toBe(true);
    await page
      .locator('[data-kefu] .row.them .bubble >> text="Yes, merino wool"')
      .waitFor({ timeout: 20_000 });
    await send(page, 'great, and in blue?');
    expect(await page.locator(W.mine('great, and in blue?')).count()).toBe(1);
    expect(await page.locator(W.mine('is this warm enough?')).count()).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  });
});
