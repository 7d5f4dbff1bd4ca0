import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing } from '../../../../test/servers.ts';
import { openWidget, W, widgetFixture } from './widget-fixture.ts';

const skip = await chromiumMissing();

/** A long page whose <html> has a transform (a page-transition library's, or `will-change`). */
const page = (tag: string, css: string) =>
  `<!doctype html><html lang="en"><head><title>Shop</title><style>${css}</style>${tag}</head><body><div style="height:5000px">Shop</div></body></html>`;

// Finding (QA as a shopper on pages with aggressive CSS, 2026-12-07): `transform`, `will-change:
// transform` or `contain: paint` on the page's <html> made it the containing block of fixed
// elements: the launcher and the open chat sat at the foot of the 5,000 px page, not on the screen.
describe.skipIf(skip)('the widget on a page whose <html> holds fixed elements, in Chromium', () => {
  let fx: Awaited<ReturnType<typeof widgetFixture>>;
  beforeAll(async () => {
    fx = await widgetFixture({
      hostPage: (path, tag) => ({ html: page(tag, `html{${decodeURIComponent(path.slice(1))}}`) }),
    });
  });
  afterAll(async () => {
    await fx?.close();
  });

  for (const css of ['transform:translateZ(0)', 'will-change:transform', 'contain:paint'])
    it(`keeps the launcher and the panel on screen after scrolling (${css})`, async () => {
      const context = await fx.browserProfile();
      const shop = await context.newPage();
      await shop.goto(`${fx.origin}/${encodeURIComponent(css)}`);
      await shop.locator(':root>[data-kefu].sentry-block').waitFor({ state: 'attached' });
      await shop.evaluate(() => scrollTo(0, 3000));
      const onScreen = async (selector: string) => {
        const box = await shop.locator(selector).boundingBox();
        return !!box && box.y >= 0 && box.y + box.height <= 800;
      };
      expect(await onScreen(W.launcher)).toBe(true);
      await openWidget(shop);
      expect(await onScreen('[data-kefu] .panel')).toBe(true);
      await context.close();
    });
});
