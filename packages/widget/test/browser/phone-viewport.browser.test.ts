import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing } from '../../../../test/servers.ts';
import { openWidget, W, widgetFixture } from './widget-fixture.ts';

const skip = await chromiumMissing();

/**
 * An element's box and font size as the shopper sees them on the screen: CSS px times the zoom
 * above it and the page's scale (about 0.38 on a 980 px page shown on a 375 px phone).
 */
function onScreen(page: Page, sel: string) {
  return page.locator(sel).evaluate((el) => {
    const r = el.getBoundingClientRect();
    const s = globalThis.visualViewport?.scale ?? 1;
    const font = Number.parseFloat(getComputedStyle(el).fontSize) * (el.currentCSSZoom ?? 1);
    return { x: r.x * s, y: r.y * s, width: r.width * s, height: r.height * s, font: font * s };
  });
}

/** The launcher, then the open panel and its message box, each measured on the screen. */
async function measure(page: Page) {
  const launcher = await onScreen(page, W.launcher);
  await openWidget(page);
  await page
    .locator('[data-kefu] .panel')
    .evaluate((el) => Promise.all(el.getAnimations().map((a) => a.finished)));
  return {
    launcher,
    panel: await onScreen(page, '[data-kefu] .panel'),
    input: await onScreen(page, W.textarea),
  };
}

/** The largest difference between `actual` and any of the `expected` values. */
function farthest(actual: Record<string, number>, expected: Record<string, number>): number {
  return Math.max(...Object.keys(expected).map((key) => Math.abs(actual[key]! - expected[key]!)));
}

function expectClose(actual: Record<string, number>, expected: Record<string, number>, tolerance = 1) {
  for (const key of Object.keys(expected))
    expect(
      Math.abs(actual[key]! - expected[key]!),
      `${key}: ${actual[key]} vs ${expected[key]}`,
    ).toBeLessThanOrEqual(tolerance);
}

// Finding (QA pass, 2026-12): older shop themes have no `<meta name="viewport">`. A phone lays such a
// page out 980 px wide and shows it scaled down, widget included: a 21 px launcher, 6 px text in the
// message box, a 144×276 panel in a corner. The widget is now zoomed back by the page's scale.
describe.skipIf(skip)('the widget on a phone, with and without a viewport tag, in Chromium', () => {
  let fx: Awaited<ReturnType<typeof widgetFixture>>;
  const contexts: { close(): Promise<void> }[] = [];
  beforeAll(async () => {
    // A hub that takes photos: the message box's place below is measured beside the photo button.
    fx = await widgetFixture({
      images: true,
      // `/tall/<css>`: a mobile-ready shop page 3,000 px tall, with the page's own CSS.
      hostPage: (path, tag) =>
        path.startsWith('/tall/')
          ? {
              html: `<!doctype html><html lang="en"><head><title>Shop</title><meta name="viewport" content="width=device-width, initial-scale=1"><style>${decodeURIComponent(path.slice(6))}</style>${tag}</head><body><div style="height:3000px;position:relative">Shop<p id="mid" style="position:absolute;left:150px;top:1700px">Wool cardigan</p></div></body></html>`,
            }
          : path === '/left'
            ? {
                // A shop with the launcher in the left-hand corner (`data-position="left"`).
                html: `<!doctype html><html lang="en"><head><title>Shop</title><meta name="viewport" content="width=device-width, initial-scale=1">${tag.replace('<script', '<script data-position="left"')}</head><body>Shop</body></html>`,
              }
            : path.startsWith('/rtl-wide')
              ? {
                  // A right-to-left shop page wider than a phone's screen (a 1,200 px table); `/rtl-wide-left`
                  // with the launcher in the left-hand corner.
                  html: `<!doctype html><html lang="ar" dir="rtl"><head><title>متجر</title><meta name="viewport" content="width=device-width, initial-scale=1">${path.endsWith('-left') ? tag.replace('<script', '<script data-position="left"') : tag}</head><body><div style="width:1200px;height:2000px">متجر</div></body></html>`,
                }
              : undefined,
    });
  });
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
  });
  afterAll(async () => {
    await fx?.close();
  });

  async function phonePage(viewportTag: boolean): Promise<Page> {
    const context = await fx.phoneProfile();
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${fx.origin}/phone?lang=en${viewportTag ? '&viewport' : ''}`);
    return page;
  }

  it('shows the launcher, the panel and the message box at their usual size on a page without a viewport tag', async () => {
    const proper = await measure(await phonePage(true));
    const page = await phonePage(false);
    // The page itself stays as the phone shows it: laid out 980 px wide, scaled down, not zoomed in.
    const layout = () => page.evaluate(() => [document.documentElement.clientWidth, visualViewport?.scale]);
    const before = await layout();
    expect(before[0]).toBe(980);
    expect(before[1]).toBeLessThan(0.5);
    const bare = await measure(page);
    expect(await layout()).toEqual(before);
    expectClose(bare.launcher, proper.launcher);
    expectClose(bare.panel, { x: 0, y: 0, width: 375, height: 667 });
    expectClose(bare.input, proper.input);
    expect(bare.input.font).toBeCloseTo(16, 0);
  });

  it("keeps the launcher its usual size as the shopper zooms in, and lets it grow past the page's own size", async () => {
    const page = await phonePage(false);
    const cdp = await page.context().newCDPSession(page);
    for (const scale of [0.6, 1, 1.5]) {
      await cdp.send('Emulation.setPageScaleFactor', { pageScaleFactor: scale });
      await expect.poll(() => page.evaluate(() => visualViewport?.scale)).toBeCloseTo(scale, 2);
      // Up to the page's own size; past it (a pinch zoom on any page) the widget grows with the page.
      const grown = Math.max(1, scale);
      // The widget follows the scale from its visualViewport listener, a frame or more after the
      // scale changed (on a busy machine the first reading still had the last step's zoom).
      await expect
        .poll(async () => Math.abs((await onScreen(page, W.launcher)).width - 56 * grown))
        .toBeLessThanOrEqual(1);
      const launcher = await onScreen(page, W.launcher);
      expectClose(
        { width: launcher.width, height: launcher.height },
        { width: 56 * grown, height: 56 * grown },
      );
    }
  });

  // Finding (QA pass, 2026-12): the panel fills the phone's screen there too, but opening it focused the
  // message box, as on a desktop, and the on-screen keyboard came up over the transcript at once.
  for (const viewportTag of [true, false])
    it(`opens with the panel focused, not the message box, on a phone page ${viewportTag ? 'with' : 'without'} a viewport tag`, async () => {
      const page = await phonePage(viewportTag);
      await page.locator(W.launcher).tap();
      await page.locator(W.textarea).waitFor();
      const focused = () =>
        page.evaluate(() => document.querySelector('[data-kefu]')?.shadowRoot?.activeElement?.className);
      await expect.poll(focused).toBe('panel');
    });

  // Finding (shopper on a phone, 2026-12-07): fixed elements follow the layout viewport, which a pinch
  // zoom leaves larger than what is on the screen (as the on-screen keyboard does, which headless
  // Chromium cannot raise; the same visualViewport events): the launcher in its corner was out of
  // sight, on a plain page as on one whose <html> or <body> is transformed, filtered or clips.
  it('keeps the launcher, and the open chat, inside the visual viewport as the shopper scrolls, pinches and pans', async () => {
    const context = await fx.phoneProfile({ width: 390, height: 844 }, 3);
    contexts.push(context);
    for (const css of [
      '',
      'html{transform:translateZ(0)}',
      'body{filter:blur(0)}',
      'html,body{overflow-x:hidden}',
    ]) {
      const page = await context.newPage();
      await page.goto(`${fx.origin}/tall/${encodeURIComponent(css)}`);
      /** True, or what lies outside the visual viewport and where. */
      const inside = (sel: string) =>
        page.locator(sel).evaluate((el) => {
          const r = el.getBoundingClientRect();
          const v = globalThis.visualViewport!;
          const [x, y, w, h] = [v.offsetLeft, v.offsetTop, v.width, v.height];
          const ok =
            r.left >= x - 0.5 && r.top >= y - 0.5 && r.right <= x + w + 0.5 && r.bottom <= y + h + 0.5;
          return (
            ok || `${el.className} at ${[r.left, r.top, r.right, r.bottom]}, screen ${[x, y, x + w, y + h]}`
          );
        });
      const cdp = await context.newCDPSession(page);
      const steps: [string, () => Promise<unknown>][] = [
        ['loaded', async () => {}],
        ['scrolled', () => page.evaluate(() => scrollTo(0, 1500))],
        ['pinched', () => cdp.send('Emulation.setPageScaleFactor', { pageScaleFactor: 2 })],
        // The visual viewport panned to the middle of the page, away from the layout viewport's corner.
        [
          'panned',
          () =>
            page.locator('#mid').evaluate((el) => el.scrollIntoView({ block: 'center', inline: 'center' })),
        ],
      ];
      for (const [step, act] of steps) {
        await act();
        await expect.poll(() => inside(W.launcher), { message: `${css || 'plain'}, ${step}` }).toBe(true);
      }
      expect(await page.evaluate(() => visualViewport?.offsetTop)).toBeGreaterThan(0);
      if (!css) {
        await page.evaluate(() => (window as unknown as { Kefu: (c: string) => void }).Kefu('open'));
        await expect.poll(() => inside(W.textarea), { message: 'message box' }).toBe(true);
      }
      await page.close();
    }
  });

  // Finding (QA pass, 2026-12-07): with `position: 'left'` the full-screen panel kept the left-hand
  // corner's 20 px inset (a more specific rule than the phone's): on a 390 px phone it ran 20 px off
  // the right edge, the header's close button half out of sight.
  it("fills a phone's screen with the panel when the launcher is in the left-hand corner", async () => {
    const context = await fx.phoneProfile({ width: 390, height: 844 }, 3);
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${fx.origin}/left`);
    const { launcher, panel } = await measure(page);
    expectClose(launcher, { x: 20, y: 768 }, 0.01);
    expectClose(panel, { x: 0, y: 0, width: 390, height: 844 }, 0.01);
  });

  /** Each page at a path of `cases` in a tab of its own in `context`, checked against what is expected of it. */
  async function eachPage<T>(
    context: BrowserContext,
    cases: readonly (readonly [string, T])[],
    check: (page: Page, expected: T) => Promise<void>,
  ) {
    for (const [path, expected] of cases) {
      const page = await context.newPage();
      await page.goto(`${fx.origin}${path}`);
      await check(page, expected);
      await page.close();
    }
  }

  // Finding (QA pass, 2026-12-07): on a right-to-left page wider than the screen, Chromium lays fixed
  // elements out from x −818 (the page's left edge) while the visual viewport says it starts at 0: the
  // launcher placed from the visual viewport sat at x −504, off screen, and the full-screen panel too.
  it("keeps the launcher, in either corner, and the panel on a phone's screen on a right-to-left page wider than it", async () => {
    const context = await fx.phoneProfile({ width: 390, height: 844 }, 3);
    contexts.push(context);
    const corners = [
      ['/rtl-wide', 314],
      ['/rtl-wide-left', 20],
    ] as const;
    await eachPage(context, corners, async (page, x) => {
      // The page as QA had it: scrolled to its start, at the right-hand end of its 1,200 px.
      expect(await page.evaluate(() => scrollX)).toBeLessThan(-800);
      /** Where an element is on the screen: from the visual viewport's corner (the tap scrolls it a little). */
      const onTheScreen = (sel: string) =>
        page.locator(sel).evaluate((el) => {
          const r = el.getBoundingClientRect();
          const v = globalThis.visualViewport!;
          return { x: r.x - v.offsetLeft, y: r.y - v.offsetTop, width: r.width, height: r.height };
        });
      expectClose(await onTheScreen(W.launcher), { x, y: 768 }, 0.01);
      await openWidget(page);
      // Once its opening animation is over, and it has followed the visual viewport the tap moved.
      const full = { x: 0, y: 0, width: 390, height: 844 };
      await expect
        .poll(async () => farthest(await onTheScreen('[data-kefu] .panel'), full))
        .toBeLessThan(0.01);
    });
  });

  // Finding (QA pass, 2026-12-07): a page zoom below 100 % from a stylesheet that came after the widget
  // was drawn (`html{zoom:.5}`) left the launcher mid-page, in px measured before the zoom halved them,
  // until the next resize or open.
  it('keeps the launcher in its corner when a page zoom arrives after it was drawn', async () => {
    const context = await fx.browserProfile();
    contexts.push(context);
    const corners = [
      ['/desktop?lang=en', 1242],
      ['/left', 10],
    ] as const;
    await eachPage(context, corners, async (page, x) => {
      // The app is there (its unread badge): its own measure, on arrival, is behind us too.
      await page.locator(`${W.launcher} .b`).waitFor({ state: 'attached' });
      await page.addStyleTag({ content: 'html{zoom:.5}' });
      // 20 px in from the corner, and 56 px wide, both at half size.
      const corner = { x, y: 762, width: 28 };
      await expect.poll(async () => farthest(await onScreen(page, W.launcher), corner)).toBeLessThan(0.01);
    });
  });

  // Finding (QA pass, 2026-12-07): Firefox 79–90 on a desktop has no `window.visualViewport`, and the
  // launcher, placed from it, was left where the host is, below the page's end.
  it('puts the launcher in its corner in a browser without a visual viewport', async () => {
    const context = await fx.browserProfile();
    contexts.push(context);
    await context.addInitScript(() => delete (window as { visualViewport?: unknown }).visualViewport);
    const corners = [
      ['/desktop?lang=en', 1204],
      ['/left', 20],
    ] as const;
    await eachPage(context, corners, async (page, x) => {
      expect(await page.evaluate(() => 'visualViewport' in window)).toBe(false);
      const { launcher, panel } = await measure(page);
      expectClose(launcher, { x, y: 724, width: 56, height: 56 }, 0.01);
      expectClose(panel, { x: x === 20 ? 20 : 884, y: 24, width: 376, height: 688 }, 0.01);
    });
  });

  // Finding (QA pass, 2026-12-07): pinched 2.5× on a 320 px phone the open panel is 128 px wide, and
  // the header's status line ran on over the close button; drawn above it (its opacity paints it as a
  // layer of its own), it took the tap, and the chat stayed open.
  it('closes from the header on a small phone pinched in', async () => {
    const context = await fx.phoneProfile({ width: 320, height: 568 });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${fx.origin}/phone?lang=en&viewport`);
    await openWidget(page);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setPageScaleFactor', { pageScaleFactor: 2.5 });
    await expect.poll(() => page.evaluate(() => visualViewport?.scale)).toBe(2.5);
    // What a finger on the close button's middle lands on, once the panel has followed the zoom.
    // Not `locator.tap()`: its scrolling into view pans the visual viewport, which the panel then
    // follows a frame later, so its taps raced the panel rather than testing the header.
    const landsOnClose = () =>
      page.evaluate(() => {
        const root = document.querySelector('[data-kefu]')?.shadowRoot;
        const button = root?.querySelector<HTMLElement>('.head .icon-btn');
        if (!root || !button) return false;
        const r = button.getBoundingClientRect();
        const hit = root.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
        if (hit && button.contains(hit)) button.click();
        return hit ? button.contains(hit) : false;
      });
    await expect.poll(landsOnClose).toBe(true);
    await expect.poll(() => page.locator(W.launcher).getAttribute('aria-expanded')).toBe('false');
  });

  it('leaves the widget as it was on a desktop page and on a phone page with a viewport tag', async () => {
    const desktop = await fx.browserProfile();
    contexts.push(desktop);
    const page = await desktop.newPage();
    await page.goto(`${fx.origin}/desktop?lang=en`);
    const big = await measure(page);
    expectClose(big.launcher, { x: 1204, y: 724, width: 56, height: 56, font: 16 }, 0.01);
    expectClose(big.panel, { x: 884, y: 24, width: 376, height: 688 }, 0.01);
    expectClose(big.input, { x: 945, y: 655, width: 256, height: 40, font: 16 }, 0.01);
    // The widget's host lies over the whole page, which a click beside the launcher and the panel
    // still reaches; on them, the widget takes it.
    const hit = (x: number, y: number) =>
      page.evaluate(([x, y]) => document.elementFromPoint(x!, y!)?.closest('[data-kefu]') !== null, [x, y]);
    expect([await hit(300, 400), await hit(1232, 752), await hit(1000, 300)]).toEqual([false, true, true]);
    const phone = await measure(await phonePage(true));
    expectClose(phone.launcher, { x: 299, y: 591, width: 56, height: 56, font: 16 }, 0.01);
    expectClose(phone.panel, { x: 0, y: 0, width: 375, height: 667 }, 0.01);
    expectClose(phone.input, { x: 60, y: 611, width: 257, height: 40, font: 16 }, 0.01);
  });
});
