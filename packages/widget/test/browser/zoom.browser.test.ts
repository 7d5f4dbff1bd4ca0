import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing } from '../../../../test/servers.ts';
import { openWidget, widgetFixture } from './widget-fixture.ts';

const skip = await chromiumMissing();

// A page zoomed with CSS (`html{zoom:1.5}`, an accessibility setting of some shops) zooms the widget
// too: its px sizes grow, the viewport does not. The open panel, close button included, stays on screen.
describe.skipIf(skip)('the open panel on a zoomed page, in Chromium', () => {
  let fx: Awaited<ReturnType<typeof widgetFixture>>;
  beforeAll(async () => {
    fx = await widgetFixture();
  });
  afterAll(async () => {
    await fx?.close();
  });

  for (const [css, width, height] of [
    ['html{zoom:1.5}', 1280, 800],
    ['body{zoom:2}', 1280, 800],
    ['html{zoom:1.5}', 320, 640],
    ['html{zoom:.75}', 1280, 800],
    ['html{zoom:2}', 600, 800],
    ['html{}', 320, 640],
  ] as const) {
    it(`keeps the header and its close button on screen with ${css} at ${width}×${height}`, async () => {
      const context = await fx.browserProfile();
      const page = await context.newPage();
      await page.setViewportSize({ width, height });
      await page.goto(`${fx.origin}/zoom?lang=en`);
      await page.addStyleTag({ content: css });
      await openWidget(page);
      await page
        .locator('[data-kefu] .panel')
        .evaluate((el) => Promise.all(el.getAnimations().map((a) => a.finished)));
      const box = (sel: string) => page.locator(`[data-kefu] ${sel}`).boundingBox();
      const panel = (await box('.panel'))!;
      const close = (await box('.head .icon-btn'))!;
      expect(panel.y).toBeGreaterThanOrEqual(0);
      expect(panel.x).toBeGreaterThanOrEqual(0);
      expect(panel.y + panel.height).toBeLessThanOrEqual(height + 0.5);
      expect(panel.x + panel.width).toBeLessThanOrEqual(width + 0.5);
      expect(close.y).toBeGreaterThanOrEqual(0);
      await context.close();
    });
  }
});
