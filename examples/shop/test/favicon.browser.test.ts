import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing } from '../../../test/servers.ts';
import { demoFixture } from './demo-fixture.ts';

const skip = await chromiumMissing();

/** Whether the page names an icon and Chromium, under the page's CSP, can draw it. */
const iconDrawn = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<boolean>((resolve) => {
        const link = document.querySelector<HTMLLinkElement>('link[rel=icon]');
        if (!link) return resolve(false);
        const img = new Image();
        img.onload = () => resolve(img.naturalWidth > 0);
        img.onerror = () => resolve(false);
        img.src = link.href;
      }),
  );

describe.skipIf(skip)('the demo’s icon', () => {
  let fx: Awaited<ReturnType<typeof demoFixture>>;
  beforeAll(async () => {
    fx = await demoFixture();
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('gives every page an icon its CSP admits, and no request of any page fails', async () => {
    const context = await fx.shopper();
    const base = fx.demo.shopUrl;
    for (const path of ['', 'p/merino-cardigan?lang=en', 'orders', 'agent', 'console', 'console/dashboard']) {
      const page = await context.newPage();
      const failed: string[] = [];
      page.on('response', (res) => {
        if (res.status() >= 400) failed.push(`${res.status()} ${new URL(res.url()).pathname}`);
      });
      await page.goto(base + path, { waitUntil: 'load' });
      expect(await iconDrawn(page), path || '/').toBe(true);
      expect(failed, path || '/').toEqual([]);
      await page.close();
    }
  });

  it('answers /favicon.ico with the icon for whatever asks the conventional path', async () => {
    const res = await fetch(`${fx.demo.shopUrl}favicon.ico`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(await res.text()).toMatch(/^<svg /);
  });
});
