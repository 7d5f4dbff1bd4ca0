import { describe, expect, it } from 'vitest';
import { chromiumMissing } from '../../../test/servers.ts';
import { assignedShopper, consoleShift } from './console-fixture.ts';

const skip = await chromiumMissing();

describe.skipIf(skip)('the supervisor dashboard on a laptop (Chromium)', () => {
  const shift = consoleShift({ each: true });

  it('keeps every block within a 1280 px window in English; only the wide figures table scrolls sideways', async () => {
    const page = await shift.signIn(2, { width: 1280, height: 720, lang: 'en' });
    await assignedShopper(shift.fx, shift.shoppers);
    await page.goto(`${shift.fx.origin}/console/dashboard?lang=en`);
    await page.locator('table.rows').waitFor();
    const main = page.locator('main.dashboard');
    // The page's own column is as wide as the window: the queue and load tables show every column.
    expect(await main.evaluate((el) => el.scrollWidth - el.clientWidth)).toBe(0);
    const rightmost = await page
      .locator('main.dashboard > *')
      .evaluateAll((els) => Math.max(...els.map((e) => e.getBoundingClientRect().right)));
    expect(rightmost).toBeLessThanOrEqual(1280);
    // The sixteen figures still all there, reached by scrolling their own box.
    expect(await page.locator('.table-wrap').evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  });
});
