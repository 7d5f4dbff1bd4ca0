import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing } from '../../../../test/servers.ts';
import { W, widgetFixture } from './widget-fixture.ts';

const skip = await chromiumMissing();

/** The focused element inside the widget's shadow root, as `tag.class`. */
const shadowFocus = (page: Page) =>
  page.evaluate(() => {
    const el = document.querySelector('[data-kefu]')?.shadowRoot?.activeElement;
    return el ? `${el.tagName.toLowerCase()}.${el.className}` : null;
  });

describe.skipIf(skip)('the chat from the keyboard alone, in Chromium', () => {
  let fx: Awaited<ReturnType<typeof widgetFixture>>;
  beforeAll(async () => {
    fx = await widgetFixture();
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('opens with Enter on the launcher, and Esc closes it from the panel and from the launcher', async () => {
    const context = await fx.browserProfile();
    const page = await context.newPage();
    await page.goto(`${fx.origin}/p/zh?lang=en`);
    // The host page's own Esc handler (a menu, a modal) must not fire for the widget's Esc.
    await page.evaluate(() => {
      (window as unknown as { hostEscapes: number }).hostEscapes = 0;
      document.addEventListener('keydown', (e) => {
        if (e.key === 'Escape') (window as unknown as { hostEscapes: number }).hostEscapes++;
      });
    });
    const hostEscapes = () => page.evaluate(() => (window as unknown as { hostEscapes: number }).hostEscapes);
    const launcher = page.locator(W.launcher);
    await launcher.focus();
    await page.keyboard.press('Enter');
    await page.locator(W.textarea).waitFor();
    await expect.poll(() => shadowFocus(page)).toBe('textarea.');

    // Esc in the panel: closed, and focus back on the launcher.
    await page.keyboard.press('Escape');
    await expect.poll(() => launcher.getAttribute('aria-expanded')).toBe('false');
    expect(await shadowFocus(page)).toBe('button.l');
    expect(await hostEscapes()).toBe(0);

    // Open again, focus the launcher (it now reads "close"), Esc: closed as well.
    await page.keyboard.press('Enter');
    await expect.poll(() => launcher.getAttribute('aria-expanded')).toBe('true');
    await launcher.focus();
    await page.keyboard.press('Escape');
    await expect.poll(() => launcher.getAttribute('aria-expanded')).toBe('false');
    expect(await page.locator('[data-kefu] [role=dialog]').isVisible()).toBe(false);
    expect(await shadowFocus(page)).toBe('button.l');
    expect(await hostEscapes()).toBe(0);
    // With the chat closed, Esc is the page's again.
    await page.keyboard.press('Escape');
    expect(await hostEscapes()).toBe(1);
    await context.close();
  });

  it('keeps what was typed when the chat is closed with Esc and opened again', async () => {
    const context = await fx.browserProfile();
    const page = await context.newPage();
    await page.goto(`${fx.origin}/draft`);
    const launcher = page.locator(W.launcher);
    await launcher.focus();
    await page.keyboard.press('Enter');
    await page.locator(W.textarea).waitFor();
    await expect.poll(() => shadowFocus(page)).toBe('textarea.');
    await page.keyboard.type('Does the blue one come in');
    await page.keyboard.press('Escape');
    await expect.poll(() => launcher.getAttribute('aria-expanded')).toBe('false');
    await page.keyboard.press('Enter');
    await expect.poll(() => shadowFocus(page)).toBe('textarea.');
    expect(await page.locator(W.textarea).inputValue()).toBe('Does the blue one come in');
    await page.keyboard.type(' size 40?');
    await page.keyboard.press('Enter');
    await page.locator(W.mine('Does the blue one come in size 40?')).waitFor();
    expect(await page.locator(W.textarea).inputValue()).toBe('');
    await context.close();
  });
});
