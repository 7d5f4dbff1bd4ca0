import { describe, expect, it } from 'vitest';
import { chromiumMissing } from '../../../test/servers.ts';
import { assignedShopper, consoleShift } from './console-fixture.ts';

const skip = await chromiumMissing();

// Finding (accessibility QA, 2026-12-06): at 320 px (a phone, or 400 % zoom on a desktop) with more
// conversation tabs than fit, the whole console scrolled sideways onto an empty strip.
describe.skipIf(skip)('the console at 320 px wide (WCAG reflow), in Chromium', () => {
  const shift = consoleShift({ each: true });

  it('keeps the page from scrolling sideways when the conversation tabs do not fit', async () => {
    const page = await shift.signIn(0, { width: 320 });
    const first = await assignedShopper(shift.fx, shift.shoppers);
    for (let i = 0; i < 2; i++) await assignedShopper(shift.fx, shift.shoppers);
    await expect.poll(() => page.locator('.conv-tab').count()).toBe(3);
    // A shopper who left: their tab says so to screen readers, in a visually hidden span.
    first.close();
    await page.locator('[data-presence=left]').waitFor();
    // The tab strip scrolls on its own; the hidden words of the tabs past the screen's edge were
    // placed against the page, which then scrolled sideways with them.
    const wider = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(wider).toBeLessThanOrEqual(0);
  });
});
