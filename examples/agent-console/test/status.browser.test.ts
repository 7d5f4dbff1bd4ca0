import type { Browser, Page } from 'playwright-core';
import { afterEach, beforeEach, describe, it } from 'vitest';
import { cuttableProxy } from '../../../packages/sdk/src/testing/cuttable-proxy.ts';
import { chromiumMissing } from '../../../test/servers.ts';
import { releaseChromium, sharedChromium } from '../../../test/shared-chromium.ts';
import { DEMO_AGENTS } from '../../shop/src/hub.ts';
import { startConsoleServer, until } from './console-fixture.ts';

const skip = await chromiumMissing();

describe.skipIf(skip)('the agent’s status across two console tabs (Chromium)', () => {
  let fx: Awaited<ReturnType<typeof startConsoleServer>>;
  let net: Awaited<ReturnType<typeof cuttableProxy>>;
  let browser: Browser;

  beforeEach(async () => {
    fx = await startConsoleServer();
    net = await cuttableProxy('127.0.0.1', Number(new URL(fx.origin).port));
    browser = await sharedChromium();
  });
  afterEach(async () => {
    if (browser) await releaseChromium(browser);
    await net?.close();
    await fx?.close();
  });

  /** Mei's console at `origin`, signed in and connected. */
  async function meiAt(origin: string): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(`${origin}/console?lang=zh`);
    await page.locator(`[data-token="${DEMO_AGENTS[0]!.token}"]`).click();
    await page.locator('header.top .conn-open').waitFor();
    return page;
  }

  const meiOnline = () => fx.hub.onlineAgents().some((a) => a.id === DEMO_AGENTS[0]!.id);

  it('shows 离开 chosen in one tab in the other, and keeps it when that one reconnects', async () => {
    const a = await meiAt(fx.origin);
    const b = await meiAt(`http://127.0.0.1:${net.port}`);
    await a.locator('.status-pick select').selectOption('away');
    await b.locator('.status-pick select[data-status="away"]').waitFor();

    await net.cut();
    await b.locator('header.top .conn-reconnecting').waitFor();
    await net.restore();
    await b.locator('header.top .conn-open').waitFor();
    await b.locator('.status-pick select[data-status="away"]').waitFor();
    await until(() => !meiOnline(), 'Mei away at the hub');

    // A third tab opened while away starts away.
    const c = await meiAt(fx.origin);
    await c.locator('.status-pick select[data-status="away"]').waitFor();
    await until(() => !meiOnline(), 'Mei still away at the hub');
  });
});
