import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing } from '../../../../test/servers.ts';
import en from '../../src/app/strings/en.ts';
import { W, widgetFixture } from './widget-fixture.ts';

const skip = await chromiumMissing();

describe.skipIf(skip)('a chat first opened while the browser is offline, in Chromium', () => {
  let fx: Awaited<ReturnType<typeof widgetFixture>>;
  beforeAll(async () => {
    fx = await widgetFixture();
  });
  afterAll(async () => {
    await fx?.close();
  });

  // Opened in a tunnel, the chat said customer service could not be reached, with a Retry that
  // could not work, and logged a failed connection on the shop's console at each backoff step.
  it('says the shopper is offline, tries nothing until the network is back, then connects', async () => {
    const context = await fx.phoneProfile({ width: 320, height: 568 });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    // The app and its words are in (they load as the page settles), the rest not fetched yet.
    const words = page.waitForResponse((r) => r.url().includes('kefu-en.js'));
    await page.goto(`${fx.origin}/tunnel-open?lang=en&viewport`);
    // Run by the app once fetched: imported here again (as text, which Vitest leaves alone), it has
    // run once this resolves.
    await page.evaluate(`import(${JSON.stringify((await words).url())}).then(() => 1)`);
    await context.setOffline(true);
    await page.locator(W.launcher).click();
    const banner = page.locator('[data-kefu] .banner');
    await banner.getByText(en.offline).waitFor();
    expect(await banner.textContent()).not.toContain(en.failed);
    await page.locator(W.textarea).fill('is this in stock?');
    await page.locator(W.textarea).press('Enter');
    await page.locator('[data-kefu] .row.pending').getByText(en.willSend).waitFor();
    expect(errors.filter((e) => e.includes('WebSocket'))).toEqual([]);
    await context.setOffline(false);
    await page.locator(W.mine('is this in stock?')).waitFor();
    await expect.poll(() => banner.count()).toBe(0);
    await context.close();
  });
});
