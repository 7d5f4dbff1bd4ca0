import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from '../../../test/axe.ts';
import { chromiumMissing } from '../../../test/servers.ts';
import { consoleShift } from './console-fixture.ts';

const skip = await chromiumMissing();

describe.skipIf(skip)('the inbox from the keyboard (Chromium)', () => {
  const shift = consoleShift({ each: true });

  const focused = (page: Page) =>
    page.evaluate(() => document.activeElement?.id ?? document.activeElement?.tagName);

  for (const width of [1280, 320])
    it(`reaches the empty list after its tab with Tab, at ${width} px`, async () => {
      const page = await shift.signIn(0, { width });
      await page.locator('#inbox-tab-mine').focus();
      await page.keyboard.press('Tab');
      // With nothing in it, Tab went from the tab past the list, to the page's start.
      expect(await focused(page)).toBe('inbox-panel');
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('ArrowLeft');
      expect(await focused(page)).toBe('inbox-tab-queued');
      await page.keyboard.press('Tab');
      expect(await focused(page)).toBe('inbox-panel');
      expect(await page.locator('#inbox-panel').textContent()).toContain('Nobody is waiting');
      expect(await axeViolations(page, 'page')).toEqual([]);
    });
});
