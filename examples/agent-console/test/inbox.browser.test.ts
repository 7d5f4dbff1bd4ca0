import { type Browser, chromium, type Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { axeViolations } from '../../../test/axe.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumMissing } from '../../../test/servers.ts';
import { DEMO_AGENTS } from '../../shop/src/hub.ts';
import { startConsoleServer } from './console-fixture.ts';

const skip = await chromiumMissing();

describe.skipIf(skip)('the inbox from the keyboard (Chromium)', () => {
  let fx: Awaited<ReturnType<typeof startConsoleServer>>;
  let browser: Browser;

  beforeEach(async () => {
    fx = await startConsoleServer();
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  });
  afterEach(async () => {
    await browser?.close().catch(() => {});
    await fx?.close();
  });

  async function signIn(agent: number, width: number): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width, height: 800 } })).newPage();
    await page.goto(`${fx.origin}/console?lang=en`);
    await page.locator(`[data-token="${DEMO_AGENTS[agent]!.token}"]`).click();
    await page.locator('header.top .conn-open').waitFor();
    return page;
  }

  const focused = (page: Page) =>
    page.evaluate(() => document.activeElement?.id ?? document.activeElement?.tagName);

  for (const width of [1280, 320])
    it(`reaches the empty list after its tab with Tab, at ${width} px`, async () => {
      const page = await signIn(0, width);
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
