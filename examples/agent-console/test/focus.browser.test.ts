import { createShopperClient, memoryStorage, type ShopperClient } from '@kefu/sdk/client';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumMissing } from '../../../test/servers.ts';
import { DEMO_AGENTS } from '../../shop/src/hub.ts';
import { startConsoleServer, until } from './console-fixture.ts';

const skip = await chromiumMissing();

describe.skipIf(skip)('focus when a conversation leaves the desk (Chromium)', () => {
  let fx: Awaited<ReturnType<typeof startConsoleServer>>;
  let browser: Browser;
  const shoppers: ShopperClient[] = [];

  beforeEach(async () => {
    fx = await startConsoleServer();
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  });
  afterEach(async () => {
    for (const s of shoppers.splice(0)) s.close();
    await browser?.close().catch(() => {});
    await fx?.close();
  });

  async function signIn(agent: number): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(`${fx.origin}/console?lang=en`);
    await page.locator(`[data-token="${DEMO_AGENTS[agent]!.token}"]`).click();
    await page.locator('header.top .conn-open').waitFor();
    return page;
  }

  /** A shopper who asks for a person and gets one; the conversation's id. */
  async function assigned(): Promise<string> {
    const shopper = createShopperClient({
      url: fx.hubUrl,
      siteKey: 'demo',
      locale: 'en',
      storage: memoryStorage(),
      WebSocket,
      origin: fx.origin,
    });
    shoppers.push(shopper);
    shopper.connect();
    shopper.send('I want a human');
    await until(() => shopper.state?.status === 'assigned', 'the shopper to be assigned');
    return shopper.conversationId!;
  }

  const focused = (page: Page) => page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);

  /** Transfers the conversation shown to Lei from the keyboard: Transfer, then OK (Lei is picked). */
  async function transferToLei(page: Page, id: string): Promise<void> {
    await page.locator(`#conversation-pane[aria-labelledby="conv-tab-${id}"] .actions button`).first().focus();
    await page.keyboard.press('Enter');
    const dialog = page.locator('[role=dialog]');
    await dialog.getByRole('combobox').waitFor();
    await dialog.getByRole('button', { name: 'OK' }).focus();
    await page.keyboard.press('Enter');
    await page.locator(`.conv-tab[data-conversation="${id}"]`).waitFor({ state: 'detached' });
  }

  it('goes to the next open conversation’s reply box after a transfer, and to the inbox after the last', async () => {
    const mei = await signIn(0);
    const first = await assigned();
    const second = await assigned();
    await mei.locator(`#conv-tab-${second}`).waitFor();
    await signIn(1);
    await mei.locator(`#conv-tab-${first}`).click();
    await transferToLei(mei, first);
    // It fell to <body>: the agent's next Tab started again at the page's header.
    await expect.poll(() => focused(mei)).toBe(`composer-${second}`);
    await transferToLei(mei, second);
    await expect.poll(() => focused(mei)).toBe('inbox-panel');
  });
});
