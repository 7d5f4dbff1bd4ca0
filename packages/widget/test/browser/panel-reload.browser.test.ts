import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing } from '../../../../test/servers.ts';
import { openWidget, send, W, widgetFixture } from './widget-fixture.ts';

const skip = await chromiumMissing();

/**
 * The shop's page: a search box it focuses itself, the snippet and an `open` listener the shop
 * registers through it (as its analytics do), and the widget's tag.
 */
const shopPage = (tag: string) =>
  `<!doctype html><html lang="en"><head><title>Shop</title><script>window.Kefu=window.Kefu||function(){(Kefu.q=Kefu.q||[]).push(arguments)};window.heard=[];Kefu('on','open',(open)=>heard.push(open))</script>${tag}</head><body><input id="q" autofocus aria-label="Search"><h1>Shop</h1></body></html>`;

// Finding (QA as a shopper, 2026-12-07): a shopper mid-conversation who reloaded the page or went
// on to the next product found the chat closed, and had to find the launcher again to read the reply.
describe.skipIf(skip)('the chat panel across reloads and pages of the shop, in Chromium', () => {
  let fx: Awaited<ReturnType<typeof widgetFixture>>;
  beforeAll(async () => {
    fx = await widgetFixture({ hostPage: (_path, tag) => ({ html: shopPage(tag) }) });
  });
  afterAll(async () => {
    await fx?.close();
  });

  /** What the shop's `open` listener heard on this page. */
  const heard = (page: import('playwright-core').Page) =>
    page.evaluate(() => (window as unknown as { heard: boolean[] }).heard);

  /** The app has mounted (it marks the host for session-replay scripts), open or not. */
  const mounted = (page: import('playwright-core').Page) =>
    page.locator(':root>[data-kefu].sentry-block').waitFor({ state: 'attached' });

  it('stays open in its tab (focus left to the page), stays closed once closed, and is closed on a first visit', async () => {
    const context = await fx.browserProfile();
    const page = await context.newPage();
    await page.goto(`${fx.origin}/p/cardigan`);
    await mounted(page);
    expect(await page.locator('[data-kefu] .panel').count()).toBe(0);
    await openWidget(page);
    await send(page, 'is this warm enough?');

    await page.reload();
    await page.locator(W.mine('is this warm enough?')).waitFor();
    expect(await page.locator(W.launcher).getAttribute('aria-expanded')).toBe('true');
    // Reopened by the reload, not by the shopper: the page's own field keeps the focus.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q');
    // The shop's listener, queued before the app loaded, hears the panel open again (it heard
    // nothing: the app reopened the panel as it mounted, before it ran the queued calls).
    await expect.poll(() => heard(page)).toEqual([true]);

    await page.goto(`${fx.origin}/p/scarf`);
    await page.locator(W.mine('is this warm enough?')).waitFor();
    await expect.poll(() => heard(page)).toEqual([true]);

    // Another tab of the same shop opens closed (the open panel is this tab's).
    const other = await context.newPage();
    await other.goto(`${fx.origin}/p/cardigan`);
    await mounted(other);
    expect(await other.locator('[data-kefu] .panel').count()).toBe(0);

    await page.locator(W.launcher).click();
    await page.locator('[data-kefu] .panel').waitFor({ state: 'detached' });
    await page.reload();
    await mounted(page);
    expect(await page.locator('[data-kefu] .panel').count()).toBe(0);
    await context.close();
  });
});
