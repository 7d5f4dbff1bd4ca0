import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryStore } from '@kefu/sdk';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { builtWidget } from '../../../packages/widget/scripts/built-widget.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../test/servers.ts';
import { type Demo, startDemo, WIDGET_DIST } from '../src/server.ts';

/**
 * Puts the widget built for the current sources where the demo serves it from (tests run on what a
 * shopper gets): a `dist/` older than its sources, or than the client it bundles, was served stale.
 */
export async function ensureWidgetBuilt(): Promise<void> {
  const built = await builtWidget();
  const stamp = join(WIDGET_DIST, '.built-from');
  if ((await readFile(stamp, 'utf8').catch(() => '')) === built) return;
  await cp(built, WIDGET_DIST, { recursive: true });
  await writeFile(stamp, built);
}

/**
 * The demo on a free port, restartable on the same port with the same store and secret (a hub
 * restart the clients must survive), plus a fresh Chromium profile per shopper.
 */
export async function demoFixture() {
  await ensureWidgetBuilt();
  const store = createMemoryStore();
  const secret = 'demo-test-secret-0123456789';
  // Around the clock: the tests hand shoppers to a person whatever the hour they run at.
  let demo: Demo = await startDemo({ port: 0, store, secret, agentHours: null });
  const port = demo.port;
  const dirs: string[] = [];
  const contexts: BrowserContext[] = [];
  const agentBrowser: Browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  return {
    get demo() {
      return demo;
    },
    async restartHub(whileDown?: () => Promise<void>) {
      await demo.close();
      await whileDown?.();
      demo = await startDemo({ port, store, secret, agentHours: null });
    },
    /** A shopper's browser: a persistent context on a fresh profile directory. */
    async shopper(options: { viewport?: { width: number; height: number }; mobile?: boolean } = {}) {
      const dir = await mkdtemp(join(tmpdir(), 'kefu-shopper-'));
      dirs.push(dir);
      const context = await chromium.launchPersistentContext(dir, {
        executablePath: CHROMIUM_PATH,
        args: CHROMIUM_ARGS,
        viewport: options.viewport ?? { width: 1280, height: 800 },
        // Reduced motion on the phone: no opening animation, so the panel's box is final at once.
        ...(options.mobile
          ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2, reducedMotion: 'reduce' as const }
          : {}),
        locale: 'zh-CN',
      });
      contexts.push(context);
      return context;
    },
    async agent(): Promise<Page> {
      const page = await (
        await agentBrowser.newContext({ viewport: { width: 1280, height: 800 } })
      ).newPage();
      await page.goto(demo.agentUrl);
      await page.click('#signin button[type=submit]');
      await page.locator('#desk').waitFor();
      return page;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await agentBrowser.close().catch(() => {});
      await demo.close();
      for (const dir of dirs) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Widget locators (Playwright's CSS locators pierce open shadow roots). */
export const W = {
  launcher: '[data-kefu] button.l',
  panel: '[data-kefu] [role=dialog]',
  textarea: '[data-kefu] textarea',
  mine: (text: string) => `[data-kefu] .row.me .bubble >> text="${text}"`,
  theirs: (text: string) => `[data-kefu] .row.them .bubble >> text="${text}"`,
};

/** Presses a simulator button on a demo order page and waits for the order system's answer (the hub's, per event). */
export async function simulate(page: Page, label: string): Promise<string> {
  const result = page.locator('#sim-result');
  await result.evaluate((el) => {
    el.textContent = '';
  });
  await page.getByRole('button', { name: label, exact: true }).click();
  await result.filter({ hasText: /\d{3} / }).waitFor();
  return (await result.textContent()) ?? '';
}
