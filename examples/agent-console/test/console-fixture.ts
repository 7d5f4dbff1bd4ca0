import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMemoryStore, type HubOptions } from '@kefu/sdk';
import { createShopperClient, memoryStorage, type ShopperClient } from '@kefu/sdk/client';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import WebSocket from 'ws';
import { releaseChromium, reusablePage, sharedChromium } from '../../../test/shared-chromium.ts';
import { createDemoHub, DEMO_AGENTS } from '../../shop/src/hub.ts';
import { createConsoleHandler } from '../src/serve.ts';

/**
 * The demo hub (memory store) and the console on one HTTP server on a free port, with the hub's
 * `/metrics` (and its photo routes, given `images`) mounted as the demo server will: what a shift
 * runs against.
 * @example
 * const fx = await startConsoleServer();
 * await page.goto(`${fx.origin}/console`);
 */
export type ConsoleServer = Awaited<ReturnType<typeof startConsoleServer>>;

export async function startConsoleServer(extra: Partial<HubOptions> = {}) {
  const origin = { value: '' };
  const hub = createDemoHub({
    origins: ['http://127.0.0.1:*', 'https://shop.test'],
    store: createMemoryStore(),
    // Around the clock: the tests hand shoppers to a person whatever the hour they run at.
    agentHours: null,
    extra,
  });
  const consoleHandler = createConsoleHandler({
    agents: DEMO_AGENTS.map((a) => ({ id: a.id, name: a.name, groups: [...a.groups] })),
    demoTokens: DEMO_AGENTS.map((a) => ({ name: a.name, token: a.token })),
  });
  const server = createServer((req, res) => {
    if (new URL(req.url ?? '/', 'http://x').pathname === '/metrics') return void hub.serveMetrics(req, res);
    // The photo routes (upload, signed image URLs) when the test gives the hub `images`.
    (hub.images ? hub.images.handle(req, res) : Promise.resolve(false))
      .then((done) => done || consoleHandler(req, res))
      .then((done) => {
        if (!done) res.writeHead(404).end();
      })
      .catch(() => res.writeHead(500).end());
  });
  hub.attach(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  origin.value = `http://127.0.0.1:${port}`;
  return {
    hub,
    origin: origin.value,
    hubUrl: `ws://127.0.0.1:${port}/kefu`,
    async close() {
      await hub.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Resolves when `check` holds, polling on real time (the hub and Chromium run on their own clocks). */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000) {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * A demo shopper (English) who asks for a person and gets one, added to `shoppers` for the test
 * to close; `onConnect` runs before it connects (to listen for messages from the start).
 * @example
 * const shopper = await assignedShopper(fx, shoppers);
 */
export function assignedShopper(
  fx: { hubUrl: string; origin: string },
  shoppers: ShopperClient[],
  onConnect: (shopper: ShopperClient) => void = () => {},
): Promise<ShopperClient> {
  return shopperAskingForAPerson(fx, shoppers, 'assigned', onConnect);
}

/**
 * A demo shopper (English) who asks for a person, once their conversation reaches `status`
 * (`queued` while every agent is busy, `ticket` while nobody can take it), added to `shoppers`.
 * @example
 * const waiting = await shopperAskingForAPerson(fx, shoppers, 'queued');
 */
export async function shopperAskingForAPerson(
  fx: { hubUrl: string; origin: string },
  shoppers: ShopperClient[],
  status: 'assigned' | 'queued' | 'ticket',
  onConnect: (shopper: ShopperClient) => void = () => {},
): Promise<ShopperClient> {
  const shopper = createShopperClient({
    url: fx.hubUrl,
    siteKey: 'demo',
    locale: 'en',
    storage: memoryStorage(),
    WebSocket,
    origin: fx.origin,
  });
  shoppers.push(shopper);
  onConnect(shopper);
  shopper.connect();
  shopper.send('I want a human');
  await until(() => shopper.state?.status === status, `the shopper's conversation to be ${status}`);
  return shopper;
}

/**
 * Registers the hooks of a console test: the console server (`hub` options for the demo hub) and
 * Chromium, started for each test (`each`) or once for the file, and closed after with the
 * shoppers the test pushed to `shoppers`. Call inside `describe`.
 * @example
 * const shift = consoleShift({ each: true });
 * const page = await shift.signIn(0);
 */
export function consoleShift(options: { each?: boolean; hub?: Partial<HubOptions> } = {}) {
  let fx: ConsoleServer | undefined;
  let browser: Browser | undefined;
  /** The first page signed in since the hook started the server: left, reset, to the next test. */
  let first: Page | undefined;
  const shoppers: ShopperClient[] = [];
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('consoleShift: used outside a test');
    return value;
  };
  (options.each ? beforeEach : beforeAll)(async () => {
    fx = await startConsoleServer(options.hub);
    browser = await sharedChromium();
  });
  (options.each ? afterEach : afterAll)(async () => {
    for (const s of shoppers.splice(0)) s.close();
    if (browser) await releaseChromium(browser, first);
    first = undefined;
    await fx?.close();
  });
  return {
    get fx(): ConsoleServer {
      return started(fx);
    },
    get browser(): Browser {
      return started(browser);
    },
    shoppers,
    /** Demo agent `agent` signed in to the console (at `origin`, the server's own by default). */
    async signIn(
      agent = 0,
      view: { width?: number; height?: number; lang?: 'en' | 'zh'; origin?: string } = {},
    ): Promise<Page> {
      const { width = 1280, height = 800, lang = 'en', origin = started(fx).origin } = view;
      // Later pages in a test get fresh contexts: another agent, or another tab with storage of its own.
      const page = first
        ? await (await started(browser).newContext({ viewport: { width, height } })).newPage()
        : await reusablePage(started(browser), { width, height });
      first ??= page;
      await page.goto(`${origin}/console?lang=${lang}`);
      await page.locator(`[data-token="${DEMO_AGENTS[agent]!.token}"]`).click();
      await page.locator('header.top .conn-open').waitFor();
      return page;
    },
  };
}
