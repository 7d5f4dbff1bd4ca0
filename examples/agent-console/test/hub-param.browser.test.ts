import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { until } from '../../../packages/sdk/src/testing/until.ts';
import { chromiumMissing } from '../../../test/servers.ts';
import { releaseChromium, sharedChromium } from '../../../test/shared-chromium.ts';
import { DEMO_AGENTS } from '../../shop/src/hub.ts';
import { bundleConsole } from '../src/bundle.ts';
import { createConsoleHandler } from '../src/serve.ts';
import { startConsoleServer } from './console-fixture.ts';

const skip = await chromiumMissing();
const TOKEN = DEMO_AGENTS[0]!.token;

/** A WebSocket server that is not the console's hub: it records every connection and message. */
async function startForeignHub() {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const seen = { connections: 0, messages: [] as string[] };
  server.on('connection', (ws) => {
    seen.connections++;
    ws.on('message', (data) => seen.messages.push(data.toString()));
  });
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/kefu`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Signs in by typing the token, as an agent would after following a link. */
async function typeToken(page: Page): Promise<void> {
  await page.locator('#token').fill(TOKEN);
  await page.locator('main.sign-in button[type=submit]').click();
}

describe.skipIf(skip)('the console’s ?hub= parameter (Chromium)', () => {
  let browser: Browser;
  let fx: Awaited<ReturnType<typeof startConsoleServer>>;
  let foreign: Awaited<ReturnType<typeof startForeignHub>>;
  const bundle = bundleConsole();

  beforeAll(async () => {
    [fx, foreign] = await Promise.all([startConsoleServer(), startForeignHub()]);
    browser = await sharedChromium();
  });
  afterAll(async () => {
    if (browser) await releaseChromium(browser);
    await fx?.close();
    await foreign?.close();
  });

  it('never sends the agent’s token to a hub the console does not list, typed or remembered', async () => {
    const page = await (await browser.newContext()).newPage();
    const link = `${fx.origin}/console?lang=en&hub=${encodeURIComponent(foreign.url)}`;
    await page.goto(link);
    await expect(page.locator('.hub-ignored').textContent()).resolves.toContain(foreign.url);
    await typeToken(page);
    // Signed in where the console's server says its hub is: the foreign hub was never asked.
    await page.locator('header.top .conn-open').waitFor();
    // The tab remembers the token: opening the link again signs in by itself, without a click.
    await page.goto(link);
    await page.locator('header.top .conn-open').waitFor();
    await expect(page.locator('.hub-ignored').isVisible()).resolves.toBe(true);
    expect(foreign.seen).toEqual({ connections: 0, messages: [] });
    await page.context().close();
  });

  it('uses a hub the console’s config lists when ?hub= names it', async () => {
    const handler = createConsoleHandler({ bundle, hubs: [foreign.url] });
    const server = createServer((req, res) => void handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    try {
      const page = await (await browser.newContext()).newPage();
      const { port } = server.address() as AddressInfo;
      await page.goto(`http://127.0.0.1:${port}/console?lang=en&hub=${encodeURIComponent(foreign.url)}`);
      await typeToken(page);
      await until(() => foreign.seen.messages.length > 0, 'the listed hub to get a hello');
      expect(JSON.parse(foreign.seen.messages[0]!)).toMatchObject({
        type: 'hello',
        role: 'agent',
        token: TOKEN,
      });
      expect(await page.locator('.hub-ignored').count()).toBe(0);
      await page.context().close();
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
