import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../../../../test/axe.ts';
import { chromiumMissing } from '../../../../test/servers.ts';
import { openWidget, send, widgetFixture } from './widget-fixture.ts';

const skip = await chromiumMissing();

// Finding (2026-12-04): on a phone held sideways, or with its keyboard up, the product card took
// the height: the transcript got 20 px (no message readable) and the panel scrolled its header,
// close button included, out of view to show the focused message box.
describe.skipIf(skip)('the open panel on a short screen with the product card shown, in Chromium', () => {
  let fx: Awaited<ReturnType<typeof widgetFixture>>;
  beforeAll(async () => {
    fx = await widgetFixture();
  });
  afterAll(async () => {
    await fx?.close();
  });

  /** A page of the given size with the panel open on a product card, once its opening animation ends. */
  async function panelWithProduct(width: number, height: number, title: string) {
    const context = await fx.browserProfile();
    const page = await context.newPage();
    await page.setViewportSize({ width, height });
    await page.goto(`${fx.origin}/p/short?lang=en`);
    await page.evaluate(
      (title) =>
        (window as unknown as { Kefu(...a: unknown[]): void }).Kefu('setContext', {
          product: { id: 'sku-1', title, price: 399, currency: 'CNY' },
        }),
      title,
    );
    await openWidget(page);
    await page.locator('[data-kefu] .ctx').waitFor();
    await page
      .locator('[data-kefu] .panel')
      .evaluate((el) => Promise.all(el.getAnimations().map((a) => a.finished)));
    return { context, page };
  }

  // The transcript keeps at least 30 % of the panel; the product card takes what it needs of the rest.
  for (const [what, width, height, transcript] of [
    ['a phone held sideways', 667, 375, 60],
    ['a phone with its keyboard up', 375, 340, 100],
  ] as const)
    it(`keeps the header in place and room for the transcript on ${what} (${width}×${height})`, async () => {
      const { context, page } = await panelWithProduct(width, height, 'Merino cardigan');
      const box = async (sel: string) => (await page.locator(`[data-kefu] ${sel}`).boundingBox())!;
      const panel = await box('.panel');
      expect((await box('.head')).y).toBeGreaterThanOrEqual(panel.y);
      expect((await box('.log')).height).toBeGreaterThanOrEqual(transcript);
      const composer = await box('.composer');
      expect(composer.y + composer.height).toBeLessThanOrEqual(panel.y + panel.height + 0.5);
      await context.close();
    });

  // Finding (2026-12-06): on a small phone (320×568) the card was capped at a quarter of the panel and
  // its "Ask about this / Hide" row was cut off, with nothing to say the strip scrolled.
  it('shows the whole product card with its actions on a small phone (320×568)', async () => {
    const { context, page } = await panelWithProduct(320, 568, 'Merino cardigan with a longer name');
    const strip = page.locator('[data-kefu] .ctx');
    expect(await strip.evaluate((el) => el.scrollHeight - el.clientHeight)).toBeLessThanOrEqual(0);
    const actions = (await page.locator('[data-kefu] .ctx-actions').boundingBox())!;
    const box = (await strip.boundingBox())!;
    expect(actions.y + actions.height).toBeLessThanOrEqual(box.y + box.height);
    await context.close();
  });

  // Finding (2026-12-07): with the product card and a ticket's note (nobody in: every question out of
  // hours), a short window (a phone held sideways; a 1366×768 laptop at 200 % zoom, 683×384) pushed
  // the message box 20 px out of the panel, its bottom edge and hint cut off: the note took its full
  // height while the transcript kept its 30 %. The note now gives way and scrolls.
  for (const [width, height] of [
    [667, 375],
    [683, 384],
  ] as const)
    it(`keeps the whole message box in the panel under a ticket's note (${width}×${height})`, async () => {
      const { context, page } = await panelWithProduct(width, height, 'Merino cardigan');
      await send(page, 'Where is my parcel?');
      const note = page.locator('[data-kefu] .note', { hasText: 'Your request is logged' });
      await note.waitFor();
      const box = async (sel: string) => (await page.locator(`[data-kefu] ${sel}`).boundingBox())!;
      const panel = await box('.panel');
      const composer = await box('.composer');
      expect(composer.y + composer.height).toBeLessThanOrEqual(panel.y + panel.height + 0.5);
      expect((await box('.log')).height).toBeGreaterThanOrEqual(0.29 * panel.height);
      // What the note no longer shows at once is reached by scrolling it, from the keyboard too.
      expect(await axeViolations(page, 'widget')).toEqual([]);
      await context.close();
    });

  // Finding (2026-12-07): in a short desktop window (1280×300: a laptop with the browser's
  // developer tools or a download bar open) the panel, kept above the launcher, was 188 px: under a
  // ticket's note the message box was 15–18 px out of it. The panel now sits beside the launcher.
  it('keeps the whole message box in a short desktop window (1280×300), the launcher in view', async () => {
    const { context, page } = await panelWithProduct(1280, 300, 'Merino cardigan');
    await send(page, 'Where is my parcel?');
    await page.locator('[data-kefu] .note', { hasText: 'Your request is logged' }).waitFor();
    const box = async (sel: string) => (await page.locator(`[data-kefu] ${sel}`).boundingBox())!;
    const [panel, composer, launcher] = [await box('.panel'), await box('.composer'), await box('button.l')];
    expect(panel.y).toBeGreaterThanOrEqual(0);
    expect(composer.y + composer.height).toBeLessThanOrEqual(panel.y + panel.height + 0.5);
    expect((await box('.log')).height).toBeGreaterThanOrEqual(0.29 * panel.height);
    // Beside the launcher, not over it: the launcher still closes the chat.
    expect(panel.x + panel.width).toBeLessThanOrEqual(launcher.x);
    await context.close();
  });
});
