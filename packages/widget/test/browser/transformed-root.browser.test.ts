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
      hostPage: (path, tag) => {
        // `/interaction/…`: the app loads on the shopper's first hover, focus or click only.
        const [, interaction, css] = /^\/(interaction\/)?(.*)$/.exec(path) ?? [];
        const own = interaction ? tag.replace('data-load="eager"', 'data-load="interaction"') : tag;
        return { html: page(own, `html{${decodeURIComponent(css ?? '')}}`) };
      },
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

  // The app moved the widget to the top layer once it had loaded; until then (and with
  // `data-load="interaction"`, until the shopper had found the launcher) it sat at the foot of the page.
  it('keeps the launcher on screen before the app has loaded', async () => {
    const context = await fx.browserProfile();
    const shop = await context.newPage();
    let asked = 0;
    await shop.route(/kefu-app\.js/, (route) => {
      asked++;
      return route.abort('internetdisconnected');
    });
    await shop.goto(`${fx.origin}/interaction/${encodeURIComponent('transform:translateZ(0)')}`);
    await shop.locator(W.launcher).waitFor();
    await shop.evaluate(() => scrollTo(0, 3000));
    const box = await shop.locator(W.launcher).boundingBox();
    expect(box && box.y >= 0 && box.y + box.height <= 800).toBe(true);
    expect(asked).toBe(0);
    await context.close();
  });
});
