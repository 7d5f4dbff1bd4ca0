import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing } from '../../../../test/servers.ts';
import { openWidget, send, W, widgetFixture } from './widget-fixture.ts';

const skip = await chromiumMissing();

// The script tag as merchants really write and manage it.
describe.skipIf(skip)('the widget’s script tag, in Chromium', () => {
  let fx: Awaited<ReturnType<typeof widgetFixture>>;
  beforeAll(async () => {
    fx = await widgetFixture();
  });
  afterAll(async () => {
    await fx?.close();
  });

  // Finding (2026-12-04): a module script has no document.currentScript, and the loader did nothing at all.
  it('works from a <script type="module"> tag', async () => {
    const context = await fx.browserProfile();
    const page = await context.newPage();
    await page.goto(`${fx.origin}/p/1?module`);
    await openWidget(page);
    await send(page, 'from a module tag');
    await context.close();
  });

  // Finding (2026-12-04): after Kefu('shutdown'), a script tag added again (an SPA remounting its
  // chat on another route) drew nothing, silently.
  it('comes back when the page adds its script tag again after a shutdown', async () => {
    const context = await fx.browserProfile();
    const page = await context.newPage();
    await page.goto(`${fx.origin}/p/1`);
    await openWidget(page);
    await send(page, 'before the shutdown');
    const addTag = () =>
      page.evaluate(
        (hub) =>
          new Promise((loaded) => {
            const tag = Object.assign(document.createElement('script'), {
              src: '/widget/kefu.js',
              onload: loaded,
            });
            Object.assign(tag.dataset, { site: 'shop', hub, load: 'eager' });
            document.head.append(tag);
          }),
        fx.hubUrl,
      );
    // A second copy while the widget is there draws no second launcher.
    await addTag();
    expect(await page.locator('[data-kefu]').count()).toBe(1);
    await page.evaluate(() => (window as unknown as { Kefu(c: string): void }).Kefu('shutdown'));
    await expect.poll(() => page.locator('[data-kefu]').count()).toBe(0);
    await addTag();
    // Open before the shutdown, so open again (the shopper never closed it).
    await page.locator(W.mine('before the shutdown')).waitFor();
    await send(page, 'after the shutdown');
    expect(await page.locator('[data-kefu]').count()).toBe(1);
    await context.close();
  });
});
