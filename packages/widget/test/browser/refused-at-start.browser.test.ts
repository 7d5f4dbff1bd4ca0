import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing } from '../../../../test/servers.ts';
import en from '../../src/app/strings/en.ts';
import { openWidget, send, W, widgetFixture } from './widget-fixture.ts';

const skip = await chromiumMissing();
const BANNER = '[data-kefu] .banner';
const STATE_LINE = '[data-kefu] .head .state';

// A shopper whose very first connection never gets in: the chat must say so, not sit silent.
describe.skipIf(skip)('the widget refused before it ever connected, in Chromium', () => {
  let fx: Awaited<ReturnType<typeof widgetFixture>>;
  /** A server that takes connections and drops every upgrade: a hub that is not (yet) there. */
  let nothing: Server;
  let nowhere = '';
  beforeAll(async () => {
    fx = await widgetFixture();
    nothing = createServer((_req, res) => res.writeHead(502).end());
    nothing.on('upgrade', (_req, socket) => socket.destroy());
    await new Promise<void>((resolve) => nothing.listen(0, '127.0.0.1', resolve));
    nowhere = `ws://127.0.0.1:${(nothing.address() as AddressInfo).port}/kefu`;
  });
  afterAll(async () => {
    nothing?.closeAllConnections();
    await new Promise<void>((resolve) => (nothing ? nothing.close(() => resolve()) : resolve()));
    await fx?.close();
  });

  it('says it cannot reach customer service when the hub is unreachable, and its Retry gets in once it is back', async () => {
    const context = await fx.browserProfile();
    const page = await context.newPage();
    // The page's hub address goes to the server that drops upgrades, until the test lets them through.
    let reachable = false;
    await page.routeWebSocket(/\/kefu/, (ws) => {
      if (reachable) ws.connectToServer();
      else void ws.close({ code: 1006 }).catch(() => {});
    });
    await page.goto(`${fx.origin}/nowhere`);
    await openWidget(page);
    await page.locator(BANNER).filter({ hasText: en.failed }).waitFor({ timeout: 30_000 });
    // The header claims no "replies instantly" beside it (finding, QA as a shopper, 2026-12-05).
    expect(await page.locator(STATE_LINE).count()).toBe(0);
    // In dark mode too the Retry is written in the banner's colour (the muted grey is for the panel's dark background).
    await page.emulateMedia({ colorScheme: 'dark' });
    const colours = await page
      .locator(BANNER)
      .getByRole('button', { name: en.retry })
      .evaluate((button) => [getComputedStyle(button).color, getComputedStyle(button.parentElement!).color]);
    expect(colours[0]).toBe(colours[1]);
    reachable = true;
    // The widget's own backoff may get in before the click lands (on a busy machine it did, and the
    // Retry was gone from the page): either way the banner goes once the hub is back.
    const retried = page.locator(BANNER).getByRole('button', { name: en.retry }).click();
    retried.catch(() => {});
    await Promise.race([retried, page.locator(BANNER).waitFor({ state: 'detached', timeout: 30_000 })]);
    await page.locator(BANNER).waitFor({ state: 'detached', timeout: 30_000 });
    expect(await page.locator(STATE_LINE).textContent()).toBe(en.stateBot);
    await send(page, 'in at last');
    await context.close();
  });

  it('says so when the hub drops the first upgrade, with no banner left silent', async () => {
    const context = await fx.browserProfile();
    const page = await context.newPage();
    await page.goto(`${fx.origin}/nowhere?hub=${encodeURIComponent(nowhere)}`);
    await openWidget(page);
    await page.locator(BANNER).filter({ hasText: en.failed }).waitFor({ timeout: 30_000 });
    expect(await page.locator(W.textarea).isVisible()).toBe(true);
    await context.close();
  });

  it('says the site refused it (another origin), with no Retry: one would be refused again', async () => {
    const context = await fx.browserProfile();
    const page = await context.newPage();
    // The hub lets in http://127.0.0.1:* only.
    await page.goto(`${fx.origin.replace('127.0.0.1', 'localhost')}/other-site`);
    await openWidget(page);
    await page.locator(`${BANNER}.bad`).filter({ hasText: en.failed }).waitFor({ timeout: 30_000 });
    expect(await page.locator(BANNER).getByRole('button').count()).toBe(0);
    await context.close();
  });
});
