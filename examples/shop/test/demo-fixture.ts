import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createMemoryStore } from '@kefu/sdk';
import type { BrowserContext, Page } from 'playwright-core';
import { builtWidget } from '../../../packages/widget/scripts/built-widget.ts';
import { sharedChromium } from '../../../test/shared-chromium.ts';
import { type Demo, startDemo, WIDGET_DIST } from '../src/server.ts';

/**
 * Puts the widget built for the current sources where the demo serves it from (tests run on what a
 * shopper gets): a `dist/` older than its sources, or than the client it bundles, was served stale.
 * Each file lands by rename, whole: a demo in another worker may be serving the folder meanwhile
 * (the same build, copied by both), and a file rewritten in place was served half written.
 */
export async function ensureWidgetBuilt(): Promise<void> {
  const built = await builtWidget();
  const stamp = join(WIDGET_DIST, '.built-from');
  if ((await readFile(stamp, 'utf8').catch(() => '')) === built) return;
  await mkdir(WIDGET_DIST, { recursive: true });
  const land = async (name: string, write: (to: string) => Promise<void>) => {
    const temporary = join(WIDGET_DIST, `.${name}.${process.pid}.${randomUUID()}`);
    await write(temporary);
    await rename(temporary, join(WIDGET_DIST, name));
  };
  for (const name of await readdir(built)) await land(name, (to) => copyFile(join(built, name), to));
  await land('.built-from', (to) => writeFile(to, built));
}

/**
 * The demo on a free port, restartable on the same port with the same store and secret (a hub
 * restart the clients must survive), plus a fresh Chromium profile per shopper: a context of the
 * worker's shared Chromium, not a Chromium of its own (a launch cost a second or two of CPU each).
 */
export async function demoFixture() {
  await ensureWidgetBuilt();
  const store = createMemoryStore();
  const secret = 'demo-test-secret-0123456789';
  // Around the clock: the tests hand shoppers to a person whatever the hour they run at.
  let demo: Demo = await startDemo({ port: 0, store, secret, agentHours: null });
  const port = demo.port;
  const contexts: BrowserContext[] = [];
  return {
    get demo() {
      return demo;
    },
    async restartHub(whileDown?: () => Promise<void>) {
      await demo.close();
      await whileDown?.();
      demo = await startDemo({ port, store, secret, agentHours: null });
    },
    /** A shopper's browser: a profile of its own, empty. */
    async shopper(options: { viewport?: { width: number; height: number }; mobile?: boolean } = {}) {
      const context = await (await sharedChromium()).newContext({
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
      const context = await (await sharedChromium()).newContext({ viewport: { width: 1280, height: 800 } });
      contexts.push(context);
      const page = await context.newPage();
      await page.goto(demo.agentUrl);
      await page.click('#signin button[type=submit]');
      await page.locator('#desk').waitFor();
      return page;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await demo.close();
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
