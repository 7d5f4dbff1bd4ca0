import { createShopperClient, memoryStorage, type ShopperClient } from '@kefu/sdk/client';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumMissing } from '../../../test/servers.ts';
import { DEMO_AGENTS } from '../../shop/src/hub.ts';
import { startConsoleServer, until } from './console-fixture.ts';

const skip = await chromiumMissing();

describe.skipIf(skip)('the shopper’s presence in the console (Chromium)', () => {
  let fx: Awaited<ReturnType<typeof startConsoleServer>>;
  let browser: Browser;
  let shopper: ShopperClient | undefined;

  beforeAll(async () => {
    fx = await startConsoleServer();
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    shopper?.close();
    await browser?.close().catch(() => {});
    await fx?.close();
  });

  it('shows no green dot once the shopper has left', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(`${fx.origin}/console?lang=en`);
    await page.locator(`[data-token="${DEMO_AGENTS[0]!.token}"]`).click();
    await page.locator('header.top .conn-open').waitFor();
    shopper = createShopperClient({
      url: fx.hubUrl,
      siteKey: 'demo',
      locale: 'en',
      storage: memoryStorage(),
      WebSocket,
      origin: fx.origin,
    });
    shopper.connect();
    shopper.send('I want a human');
    const client = shopper;
    await until(() => client.state?.status === 'assigned', 'the shopper to be assigned');
    const id = shopper.conversationId!;
    await page.locator(`.conv-tab[data-conversation="${id}"] [role=tab]`).click();
    const dot = page.locator(`.conv-tab[data-conversation="${id}"] .dot`);
    const dotLook = () =>
      dot.evaluate((el) => {
        const s = getComputedStyle(el);
        return `${s.backgroundColor} ${s.boxShadow}`;
      });
    await page.locator('[data-presence=online]').waitFor();
    const green = await dotLook();
    expect(green).toContain('rgb(22, 163, 74)');
    shopper.close();
    await page.locator('[data-presence=left]').waitFor();
    // The tab's dot no longer says "online" (green) beside the header's "Shopper left".
    const left = await dotLook();
    expect(left).not.toContain('rgb(22, 163, 74)');
    expect(left).toContain('rgb(148, 163, 184)');
    await expect(
      page.locator(`.conv-tab[data-conversation="${id}"] [role=tab]`).textContent(),
    ).resolves.toContain('Shopper left');
  });
});
